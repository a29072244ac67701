#!/usr/bin/env bash
# Installs (if missing) Azurite, the Azure Storage emulator, from the npm registry for the blob-store test suites. Nothing
# is started here: each test process starts its own Azurite on a free 127.0.0.1 port with a temporary location
# (tests/Cocoa.TestInfrastructure/PrivateAzurite.cs) and stops it at the end.
set -euo pipefail
version=3.37.0
if command -v azurite-blob >/dev/null 2>&1 && [ "$(azurite-blob --version 2>/dev/null)" = "$version" ]; then
  echo "Azurite present: $(command -v azurite-blob) $version"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
npm install --global --no-audit --no-fund --loglevel=error "azurite@$version" >/dev/null
echo "installed Azurite: $(command -v azurite-blob) $(azurite-blob --version)"
