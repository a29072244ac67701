#!/usr/bin/env bash
# Runs tests/Cocoa.Sdk.PortabilityChecks (official EN vectors + fast/portable/BouncyCastle cross-checks) natively,
# then publishes it self-contained for linux-arm64 and runs it under qemu-aarch64-static, requiring the ARMv8
# AES/SHA-256 backend (emulated speed is meaningless; correctness is real). Needs .ci/setup-qemu.sh on x86-64.
set -euo pipefail
cd "$(dirname "$0")/.."
project=tests/Cocoa.Sdk.PortabilityChecks

echo "== portability checks, native ($(uname -m))"
dotnet run --project "$project" -c Release --no-build -- --random 200

case "$(uname -m)" in
  aarch64|arm64) exit 0 ;;
esac
if ! command -v qemu-aarch64-static >/dev/null 2>&1; then
  echo "qemu-aarch64-static missing: run .ci/setup-qemu.sh" >&2
  exit 1
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "== publishing $project for linux-arm64"
dotnet publish "$project" -c Release -r linux-arm64 --self-contained -o "$out" -v quiet -nologo
echo "== portability checks, linux-arm64 under qemu"
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 qemu-aarch64-static "$out/Cocoa.Sdk.PortabilityChecks" --require Arm64 --random 50
