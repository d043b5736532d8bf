#!/usr/bin/env bash
# Builds the C ABI (release), compiles tests/test.c against include/paycode.h, and runs it
# under valgrind: any invalid read or write, use of uninitialised memory or leak fails. The
# static library is linked and run once too, and the README's C example is compiled and run
# under valgrind. Exits non-zero when anything fails.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
cc="${CC:-gcc}"

cargo build --release -p paycode-ffi --manifest-path "$root/Cargo.toml"
lib="$target/release"
for f in libpaycode_ffi.so libpaycode_ffi.a; do
  if [ ! -f "$lib/$f" ]; then
    echo "run.sh: $lib/$f was not built" >&2
    exit 1
  fi
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
flags=(-std=c11 -Wall -Wextra -Werror -pedantic -Wno-overlength-strings -g -O1 -pthread -I "$here/include")

# Against the shared library.
"$cc" "${flags[@]}" "$here/tests/test.c" -L "$lib" -lpaycode_ffi -Wl,-rpath,"$lib" -o "$tmp/test"
# Against the static library: what it needs of the system besides libc.
"$cc" "${flags[@]}" "$here/tests/test.c" "$lib/libpaycode_ffi.a" -lm -ldl -o "$tmp/test-static"

# The README's example, as a reader would copy it: the first ```c block.
awk '/^```c$/ { on = 1; next } /^```$/ && on { exit } on' "$here/README.md" > "$tmp/example.c"
if [ ! -s "$tmp/example.c" ]; then
  echo "run.sh: no C example in bindings/c/README.md" >&2
  exit 1
fi
"$cc" "${flags[@]}" "$tmp/example.c" -L "$lib" -lpaycode_ffi -Wl,-rpath,"$lib" -o "$tmp/example"

"$tmp/test-static"
if command -v valgrind > /dev/null 2>&1; then
  for program in test example; do
    valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,possible \
      "$tmp/$program"
  done
else
  echo "run.sh: valgrind is NOT installed: the C tests ran WITHOUT it (apt-get install valgrind)" >&2
  "$tmp/test"
  "$tmp/example"
fi
