#!/usr/bin/env bash
# Tests the Go binding: go vet, go test (the shared vectors against the Rust library's answers,
# and the package's own tests), then README.md's Go example, built as a reader's module would
# build it and run. Standard library only, no module proxy (GOPROXY=off).
# PAYCODE_LIB_DIR is the directory of libpaycode_ffi.a and PAYCODE_EXPECTED the library's
# answers (cargo run -p paycode-ffi --example expected -- FILE); both are built with cargo
# (release) when not given.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export GOPROXY=off GOFLAGS="${GOFLAGS:-}" CGO_ENABLED=1
command -v go > /dev/null 2>&1 || { echo "test.sh: go is not installed (apt-get install golang-go)" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export GOCACHE="${GOCACHE:-$HOME/.cache/go-build}"

target="${CARGO_TARGET_DIR:-$root/target}"
lib="${PAYCODE_LIB_DIR:-}"
if [ -z "$lib" ]; then
  cargo build --release -p paycode-ffi --manifest-path "$root/Cargo.toml"
  lib="$target/release"
fi
[ -f "$lib/libpaycode_ffi.a" ] || { echo "test.sh: no $lib/libpaycode_ffi.a" >&2; exit 1; }
expected="${PAYCODE_EXPECTED:-}"
if [ -z "$expected" ]; then
  expected="$tmp/expected.tsv"
  cargo run --release -q -p paycode-ffi --example expected --manifest-path "$root/Cargo.toml" -- "$expected"
fi
export CGO_LDFLAGS="-L$lib ${CGO_LDFLAGS:-}" PAYCODE_EXPECTED="$expected"

cd "$here"
unformatted="$(gofmt -l .)"
[ -z "$unformatted" ] || { echo "test.sh: not gofmt'ed: $unformatted" >&2; exit 1; }
go vet ./...
# -count=1: the library may have changed under the same Go sources.
go test -count=1 ./...

# The example of README.md's Go subsection: the first ```go block after the "### Go"
# heading, as the main package of a module that requires this one.
mkdir -p "$tmp/example"
awk '/^### Go/ { go = 1 } go && /^```go$/ { on = 1; next } on && /^```$/ { exit } on' \
  "$root/README.md" > "$tmp/example/main.go"
[ -s "$tmp/example/main.go" ] || { echo "test.sh: no Go example in README.md" >&2; exit 1; }
cat > "$tmp/example/go.mod" <<MOD
module example

go 1.19

require paycode.invalid/paycode v0.0.0

replace paycode.invalid/paycode => $here
MOD
(cd "$tmp/example" && go vet . && go build -o example . && ./example) > "$tmp/out.txt"
cat "$tmp/out.txt"
grep -q 'wechat-pay' "$tmp/out.txt" && grep -q '^\[campus-card\]$' "$tmp/out.txt" || { echo "test.sh: the README's Go example did not print the issuer" >&2; exit 1; }
echo "Go binding: every test passed"
