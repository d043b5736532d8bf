#!/usr/bin/env bash
# Fails (exit 1) when include/paycode.h is not what cbindgen makes of the Rust side now: the
# header is committed, so a change to an exported function must regenerate it. To update it:
#   bindings/c/check-header.sh --write
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
if ! command -v cbindgen > /dev/null 2>&1; then
  echo "check-header.sh: cbindgen is not installed (cargo install cbindgen --locked)" >&2
  exit 2
fi
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
cbindgen --quiet --config cbindgen.toml --crate paycode-ffi --output "$tmp"
if [ "${1:-}" = "--write" ]; then
  cp "$tmp" include/paycode.h
  echo "include/paycode.h written"
  exit 0
fi
if ! diff -u include/paycode.h "$tmp"; then
  echo "bindings/c/include/paycode.h is stale: run bindings/c/check-header.sh --write and commit it" >&2
  exit 1
fi
echo "bindings/c/include/paycode.h is current"
