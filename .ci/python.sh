#!/usr/bin/env bash
# The Python binding (bindings/python): build the abi3 wheel once with maturin, install it into
# a venv, and run its pytest suite from the installed wheel: every conformance vector against
# the `paycode` tool's own output, the report schema, masking, the batch paths, the GIL, and
# the PySpark example in local mode (Java 17).
#
# Slow installs are cached: the venv under ~/.cache/paycode-ci (recreated when the pins
# change), pip's downloads and built wheels (pyspark is a source archive) under ~/.cache/pip.
# Clean run (no venv, no pip cache, no target dir): 3 min 40 s on this 2-core machine, shared,
# most of it pip fetching pyspark and pyarrow and the release build of the wheel, measured
# before the Spark job ran twice (about 20 s more now). With the venv and pip's cache warm,
# 1 to 1.5 min. The tests themselves, the two Spark jobs included, take about 40 s.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2> /dev/null; then
  echo "Python 3.11 or later NOT found ($python): the Python binding is NOT built or tested"
  exit 1
fi

cache="${XDG_CACHE_HOME:-$HOME/.cache}"
export PIP_CACHE_DIR="${PIP_CACHE_DIR:-$cache/pip}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
reqs="bindings/python/ci-requirements.txt"
venv="$cache/paycode-ci/venv-py-$(sha256sum "$reqs" | cut -c1-12)"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/pip" install --quiet -r "$reqs"

# What the binding is compared with, from this tree: the tool (earlier steps built it), and
# the library's own answers for every vector (bindings/c/examples/expected.rs, as the Java
# and Go tests use them).
cargo build --quiet -p paycode-cli
cli="${CARGO_TARGET_DIR:-$root/target}/debug/paycode"
expected="$(mktemp)"
wheels="$(mktemp -d)"
trap 'rm -rf "$wheels" "$expected"' EXIT
cargo run --quiet -p paycode-ffi --example expected -- "$expected"

# The crate is its own workspace, so the root's fmt and clippy do not see it.
(cd bindings/python && cargo fmt -- --check && \
  CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}/python" PYO3_PYTHON="$venv/bin/python" \
  cargo clippy --quiet --locked --all-targets -- -D warnings)

# One wheel, built once, in its own target dir (its own workspace and lock file).
(cd bindings/python && CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}/python" \
  "$venv/bin/maturin" build --quiet --release --locked --interpreter "$venv/bin/python" -o "$wheels")
"$venv/bin/pip" install --quiet --force-reinstall --no-deps "$wheels"/paycode-*.whl

deselect=()
if ! command -v java > /dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  echo "Java NOT found: the PySpark test is NOT run (it needs Java 17: apt-get install openjdk-17-jre-headless)"
  deselect=(--deselect bindings/python/tests/test_spark.py)
fi

# From the repository root, so `import paycode` finds the installed wheel, not the sources.
PAYCODE_CLI="$cli" PAYCODE_EXPECTED="$expected" SPARK_LOCAL_IP=127.0.0.1 \
  "$venv/bin/python" -m pytest -q -p no:cacheprovider bindings/python/tests "${deselect[@]}"
