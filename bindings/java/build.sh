#!/usr/bin/env bash
# Builds the Java binding with plain javac (no Maven: Maven Central is not reachable here):
#   bindings/java/build.sh          build/paycode.jar
#   bindings/java/build.sh test     also compiles and runs the junit4 tests and the README's
#                                   Java example against the native library
# Needs a JDK, JNA (Debian's libjna-java: /usr/share/java/jna.jar) and, to test, junit4 and
# hamcrest (Debian's junit4). Jars elsewhere: JNA_JAR, JUNIT_JAR, HAMCREST_JAR.
# For the tests, PAYCODE_LIB_DIR is the directory of libpaycode_ffi.so and PAYCODE_EXPECTED the
# library's answers (cargo run -p paycode-ffi --example expected -- FILE); both are built with
# cargo (release) when not given.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jna="${JNA_JAR:-/usr/share/java/jna.jar}"
junit="${JUNIT_JAR:-/usr/share/java/junit4.jar}"
hamcrest="${HAMCREST_JAR:-/usr/share/java/hamcrest-core.jar}"
build="$here/build"

for jar in "$jna"; do
  [ -f "$jar" ] || { echo "build.sh: $jar is missing (apt-get install libjna-java)" >&2; exit 2; }
done
rm -rf "$build"
mkdir -p "$build/classes"
javac --release 11 -Xlint:all -Werror -encoding UTF-8 -d "$build/classes" -cp "$jna" \
  $(find "$here/src/main/java" -name '*.java')
jar --create --file "$build/paycode.jar" -C "$build/classes" .
echo "built $build/paycode.jar"
[ "${1:-}" = "test" ] || exit 0

for jar in "$junit" "$hamcrest"; do
  [ -f "$jar" ] || { echo "build.sh: $jar is missing (apt-get install junit4)" >&2; exit 2; }
done
target="${CARGO_TARGET_DIR:-$root/target}"
lib="${PAYCODE_LIB_DIR:-}"
if [ -z "$lib" ]; then
  cargo build --release -p paycode-ffi --manifest-path "$root/Cargo.toml"
  lib="$target/release"
fi
expected="${PAYCODE_EXPECTED:-}"
if [ -z "$expected" ]; then
  expected="$build/expected.tsv"
  cargo run --release -q -p paycode-ffi --example expected --manifest-path "$root/Cargo.toml" -- "$expected"
fi
[ -f "$lib/libpaycode_ffi.so" ] || { echo "build.sh: no $lib/libpaycode_ffi.so" >&2; exit 1; }

# The tests are in the same package as the library (they read its error reader too).
mkdir -p "$build/test-classes"
cp="$build/classes:$jna:$junit:$hamcrest"
javac --release 11 -Xlint:all -Werror -encoding UTF-8 -d "$build/test-classes" -cp "$cp" \
  $(find "$here/src/test/java" -name '*.java')
props=(-Djna.library.path="$lib" -Dpaycode.expected="$expected" -Dpaycode.root="$root")
java "${props[@]}" -cp "$build/test-classes:$cp" org.junit.runner.JUnitCore \
  cn.paycode.PaycodeTest cn.paycode.VectorsTest cn.paycode.RegistryTest

# The example of README.md's Java subsection, as a reader would copy it: the first ```java
# block after the "### Java" heading, compiled against the jar and run.
mkdir -p "$build/example"
awk '/^### Java/ { java = 1 } java && /^```java$/ { on = 1; next } on && /^```$/ { exit } on' \
  "$root/README.md" > "$build/example/Example.java"
[ -s "$build/example/Example.java" ] || { echo "build.sh: no Java example in README.md" >&2; exit 1; }
javac --release 11 -Xlint:all -Werror -encoding UTF-8 -d "$build/example" -cp "$build/paycode.jar:$jna" \
  "$build/example/Example.java"
java -Djna.library.path="$lib" -cp "$build/example:$build/paycode.jar:$jna" Example > "$build/example/out.txt"
cat "$build/example/out.txt"
grep -q '"issuers":\["wechat-pay"\]' "$build/example/out.txt" &&
  grep -q '"issuers":\["campus-card"\]' "$build/example/out.txt" || {
  echo "build.sh: the README's Java example did not print the report" >&2; exit 1; }
echo "Java binding: every test passed"
