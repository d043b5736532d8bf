"""The binding against the Rust library's own answers for every vector, computed in the same
run by `cargo run -p paycode-ffi --example expected` (the library called from Rust, not
through any binding): reports plain, revealed and through a run-time registry, routes,
conversions and QR symbols. PAYCODE_EXPECTED names a file it wrote; else it is run here."""

from __future__ import annotations

import base64
import json
import os
import pathlib
import subprocess

import pyarrow as pa
import pytest

import paycode
from conftest import ROOT

REGISTRY_DOC = ROOT / "bindings" / "c" / "tests" / "registry-doc.json"


@pytest.fixture(scope="session")
def expected(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, bool, str, str, str, str]]:
    path = os.environ.get("PAYCODE_EXPECTED")
    if not path:
        path = str(tmp_path_factory.mktemp("expected") / "expected.tsv")
        subprocess.run(
            ["cargo", "run", "--quiet", "-p", "paycode-ffi", "--example", "expected", "--", path],
            cwd=ROOT, check=True,
        )
    cases = []
    for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines():
        op, outcome, a, b, e, at = line.split("\t")
        dec = lambda x: base64.b64decode(x).decode("utf-8")  # noqa: E731
        cases.append((op, outcome == "ok", dec(a), dec(b), dec(e), at))
    assert len(cases) > 2000
    return cases


def _of(cases: list, op: str) -> list:
    found = [c for c in cases if c[0] == op]
    assert found, op
    return found


def _same_error(e: paycode.PaycodeError, want: str, at: str) -> None:
    w = json.loads(want)
    assert (e.rule, e.message) == (w["rule"], w["message"]), at
    assert e.offset == w.get("offset") and e.location == w.get("location"), at


def test_reports(expected: list) -> None:
    for op, reveal in (("decode", False), ("decode-reveal", True)):
        for _, ok, x, _, want, at in _of(expected, op):
            r = paycode.decode(x, reveal=reveal)
            assert r == json.loads(want), at
            assert r["ok"] == ok, at


def test_reports_through_a_run_time_registry(expected: list) -> None:
    registry = paycode.Registry.from_json(REGISTRY_DOC.read_text(encoding="utf-8"))
    cases = _of(expected, "decode-registry")
    codes = [c[2] for c in cases]
    wants = [json.loads(c[4]) for c in cases]
    got = [paycode.decode(x, registry=registry) for x in codes]
    assert got == wants
    # The registry changes attribution for some codes (else this test would test nothing).
    assert sum(g != paycode.decode(x) for g, x in zip(got, codes)) > 5
    assert paycode.decode_many(codes, registry=registry) == wants
    table = paycode.decode_many(pa.array(codes), registry=registry)
    assert table.column("issuers").to_pylist() == [w["issuers"] for w in wants]
    assert paycode.scan(codes[0], registry=registry)["issuers"] == wants[0]["issuers"]


def test_the_built_in_registry_loaded_at_run_time_attributes_as_built_in(inputs: list) -> None:
    """spec/registry.json, from which the built-in tables are generated, loaded at run time."""
    registry = paycode.Registry.from_json((ROOT / "spec" / "registry.json").read_text(encoding="utf-8"))
    for x in inputs:
        assert paycode.decode(x, registry=registry) == paycode.decode(x), x


def test_registry_errors() -> None:
    for doc in ('{"issuers": 3}', "not json", '{"issuers": [{"id": "a", "name": "A"}, {"id": "a", "name": "A"}]}'):
        with pytest.raises(paycode.PaycodeError) as e:
            paycode.Registry.from_json(doc)
        assert e.value.location == "registry" and e.value.rule is None and e.value.message
    with pytest.raises(TypeError):
        paycode.decode("x", registry="not a registry")  # type: ignore[arg-type]


CODE = "134556781234567890"
CPM = "hQVDUFYwMWEaTwegAAAAAwEBAVcQYjYRcSMARWef"


def test_refusals_mask_the_credentials_they_quote() -> None:
    """serde_json's messages quote what they refuse, and the binding's own messages quote a
    bad argument: a payment code put there is masked, as in every output."""
    for doc in (
        f'{{"issuers": [{{"id": "{CODE}", "name": "A"}}, {{"id": "{CODE}", "name": "B"}}]}}',
        f'{{"issuers": [{{"id": "a", "name": "A", "rank": "{CODE}"}}]}}',
        f'{{"issuers": [{{"id": "a", "name": "A", "mpm_guids": [{{"guid": "{CPM}"}}]}}]}}',
        f'{{"issuers": "{CODE}"}}',
        CODE,
    ):
        with pytest.raises(paycode.PaycodeError) as e:
            paycode.Registry.from_json(doc)
        text = str(e.value) + e.value.message
        assert CODE not in text and CPM not in text, text
    with pytest.raises(paycode.PaycodeError) as e:
        paycode.Registry.from_json(f'{{"issuers": "{CODE}"}}')
    assert "1345*" in e.value.message, "the message still says what it refused"
    calls = [
        lambda: paycode.qr("x", ecc=CODE),
        lambda: paycode.qr("x", format=CODE),
        lambda: paycode.to_unified(["wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"], alternate={CODE: "x"}),
        lambda: paycode.route(CODE, "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"),
        lambda: paycode.route("wechat-pay", CPM),
    ]
    for call in calls:
        with pytest.raises((ValueError, TypeError)) as e:
            call()
        assert CODE not in str(e.value) and CPM not in str(e.value), str(e.value)


def test_routes(expected: list) -> None:
    for _, ok, wallet, code, want, at in _of(expected, "route"):
        try:
            r = paycode.route(wallet, code)
        except paycode.PaycodeError as e:
            assert not ok, at
            _same_error(e, want, at)
            continue
        assert ok and r == json.loads(want), at


def _merchant(m: dict) -> dict:
    kw = {k: m[k] for k in ("name", "city", "mcc", "currency", "reference", "terminal", "alternate") if k in m}
    if "amount" in m:
        kw["amount"] = m["amount"]
    if "amount_minor" in m:
        kw["amount"] = int(m["amount_minor"])
    return kw


def test_conversions(expected: list) -> None:
    for _, ok, codes, merchant, want, at in _of(expected, "to-unified"):
        try:
            got = paycode.to_unified(codes.split("\n"), **_merchant(json.loads(merchant or "{}") or {}))
        except paycode.PaycodeError as e:
            assert not ok, at
            _same_error(e, want, at)
            continue
        assert ok and got == want, at
    for _, ok, payload, _, want, at in _of(expected, "from-unified"):
        try:
            got = paycode.from_unified(payload)
        except paycode.PaycodeError as e:
            assert not ok, at
            _same_error(e, want, at)
            continue
        assert ok and got == want.split("\n"), at


def test_qr(expected: list) -> None:
    for _, ok, code, ecc, want, at in _of(expected, "qr"):
        try:
            m = paycode.qr(code, "matrix", ecc)
        except paycode.PaycodeError as e:
            assert not ok, at
            _same_error(e, want, at)
            continue
        assert ok and len(m) == int(want), at


def test_a_registry_pickles_as_its_document(inputs: list) -> None:
    import pickle

    registry = paycode.Registry.from_json(REGISTRY_DOC.read_text(encoding="utf-8"))
    again = pickle.loads(pickle.dumps(registry))
    assert isinstance(again, paycode.Registry) and again is not registry
    for x in inputs:
        assert paycode.decode(x, registry=again) == paycode.decode(x, registry=registry), x
