#!/usr/bin/env bash
# CI for the Java and Go bindings over the C ABI: builds the C ABI once (release), writes the
# Rust library's answers for the shared vectors (bindings/c/examples/expected.rs), then runs
# the Java tests (JNA, javac, junit4) and the Go tests (cgo, go vet, go test) against them,
# each with its README example. Installs golang-go, libjna-java and junit4 with apt-get when
# missing. Under CI (CI=true) a toolchain that cannot be installed fails the step; elsewhere
# its tests are reported NOT run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"

apt_install() {
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo > /dev/null 2>&1 || return 1
    sudo=(sudo -n)
  fi
  command -v apt-get > /dev/null 2>&1 || return 1
  "${sudo[@]}" apt-get update -qq > /dev/null && \
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" > /dev/null
}

# have NAME TEST PACKAGES...: whether the toolchain is there, installing it if it is not.
have() {
  local name="$1" test="$2"
  shift 2
  if eval "$test"; then return 0; fi
  echo "$name is missing: apt-get install -y $*"
  if apt_install "$@" && eval "$test"; then return 0; fi
  if [ "${CI:-}" = true ]; then
    echo "bindings.sh: $name could NOT be installed (apt-get install -y $*): failing" >&2
    exit 1
  fi
  echo "bindings.sh: $name could NOT be installed (apt-get install -y $*): its tests are NOT run"
  return 1
}

java_ok=0
go_ok=0
if have "Java (javac, JNA, junit4)" \
  'command -v javac > /dev/null && [ -f /usr/share/java/jna.jar ] && [ -f /usr/share/java/junit4.jar ] && [ -f /usr/share/java/hamcrest-core.jar ]' \
  libjna-java junit4; then
  java_ok=1
fi
if have "Go (golang-go)" 'command -v go > /dev/null' golang-go; then
  go_ok=1
fi

cargo build --release -p paycode-ffi
expected="$(mktemp)"
trap 'rm -f "$expected"' EXIT
cargo run --release -q -p paycode-ffi --example expected -- "$expected"
export PAYCODE_LIB_DIR="$target/release" PAYCODE_EXPECTED="$expected"

ran=()
if [ "$java_ok" = 1 ]; then
  bindings/java/build.sh test
  ran+=(Java)
fi
if [ "$go_ok" = 1 ]; then
  bindings/go/test.sh
  ran+=(Go)
fi
echo "bindings: ran ${ran[*]:-nothing} of Java, Go"
