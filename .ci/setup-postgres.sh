#!/usr/bin/env bash
# Installs (if missing) and starts PostgreSQL on 127.0.0.1:5432 with role/password "cocoa", for the storage test suites.
# Tests read the connection string from COCOA_TEST_POSTGRES, default:
#   Host=127.0.0.1;Port=5432;Username=cocoa;Password=cocoa;Database=postgres
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$ver main$"; then
  pg_createcluster "$ver" main >/dev/null
fi
if ! pg_lsclusters -h | grep -q "^$ver main .* online"; then
  pg_ctlcluster "$ver" main start
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p 5432
runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cocoa') THEN
    CREATE ROLE cocoa LOGIN SUPERUSER PASSWORD 'cocoa';
  END IF;
END \$\$;" >/dev/null
echo "PostgreSQL $ver ready on 127.0.0.1:5432 (role cocoa)"
