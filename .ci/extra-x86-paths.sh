#!/usr/bin/env bash
# Checks the committed native SHA-NI helper against its source, then re-runs the crypto and matching tests with narrower
# x86 instruction sets, so every backend path runs in CI (the three x86 kinds of docs/benchmarks.md):
#   AVX-512 off  -> AVX2 + SHA-NI: the native X86ShaNi backend is the best one, 8-lane AVX2 kernels without the
#                   AVX-512VL rotate/ternary-logic forms are tested beside it;
#   AVX-512 off and COCOA_SDK_NATIVE_CRYPTO=0 -> AVX2 only: X86Avx2 is the best backend, the helper stays unloaded;
#   AVX2 off     -> X86ShaNi (native) best, scalar managed SHA-256 with AES-NI tested beside it;
#   intrinsics off -> portable System.Security.Cryptography only.
# .NET 10 reads DOTNET_EnableAVX512 (older runtimes DOTNET_EnableAVX512F); both are set.
set -euo pipefail
cd "$(dirname "$0")/.."
case "$(uname -m)" in
  x86_64|amd64) ;;
  *) echo "not x86-64; skipping"; exit 0 ;;
esac

run() {
  echo "== crypto and matching tests with $*"
  env "$@" dotnet test tests/Cocoa.Sdk.Tests -c Release --no-build --filter "FullyQualifiedName~Crypto|FullyQualifiedName~Matching"
}

echo "== native helper: rebuild and compare"
bash src/Cocoa.Sdk/Native/build.sh --verify

run DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0
run DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 COCOA_SDK_NATIVE_CRYPTO=0
run DOTNET_EnableAVX2=0
run DOTNET_EnableHWIntrinsic=0
