#!/usr/bin/env bash
# patch-libtorchsharp.sh LIB WORKDIR [auto|always]
# Lets a build-output copy of TorchSharp's libLibTorchSharp.so load on libstdc++ older than GCC 13.
# Why and how: README.md beside this script. Idempotent: a copy already patched is left alone.
set -euo pipefail

lib="$1" work="$2" mode="${3:-auto}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version=GLIBCXX_3.4.32
symbol=_ZSt21ios_base_library_initv
shim=libpa_ios_base_library_init.so

# The libstdc++ the loader would pick; when it has the version, the library loads as shipped.
system_libstdcxx() { /sbin/ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64|libstdc\+\+\.so\.6 .*AArch64/ { print $NF; exit }'; }
if [ "$mode" = auto ]; then
  libstdcxx="$(system_libstdcxx)"
  if [ -n "$libstdcxx" ] && grep -qa "$version" "$libstdcxx"; then
    exit 0
  fi
fi

for tool in g++ gcc patchelf; do
  command -v "$tool" >/dev/null || { echo "patch-libtorchsharp: $tool is missing (./pa installs it)" >&2; exit 1; }
done

# Helpers are built once per intermediate folder and rebuilt when their source changes.
mkdir -p "$work"
if [ ! -x "$work/elf_weaken_version" ] || [ "$here/elf_weaken_version.c" -nt "$work/elf_weaken_version" ]; then
  gcc -O2 -o "$work/elf_weaken_version" "$here/elf_weaken_version.c"
fi
if [ ! -f "$work/$shim" ] || [ "$here/ios_base_library_init.cpp" -nt "$work/$shim" ]; then
  g++ -O2 -shared -fPIC -Wl,-soname,"$shim" -o "$work/$shim" "$here/ios_base_library_init.cpp"
fi

# The shim sits beside the library: libLibTorchSharp.so's RUNPATH starts with $ORIGIN.
dir="$(dirname "$lib")"
cmp -s "$work/$shim" "$dir/$shim" || cp "$work/$shim" "$dir/$shim"

has_shim() { patchelf --print-needed "$1" | grep -qx "$shim"; }
if has_shim "$lib" && "$work/elf_weaken_version" "$lib" "$version" "$symbol" --check >/dev/null; then
  exit 0
fi

# Patch a private copy and move it into place, so a hard link into the NuGet cache is never written through.
tmp="$(mktemp "$dir/.libLibTorchSharp.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
cp "$lib" "$tmp"
has_shim "$tmp" || patchelf --add-needed "$shim" "$tmp"
"$work/elf_weaken_version" "$tmp" "$version" "$symbol" >/dev/null
chmod --reference="$lib" "$tmp"
mv -f "$tmp" "$lib"
trap - EXIT
echo "patch-libtorchsharp: $lib now loads without $version (shim $shim)"
