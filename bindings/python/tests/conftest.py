"""Shared fixtures: the repository's conformance vectors, and the `paycode` tool built from the
same tree, whose `decode --json` output the binding must reproduce."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
VECTORS = ROOT / "spec" / "vectors"
SCHEMA = ROOT / "spec" / "report.schema.json"


def load_vectors() -> list[dict]:
    out = []
    for path in sorted(VECTORS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                v = json.loads(line)
                v["_file"] = path.name
                out.append(v)
    return out


def vector_input(v: dict) -> str | bytes | None:
    """The input a vector decodes: its payload (bytes for `payload_hex`)."""
    if "payload_hex" in v:
        return bytes.fromhex(v["payload_hex"])
    return v.get("payload")


def all_inputs(vectors: list[dict]) -> list[str | bytes]:
    """Every code any vector holds: payloads, routed codes, codes to carry."""
    seen: dict[object, None] = {}
    for v in vectors:
        x = vector_input(v)
        for c in [x, v.get("code"), *(v.get("codes") or [])]:
            if isinstance(c, (str, bytes)):
                seen.setdefault(c, None)
    return list(seen)


def cli_path() -> pathlib.Path:
    """The tool: PAYCODE_CLI, else target/debug/paycode under CARGO_TARGET_DIR or the root."""
    if "PAYCODE_CLI" in os.environ:
        return pathlib.Path(os.environ["PAYCODE_CLI"])
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "debug" / "paycode"


def cli_reports(inputs: list[str | bytes], reveal: bool = False) -> list[dict]:
    """`paycode decode --json` of each input, in order. Inputs are passed as arguments, so that
    any byte but NUL reaches the tool as is; an input holding a NUL (and no line break) is
    passed as a line of a file."""
    exe = cli_path()
    if not exe.exists():
        raise RuntimeError(f"the paycode tool is not built at {exe}: cargo build -p paycode-cli")
    out: list[dict] = []
    flag = ["--reveal"] if reveal else []
    args: list[bytes] = []

    def run(extra: list[bytes], expect: int) -> None:
        if not extra:
            return
        p = subprocess.run([str(exe), "decode", "--json", *flag, *extra], capture_output=True)
        # Split at "\n" only: str.splitlines would split inside a report at U+0085 or U+2028.
        lines = p.stdout.decode("utf-8").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        assert len(lines) == expect, (p.returncode, p.stderr[-500:])
        out.extend(json.loads(line) for line in lines)

    for x in inputs:
        b = x.encode("utf-8") if isinstance(x, str) else x
        if b"\0" in b:
            run(args, len(args))
            args = []
            assert b"\n" not in b and b"\r" not in b, "an input with a NUL and a line break"
            with tempfile.NamedTemporaryFile(delete=False) as f:
                f.write(b + b"\n")
            try:
                run([b"--file", f.name.encode()], 1)
            finally:
                os.unlink(f.name)
        else:
            args.append(b)
    run(args, len(args))
    return out


@pytest.fixture(scope="session")
def vectors() -> list[dict]:
    vs = load_vectors()
    assert len(vs) > 500, "the conformance vectors are missing"
    return vs


@pytest.fixture(scope="session")
def inputs(vectors: list[dict]) -> list[str | bytes]:
    return all_inputs(vectors)


@pytest.fixture(scope="session")
def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))
