#!/usr/bin/env bash
# Native AOT needs a C toolchain to link: clang (any version the ILCompiler probes, e.g. clang-14 on Debian 12).
set -euo pipefail
if command -v clang >/dev/null 2>&1 || compgen -c | grep -qE '^clang-[0-9]+$'; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends clang lld >/dev/null
