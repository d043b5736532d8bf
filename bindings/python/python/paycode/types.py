"""The shapes of what paycode returns, as TypedDicts for type checkers (at run time they are
plain dicts)."""

from __future__ import annotations

import typing as t

__all__ = ["Alternate", "Finding", "Report", "Route", "Scan"]


class Finding(t.TypedDict):
    """A rule broken: ``error`` or one of ``violations``."""

    rule: str | None
    offset: int
    location: t.Literal["input", "decoded", "output", "code"]
    message: str


class Report(t.TypedDict):
    """The report of one input: spec/report.schema.json (its ``image``, which only the tool
    sets, is never there)."""

    conformant: bool
    error: Finding | None
    fields: t.Any
    form: t.Literal["emv-mpm", "emv-cpm", "numeric", "legacy", "alipay-plus", "unknown"]
    input: str
    issuers: list[str]
    ok: bool
    scan_kind: t.Literal[
        "e-cny", "unionpay", "aggregated", "wechat", "alipay", "other-wallet", "unified",
        "emv", "consumer", "unknown",
    ]
    violations: list[Finding]


class Scan(t.TypedDict):
    """What ``scan`` keeps of a report."""

    error: Finding | None
    form: str
    input: str
    issuers: list[str]
    ok: bool
    scan_kind: str


class Route(t.TypedDict):
    """How a wallet pays a merchant code."""

    code: str
    confidence: t.Literal["verified", "secondary", "folklore"]
    decision: t.Literal["own", "direct", "gateway", "page", "handover", "unknown", "not-accepted"]
    issuer: str | None
    since: str
    source: str
    verdict: t.Literal["pays", "cannot", "unknown"]


class Alternate(t.TypedDict, total=False):
    """The merchant's name and city in another language (template 64)."""

    language: str
    name: str
    city: str
