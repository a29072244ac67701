#!/usr/bin/env bash
# Installs (if missing) Debian's nginx for the CDN cache tests. No service is started or enabled: each test starts its
# own nginx as the current user with a temporary configuration, cache directory and free 127.0.0.1 port
# (tests/Cocoa.TestInfrastructure/PrivateNginx.cs), and stops it at the end.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  echo "nginx present: $( (command -v nginx || echo /usr/sbin/nginx) | head -1)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# The package would start a system nginx on port 80; keep services from starting while it installs.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f "$policy"' EXIT
apt-get update -qq
apt-get install -y -qq --no-install-recommends nginx >/dev/null
echo "installed nginx: $(/usr/sbin/nginx -v 2>&1)"
