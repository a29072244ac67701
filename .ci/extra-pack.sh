#!/usr/bin/env bash
# Packaging check: the library packages (Cocoa.Sdk, Cocoa.Sdk.Device, Cocoa.Sdk.Server, Cocoa.Sdk.Simulation) pack with
# README, XML docs, a symbol package and package validation (EnablePackageValidation); each carries only its audience's
# dependencies; Cocoa.Cli packs as the `cocoa` dotnet tool, which installs from the local package and runs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

fail() { echo "extra-pack: $*" >&2; exit 1; }
# Listing into a variable first: with pipefail, `unzip | grep -q` fails when grep exits early.
has() { local files; files=$(unzip -Z1 "$1"); grep -qx "$2" <<<"$files"; }
contains() { local text; text=$(unzip -p "$1" "$2"); grep -qF "$3" <<<"$text"; }

libraries=(Cocoa.Sdk Cocoa.Sdk.Device Cocoa.Sdk.Server Cocoa.Sdk.Simulation)
for lib in "${libraries[@]}"; do
  dotnet pack "src/$lib" -c Release -o "$out/pkg" --nologo -v quiet
done
dotnet pack src/Cocoa.Cli -c Release -o "$out/pkg" --nologo -v quiet

for lib in "${libraries[@]}"; do
  # `|| true`: under set -e a failing ls would end the script before the message below.
  pkg=$(ls "$out"/pkg/"$lib".[0-9]*.nupkg 2>/dev/null || true)
  [ -n "$pkg" ] || fail "no $lib .nupkg"
  [ -f "${pkg%.nupkg}.snupkg" ] || fail "no $lib .snupkg next to $pkg"
  has "$pkg" 'README.md' || fail "README.md missing from $pkg"
  has "$pkg" "lib/net10.0/$lib.dll" || fail "$lib.dll missing from $pkg"
  has "$pkg" "lib/net10.0/$lib.xml" || fail "XML docs missing from $pkg"
  contains "$pkg" "$lib.nuspec" '<readme>README.md</readme>' || fail "$lib nuspec has no <readme>"
  has "${pkg%.nupkg}.snupkg" "lib/net10.0/$lib.pdb" || fail "$lib.pdb missing from the symbol package"
done
sdk=$(ls "$out"/pkg/Cocoa.Sdk.[0-9]*.nupkg)
# The X86ShaNi crypto backend's native helper rides in the core package as a linux-x64 runtime asset, byte-identical to
# the committed build (src/Cocoa.Sdk/Native/build.sh --verify checks that build against its source).
has "$sdk" 'runtimes/linux-x64/native/libcocoa_crypto.so' || fail "libcocoa_crypto.so missing from $sdk"
cmp -s <(unzip -p "$sdk" runtimes/linux-x64/native/libcocoa_crypto.so) src/Cocoa.Sdk/Native/linux-x64/libcocoa_crypto.so \
  || fail "the packed libcocoa_crypto.so differs from src/Cocoa.Sdk/Native/linux-x64/libcocoa_crypto.so"
# Packages by audience: the core and the server package bring no SQLite; only the device package does.
for lib in Cocoa.Sdk Cocoa.Sdk.Server; do
  pkg=$(ls "$out"/pkg/"$lib".[0-9]*.nupkg)
  ! contains "$pkg" "$lib.nuspec" 'Microsoft.Data.Sqlite' || fail "$lib depends on SQLite"
done
contains "$(ls "$out"/pkg/Cocoa.Sdk.Device.[0-9]*.nupkg)" Cocoa.Sdk.Device.nuspec 'Microsoft.Data.Sqlite' || fail "Cocoa.Sdk.Device lost its SQLite dependency"
! contains "$(ls "$out"/pkg/Cocoa.Sdk.Device.[0-9]*.nupkg)" Cocoa.Sdk.Device.nuspec 'Cocoa.Sdk.Server' || fail "the device package references server code"

# The tool packs as .NET 10 RID-specific tool packages: Cocoa.Cli (the DotnetTool package users install, pointing to the
# others), Cocoa.Cli.linux-x64 (ReadyToRun-compiled, only linux-x64 native libraries) and Cocoa.Cli.any (framework-dependent
# IL for every other platform, with SkiaSharp's natives for all of them).
cli=$(ls "$out"/pkg/Cocoa.Cli.[0-9]*.nupkg 2>/dev/null || true)
[ -n "$cli" ] || fail "no Cocoa.Cli .nupkg"
version=$(basename "$cli" .nupkg); version=${version#Cocoa.Cli.}
contains "$cli" Cocoa.Cli.nuspec '<packageType name="DotnetTool"' || fail "Cocoa.Cli is not a DotnetTool package"
has "$cli" 'README.md' || fail "README.md missing from $cli"
contains "$cli" Cocoa.Cli.nuspec '<readme>README.md</readme>' || fail "Cocoa.Cli nuspec has no <readme>"
settings=$(unzip -Z1 "$cli" | grep 'DotnetToolSettings.xml$' || true)
[ -n "$settings" ] || fail "no DotnetToolSettings.xml in $cli"
contains "$cli" "$settings" '<Command Name="cocoa"' || fail "the tool command is not named cocoa"
for rid in linux-x64 any; do
  pkg="$out/pkg/Cocoa.Cli.$rid.$version.nupkg"
  [ -f "$pkg" ] || fail "no Cocoa.Cli.$rid package"
  contains "$cli" "$settings" "Id=\"Cocoa.Cli.$rid\"" || fail "Cocoa.Cli does not point to Cocoa.Cli.$rid"
  contains "$pkg" "Cocoa.Cli.$rid.nuspec" '<packageType name="DotnetToolRidPackage"' || fail "Cocoa.Cli.$rid is not a tool RID package"
  has "$pkg" "tools/net10.0/$rid/cocoa.dll" || fail "cocoa.dll missing from Cocoa.Cli.$rid"
  # The tool never opens SQLite: none of SQLite's native libraries (about 18 MB) may ride along. SkiaSharp's native
  # libraries (with HarfBuzzSharp's for text) are the ones it needs: ScottPlot draws the PNG plots of `cocoa simulate
  # sweep`; libcocoa_crypto.so is the core's SHA-NI/VAES crypto helper (matching, linux-x64 only).
  native=$(unzip -Z1 "$pkg" | grep -iE '/native/|\.so$|\.dylib$' | grep -viE '/(lib)?(SkiaSharp|HarfBuzzSharp)\.(so|dll|dylib)$|/libcocoa_crypto\.so$' || true)
  sqlite=$(unzip -Z1 "$pkg" | grep -iE '/(lib)?e_sqlite3\.(so|dll|dylib|a)$|\.wasm$' || true)
  [ -z "$native$sqlite" ] || fail "Cocoa.Cli.$rid carries native libraries other than SkiaSharp's and HarfBuzzSharp's: $(head -1 <<<"$native$sqlite")"
done
# The linux-x64 package carries the native crypto helper (the X86ShaNi / X86Avx512Vaes backends) and only linux-x64 natives.
has "$out/pkg/Cocoa.Cli.linux-x64.$version.nupkg" tools/net10.0/linux-x64/libcocoa_crypto.so || fail "libcocoa_crypto.so missing from Cocoa.Cli.linux-x64"
other=$(unzip -Z1 "$out/pkg/Cocoa.Cli.linux-x64.$version.nupkg" | grep -E '/runtimes/' | grep -v '/runtimes/linux-x64/' || true)
[ -z "$other" ] || fail "Cocoa.Cli.linux-x64 carries another platform's files: $(head -1 <<<"$other")"
for pkg in "$out"/pkg/*.nupkg; do
  id=$(basename "$pkg" | sed 's/\.[0-9].*//')
  contains "$pkg" "$id.nuspec" '<repository type="git" url="https://' || fail "$id nuspec has no repository URL"
  contains "$pkg" "$id.nuspec" '<license type="expression">MIT</license>' || fail "$id nuspec has no MIT licence"
done

expected='"rpi":"8be6cd371c5c891604bfbe49df845096"'
dotnet tool install Cocoa.Cli --version "$version" --tool-path "$out/tool" --add-source "$out/pkg" >/dev/null
json=$("$out/tool/cocoa" derive --tek 75c734c6dd1a782de7a965da5eb93125 --interval 2642976 --count 1)
rpi=$(grep -o '"rpi":"[0-9a-f]*"' <<<"$json" || true)
[ "$rpi" = "$expected" ] || fail "installed cocoa derived $rpi"
# The installed tool loads SkiaSharp's native library and writes valid PNG plots.
"$out/tool/cocoa" simulate sweep --out "$out/sweep" --trials 2 >/dev/null 2>&1 || fail "installed cocoa simulate sweep failed"
png=$(head -c 8 "$out/sweep/tradeoff.png" | od -An -tx1 | tr -d ' \n')
[ "$png" = "89504e470d0a1a0a" ] || fail "installed cocoa simulate sweep wrote no PNG (signature $png)"
# The platform-agnostic package runs too (what a machine without a RID-specific package gets).
mkdir -p "$out/any" && unzip -q "$out/pkg/Cocoa.Cli.any.$version.nupkg" -d "$out/any"
json=$(dotnet "$out/any/tools/net10.0/any/cocoa.dll" derive --tek 75c734c6dd1a782de7a965da5eb93125 --interval 2642976 --count 1)
rpi=$(grep -o '"rpi":"[0-9a-f]*"' <<<"$json" || true)
[ "$rpi" = "$expected" ] || fail "Cocoa.Cli.any's cocoa derived $rpi"
echo "extra-pack: ${libraries[*]} ($(basename "$sdk")) and the cocoa tool ($(basename "$cli")) packed, validated, installed and ran"
