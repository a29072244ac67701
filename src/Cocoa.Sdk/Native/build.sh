#!/usr/bin/env bash
# Builds libcocoa_crypto.so (the X86ShaNi crypto backend, see cocoa_crypto.c) for linux-x64 with gcc, deterministically:
# no debug information, no paths, fixed flags, so the same compiler gives the same bytes.
#   build.sh           rebuild linux-x64/libcocoa_crypto.so (commit the result with the source change)
#   build.sh --verify  rebuild into a temporary file and compare it with the committed library: byte-identical when the
#                      compiler is the one recorded in the library's .comment section; with another gcc a difference is
#                      reported but not fatal (the test suite checks the committed library's results either way),
#                      unless COCOA_REQUIRE_NATIVE_VERIFY=1 (set by CI): then a missing gcc or another gcc fails too.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/linux-x64/libcocoa_crypto.so"
flags=(-std=c11 -O2 -g0 -fPIC -shared -fvisibility=hidden -fno-plt -Wall -Wextra -Werror -Wl,--build-id=sha1 -Wl,-z,relro,-z,now -Wl,-z,noexecstack -s)

case "$(uname -m)" in
  x86_64|amd64) ;;
  *) echo "build.sh: builds for x86-64 only (uname -m: $(uname -m))" >&2; exit 1 ;;
esac
if ! command -v gcc >/dev/null; then
  # Verification is a check of the committed file; without a compiler there is nothing to compare with.
  if [ "${1:-}" = "--verify" ]; then
    [ "${COCOA_REQUIRE_NATIVE_VERIFY:-}" = "1" ] && { echo "build.sh: gcc not found; COCOA_REQUIRE_NATIVE_VERIFY=1 requires the comparison" >&2; exit 1; }
    echo "build.sh: warning: gcc not found, committed library not re-verified"; exit 0
  fi
  echo "build.sh: gcc not found" >&2; exit 1
fi

build() { (cd "$here" && gcc "${flags[@]}" -o "$1" cocoa_crypto.c); }

if [ "${1:-}" = "--verify" ]; then
  [ -f "$out" ] || { echo "build.sh: $out missing" >&2; exit 1; }
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  build "$tmp/libcocoa_crypto.so"
  if cmp -s "$tmp/libcocoa_crypto.so" "$out"; then
    echo "build.sh: committed libcocoa_crypto.so is byte-identical to a fresh build ($(gcc -dumpfullversion))"
    exit 0
  fi
  recorded=$(readelf -p .comment "$out" 2>/dev/null | grep -o 'GCC: .*' | head -1 || true)
  current=$(readelf -p .comment "$tmp/libcocoa_crypto.so" 2>/dev/null | grep -o 'GCC: .*' | head -1 || true)
  if [ "$recorded" = "$current" ]; then
    echo "build.sh: committed libcocoa_crypto.so differs from a fresh build with the same compiler ($current): rebuild and commit it" >&2
    exit 1
  fi
  if [ "${COCOA_REQUIRE_NATIVE_VERIFY:-}" = "1" ]; then
    echo "build.sh: the committed library was built by '$recorded', this machine has '$current': COCOA_REQUIRE_NATIVE_VERIFY=1 requires the same compiler" >&2
    exit 1
  fi
  echo "build.sh: warning: the committed library was built by '$recorded', this machine has '$current'; bytes not compared"
  exit 0
fi

mkdir -p "$(dirname "$out")"
build "$out"
echo "build.sh: wrote $out ($(sha256sum "$out" | cut -d' ' -f1))"
