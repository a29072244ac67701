#!/usr/bin/env bash
# Native AOT: publish tests/Cocoa.Sdk.AotSmoke for linux-x64 (the whole SDK rooted; any trim/AOT warning is an error)
# and run it: official derivation vectors, BLE codec and calibration, export parsing with signature, matching.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet publish tests/Cocoa.Sdk.AotSmoke -c Release -r linux-x64 -o "$out" --nologo -v quiet
"$out/Cocoa.Sdk.AotSmoke" --require-aot
