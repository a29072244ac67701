#!/usr/bin/env bash
# Installs (if missing) user-mode qemu and the arm64 C runtime libraries, so .ci/extra-arm64.sh can run the
# self-contained linux-arm64 build of tests/Cocoa.Sdk.PortabilityChecks on an x86-64 machine.
set -euo pipefail
case "$(uname -m)" in
  x86_64|amd64) ;;
  *) echo "not x86-64; qemu not needed"; exit 0 ;;
esac
if command -v qemu-aarch64-static >/dev/null 2>&1 && [ -e /lib/ld-linux-aarch64.so.1 ] \
   && ls /usr/lib/aarch64-linux-gnu/libssl.so.3 /usr/lib/aarch64-linux-gnu/libstdc++.so.6 >/dev/null 2>&1; then
  echo "qemu-aarch64-static and arm64 libraries present"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
dpkg --add-architecture arm64
apt-get update -qq
apt-get install -y -qq --no-install-recommends qemu-user-static libc6:arm64 libstdc++6:arm64 libssl3:arm64 >/dev/null
echo "installed qemu-aarch64-static and arm64 libraries"
