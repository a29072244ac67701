#!/usr/bin/env bash
# Installs (if missing) PostgreSQL's server binaries for the storage test suites. Nothing is started here and no role is
# created: each test process starts its own throw-away server with initdb + pg_ctl on a free 127.0.0.1 port
# (tests/Cocoa.TestInfrastructure/PrivatePostgresServer.cs; as root it runs as `nobody`) and stops it at the end.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "PostgreSQL binaries present: $(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# Debian's package would create and start a system cluster "main"; the tests do not use one.
mkdir -p /etc/postgresql-common/createcluster.d
echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/cocoa-no-main-cluster.conf
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql >/dev/null
ls -d /usr/lib/postgresql/*/bin >/dev/null
echo "installed PostgreSQL binaries: $(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
