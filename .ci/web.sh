#!/usr/bin/env bash
# The playground (web/): the module's own checks, its wasm build, the site generated from
# spec/ (which fails on a rule without an anchor or a vector without a link), and the tests:
# the module in Node against spec/report.schema.json and the tool's output, and the page in
# Debian's Chromium through playwright-core. Clean run: 3.5 minutes on 2 cores, of which 75 s
# build the tool (done already when .ci/run calls this), the rest mostly the wasm build with
# LTO and rxing's native build; plus Chromium's install where it is missing. Warm: 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"

echo "-- the module crate (its own workspace): format, clippy, native tests"
(cd web/wasm && cargo fmt -- --check)
(cd web/wasm && CARGO_TARGET_DIR="$target" cargo clippy --locked --all-targets -- -D warnings)
(cd web/wasm && CARGO_TARGET_DIR="$target" cargo test --locked --quiet)

echo "-- the module for the browser (wasm32-wasip1, release)"
if command -v rustup > /dev/null 2>&1; then
  rustup target add wasm32-wasip1
fi
(cd web/wasm && CARGO_TARGET_DIR="$target" cargo build --locked --release --target wasm32-wasip1)
wasm="$target/wasm32-wasip1/release/paycode_web.wasm"
ls -l "$wasm"

echo "-- the site, generated from spec/"
python3 web/build.py --wasm "$wasm" --out web/dist

echo "-- the tool, to compare the module's reports with"
cargo build --quiet -p paycode-cli
cli="$target/debug/paycode"

echo "-- the tests' packages (web/tests/package-lock.json)"
(cd web/tests && npm ci --no-audit --no-fund)

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if command -v apt-get > /dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "-- Debian's Chromium (apt-get install chromium)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
  fi
fi
export SITE="$PWD/web/dist" PAYCODE_CLI="$cli" SCREENSHOTS="${SCREENSHOTS:-$PWD/web/tests/out}"
if [ -x "$chromium" ]; then
  echo "-- the module in Node, the page in Chromium (screenshots: web/tests/out/)"
  (cd web/tests && CHROMIUM="$chromium" node --test build.test.mjs module.test.mjs playground.test.mjs camera.test.mjs)
else
  echo "-- the module in Node"
  (cd web/tests && node --test build.test.mjs module.test.mjs)
  echo "Chromium is NOT installed and could not be (apt-get as root): the browser tests did NOT run"
  exit 1
fi
