#!/usr/bin/env bash
# Re-runs the crypto and matching tests with narrower x86 instruction sets, so every backend path runs in CI:
#   AVX-512 off  -> 8-lane AVX2 kernels without the AVX-512VL rotate/ternary-logic forms;
#   AVX2 off     -> AES-NI with scalar managed SHA-256 as the best backend;
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

run DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0
run DOTNET_EnableAVX2=0
run DOTNET_EnableHWIntrinsic=0
