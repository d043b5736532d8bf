"""The PySpark example, in local mode, on the bundled sample file: its per-issuer, per-rule
summary must be the counts computed here without Spark (decode_many's list path)."""

from __future__ import annotations

import collections
import csv
import os
import pathlib
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

import paycode

EXAMPLE = ROOT / "bindings" / "python" / "examples" / "spark_summary.py"
SAMPLE = ROOT / "bindings" / "python" / "examples" / "merchant-codes.txt"


def expected_summary(
    registry: paycode.Registry | None, sample: pathlib.Path = SAMPLE
) -> dict[tuple[str, str], tuple[int, int]]:
    lines = [l for l in sample.read_bytes().split(b"\n") if l]
    counts: dict[tuple[str, str], list[int]] = collections.defaultdict(lambda: [0, 0])
    for r in paycode.decode_many(lines, registry=registry):
        finding = r["error"] or (r["violations"][0] if r["violations"] else None)
        key = (r["issuers"][0] if r["issuers"] else "", finding["rule"] if finding and finding["rule"] else "")
        counts[key][0] += 1
        counts[key][1] += r["ok"]
    return {k: (v[0], v[1]) for k, v in counts.items()}


# A run-time registry that moves WeChat Pay's codes: the summary must follow it.
REGISTRY = ROOT / "bindings" / "python" / "tests" / "registry-spark.json"


@pytest.mark.parametrize("with_registry", [False, True])
def test_spark_summary_matches(tmp_path: pathlib.Path, with_registry: bool) -> None:
    if shutil.which("java") is None and "JAVA_HOME" not in os.environ:
        raise RuntimeError("PySpark needs Java 17: none found (JAVA_HOME, or java on PATH)")
    out = tmp_path / "summary"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable,
               SPARK_LOCAL_IP="127.0.0.1")
    extra = ["--registry", str(REGISTRY)] if with_registry else []
    p = subprocess.run(
        [sys.executable, str(EXAMPLE), str(SAMPLE), str(out), "--master", "local[2]", *extra],
        capture_output=True, text=True, env=env, timeout=900,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    [part] = list(out.glob("part-*.csv"))
    with part.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    got = {(r["issuer"], r["rule"]): (int(r["codes"]), int(r["readable"])) for r in rows}
    registry = paycode.Registry.from_json(REGISTRY.read_text(encoding="utf-8")) if with_registry else None
    want = expected_summary(registry)
    assert got == want
    # A summary of substance: several issuers, conformant codes and broken ones.
    assert len({k[0] for k in want}) > 5 and ("alipay", "") in want
    # The registry's issuer appears only with it (and so the registry reached the executors).
    assert (("campus-card", "") in want) == with_registry
    assert sum(n for (_, rule), (n, _) in want.items() if rule) > 100
    assert sum(n for n, _ in want.values()) == len([l for l in SAMPLE.read_text().split("\n") if l])
    # Sorted by issuer, then rule, as the example says.
    keys = [(r["issuer"], r["rule"]) for r in rows]
    assert keys == sorted(keys)


def test_spark_summary_reads_lines_that_are_not_utf8(tmp_path: pathlib.Path) -> None:
    """A file with lines that are no UTF-8 (a scanner's raw bytes) is summarized, not failed,
    and its credentials do not reach Spark's log."""
    code = "134556781234567890"
    sample = tmp_path / "junk.txt"
    sample.write_bytes(
        SAMPLE.read_bytes().rstrip(b"\n")
        + b"\n\xff\xfe" + code.encode() + b"\n\x80abc\nwxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L\n"
    )
    out = tmp_path / "summary"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable,
               SPARK_LOCAL_IP="127.0.0.1")
    p = subprocess.run(
        [sys.executable, str(EXAMPLE), str(sample), str(out), "--master", "local[2]"],
        capture_output=True, text=True, env=env, timeout=900,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    assert code not in p.stderr and code not in p.stdout
    [part] = list(out.glob("part-*.csv"))
    with part.open(encoding="utf-8", newline="") as f:
        got = {(r["issuer"], r["rule"]): (int(r["codes"]), int(r["readable"])) for r in csv.DictReader(f)}
    want = expected_summary(None, sample)
    assert got == want
    assert want[("", "MPM-UTF-1")][0] >= 2
