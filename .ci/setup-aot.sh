#!/usr/bin/env bash
# Native AOT needs a C toolchain to link: clang (any version the ILCompiler probes, e.g. clang-14 on Debian 12).
set -euo pipefail
# grep without -q reads the whole list: with -q it stops at the first match, compgen gets SIGPIPE and, under pipefail,
# the pipeline "fails" (141) exactly when clang-N is there.
if command -v clang >/dev/null 2>&1 || compgen -c | grep -E '^clang-[0-9]+$' >/dev/null; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends clang lld >/dev/null
