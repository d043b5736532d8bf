"""Every shared conformance vector (spec/vectors) through the binding.

Decoding is compared with the Rust library as the `paycode` tool prints it (`decode --json`,
run here on the same inputs, masked and revealed); conversions, routes and QR symbols with the
vectors' expectations, which the library's own conformance test holds it to."""

from __future__ import annotations

import re

import pytest

import paycode
from conftest import cli_reports, vector_input

DECISIONS = {
    "Own": "own",
    "Direct": "direct",
    "Gateway": "gateway",
    "Page": "page",
    "Handover": "handover",
    "NotAccepted": "not-accepted",
    "Unknown": "unknown",
}


@pytest.mark.parametrize("reveal", [False, True])
def test_decode_agrees_with_the_tool(inputs: list, reveal: bool) -> None:
    expected = cli_reports(inputs, reveal=reveal)
    assert len(expected) == len(inputs)
    got = [paycode.decode(x, reveal=reveal) for x in inputs]
    differ = [(x, g, e) for x, g, e in zip(inputs, got, expected) if g != e]
    assert not differ, f"{len(differ)} of {len(inputs)} differ; first: {differ[0]}"
    # Reports of substance: every form, readable and not, with findings.
    assert {r["form"] for r in got} == {"emv-mpm", "emv-cpm", "numeric", "legacy", "alipay-plus", "unknown"}
    assert sum(r["ok"] for r in got) > 300 and sum(not r["ok"] for r in got) > 100
    assert sum(bool(r["violations"]) for r in got) > 50


def _merchant(m: dict) -> dict:
    kw = {k: m[k] for k in ("name", "city", "mcc", "currency", "reference", "terminal") if k in m}
    if "amount" in m:
        kw["amount"] = m["amount"]
    if "amount_minor" in m:
        kw["amount"] = int(m["amount_minor"])
    if "alternate" in m:
        kw["alternate"] = m["alternate"]
    return kw


def _refused(v: dict, e: paycode.PaycodeError) -> None:
    assert v["expect"] == "error", (v["id"], str(e))
    assert e.rule == v["rules"][0], (v["id"], e.rule, str(e))
    if "offset" in v:
        assert e.offset == v["offset"], (v["id"], e.offset)
    assert e.message and e.message in str(e)


def test_to_unified_vectors(vectors: list) -> None:
    cases = [v for v in vectors if v.get("kind") == "to-unified"]
    assert cases
    for v in cases:
        try:
            got = paycode.to_unified(v["codes"], **_merchant(v.get("merchant", {})))
        except paycode.PaycodeError as e:
            _refused(v, e)
            continue
        assert v["expect"] == "valid", v["id"]
        assert got == v["payload"], v["id"]
        assert paycode.from_unified(got) == v["codes"], v["id"]
        r = paycode.decode(got)
        assert r["conformant"] and r["scan_kind"] == "unified", v["id"]


def test_from_unified_vectors(vectors: list) -> None:
    cases = [v for v in vectors if v.get("kind") == "from-unified"]
    assert cases
    for v in cases:
        try:
            got = paycode.from_unified(v["payload"])
        except paycode.PaycodeError as e:
            _refused(v, e)
            continue
        assert v["expect"] == "valid", v["id"]
        assert got == v["codes"], v["id"]


def test_route_vectors(vectors: list) -> None:
    cases = [v for v in vectors if v.get("kind") == "route"]
    assert len(cases) > 40
    for v in cases:
        try:
            r = paycode.route(v["wallet"], v["code"])
        except paycode.PaycodeError as e:
            _refused(v, e)
            continue
        assert v["expect"] == "valid", v["id"]
        assert r["decision"] == DECISIONS[v["decision"]], (v["id"], r)
        assert r["issuer"] == v.get("issuer"), v["id"]
        assert r["code"] == v["send"], v["id"]
        if "since" in v:
            assert r["since"] == v["since"], v["id"]
        sourced = r["decision"] not in ("own", "unknown")
        assert bool(r["source"]) == sourced, v["id"]
        assert r["verdict"] in ("pays", "cannot", "unknown")


def test_qr_vectors(vectors: list) -> None:
    cases = [v for v in vectors if v.get("kind") == "encode"]
    assert cases
    for v in cases:
        try:
            m = paycode.qr(v["payload"], "matrix", v["ecc"])
        except paycode.PaycodeError as e:
            _refused(v, e)
            continue
        assert v["expect"] == "valid", v["id"]
        side = 17 + 4 * v["version"] + 8
        assert len(m) == side and all(len(row) == side for row in m), v["id"]
        # The quiet zone is light; the finder pattern's corner is dark.
        assert not any(m[0]) and m[4][4], v["id"]
        svg = paycode.qr(v["payload"], "svg", v["ecc"], size=3)
        assert re.match(rf'<svg [^>]*width="{side * 3}" height="{side * 3}" viewBox="0 0 {side} {side}"', svg)
        text = paycode.qr(v["payload"], "text", v["ecc"])
        assert len(text.splitlines()) == (side + 1) // 2


def test_every_vector_kind_is_run(vectors: list) -> None:
    """Each kind is run above, or decoded (its payload) in the comparison with the tool. The
    kinds that are neither say so here, so a new kind fails this test until it is placed."""
    decoded_only = {"text", "cpm-objects", "check", "to-dynamic"}
    run = {None, "to-unified", "from-unified", "route", "encode"}
    kinds = {v.get("kind") for v in vectors}
    assert kinds <= run | decoded_only, kinds - run - decoded_only
