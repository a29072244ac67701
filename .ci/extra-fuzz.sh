#!/usr/bin/env bash
# Bounded coverage-guided fuzzing of every parser of untrusted bytes (tests/Cocoa.Sdk.Fuzz, docs/security.md):
# publishes the fuzz program, instruments Cocoa.Sdk.dll (every parser lives there) with SharpFuzz, runs afl-fuzz on
# each target from the checked-in seed corpus for FUZZ_SECONDS_PER_TARGET seconds (default 30, six targets: about
# three minutes), and fails when any input crashes a target. Crashing inputs are kept in artifacts/fuzz-crashes/.
# FUZZ_TARGETS="export config" runs only some targets.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS_PER_TARGET:-30}
read -r -a targets <<<"${FUZZ_TARGETS:-export ble config diagnosis exportlist keysjson}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "afl-fuzz not found: run .ci/setup-fuzz.sh" >&2
  exit 1
fi

dotnet tool restore >/dev/null
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
bin="$work/bin"
dotnet publish tests/Cocoa.Sdk.Fuzz/Cocoa.Sdk.Fuzz.csproj -c Release -o "$bin" --nologo -v quiet >/dev/null
dotnet sharpfuzz "$bin/Cocoa.Sdk.dll" >/dev/null

# dotnet itself is not instrumented (SharpFuzz reports coverage through AFL's shared memory); no UI, no CPU pinning
# (the machine is shared), crashes are detected by the exit status whatever the core_pattern says.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1

mkdir -p "$work/findings"
status=0
for target in "${targets[@]}"; do
  findings="$work/findings/$target"
  if ! afl-fuzz -i "tests/Cocoa.Sdk.Fuzz/Corpus/$target" -o "$findings" -t 5000 -m none -V "$seconds" \
      -- dotnet "$bin/Cocoa.Sdk.Fuzz.dll" "$target" >"$work/$target.log" 2>&1; then
    echo "fuzz $target: afl-fuzz did not run" >&2
    tail -n 40 "$work/$target.log" >&2
    status=1
    continue
  fi

  stats="$findings/default/fuzzer_stats"
  execs=$(awk -F': *' '$1 ~ /^execs_done/ {print $2}' "$stats")
  paths=$(awk -F': *' '$1 ~ /^corpus_count/ {print $2}' "$stats")
  crashes=$(find "$findings/default/crashes" -type f -name 'id:*' | wc -l)
  hangs=$(find "$findings/default/hangs" -type f -name 'id:*' | wc -l)
  echo "fuzz $target: ${seconds}s, $execs executions, $paths corpus entries, $crashes crashes, $hangs hangs"
  if [ "$crashes" -gt 0 ]; then
    mkdir -p "artifacts/fuzz-crashes/$target"
    cp "$findings"/default/crashes/id:* "artifacts/fuzz-crashes/$target/"
    echo "fuzz $target: crashing inputs copied to artifacts/fuzz-crashes/$target (replay: dotnet run --project tests/Cocoa.Sdk.Fuzz -- $target --replay <dir>)" >&2
    status=1
  fi
done

exit $status
