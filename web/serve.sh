#!/usr/bin/env bash
# Builds the playground (the module, then the site from spec/) and serves it on
# http://127.0.0.1:${PORT:-8080}/ until Ctrl-C. Needs Rust with the wasm32-wasip1 target
# (added here when rustup is present), Python 3 and Node (or, without Node, Python's server).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
if command -v rustup > /dev/null 2>&1; then
  rustup target add wasm32-wasip1 > /dev/null
fi
(cd web/wasm && CARGO_TARGET_DIR="$target" cargo build --release --locked --target wasm32-wasip1 --quiet)
python3 web/build.py --wasm "$target/wasm32-wasip1/release/paycode_web.wasm"
port="${PORT:-8080}"
if command -v node > /dev/null 2>&1; then
  exec node web/tests/serve.mjs web/dist "$port"
fi
echo "the playground: http://127.0.0.1:$port/ (Ctrl-C stops it)"
exec python3 -m http.server --bind 127.0.0.1 --directory web/dist "$port"
