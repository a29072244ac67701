#!/usr/bin/env bash
# Installs what .ci/extra-fuzz.sh needs when missing: afl++ (Debian package) and the SharpFuzz instrumentation tool
# (a local dotnet tool pinned in .config/dotnet-tools.json).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v afl-fuzz >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "afl-fuzz is missing and this is not root: install afl++ (apt-get install afl++)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends afl++ >/dev/null
fi

dotnet tool restore >/dev/null
