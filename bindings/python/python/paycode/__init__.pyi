"""Types of the paycode package (the native functions are in ``paycode._native``)."""

from typing import Any, Literal, Sequence, TypedDict, overload

import pyarrow

__version__: str
__all__: list[str]

ARROW_FIELDS: tuple[str, ...]

class Finding(TypedDict):
    """A rule broken: ``error`` or one of ``violations``."""

    rule: str | None
    offset: int
    location: Literal["input", "decoded", "output", "code"]
    message: str

class Report(TypedDict, total=False):
    """The report of one input: spec/report.schema.json. ``image`` is never set here."""

    conformant: bool
    error: Finding | None
    fields: Any
    form: Literal["emv-mpm", "emv-cpm", "numeric", "legacy", "alipay-plus", "unknown"]
    input: str
    issuers: list[str]
    ok: bool
    scan_kind: Literal[
        "e-cny", "unionpay", "aggregated", "wechat", "alipay", "other-wallet", "unified",
        "emv", "consumer", "unknown",
    ]
    violations: list[Finding]

class Scan(TypedDict):
    """What ``scan`` keeps of a report."""

    error: Finding | None
    form: str
    input: str
    issuers: list[str]
    ok: bool
    scan_kind: str

class Route(TypedDict):
    """How a wallet pays a merchant code."""

    code: str
    confidence: Literal["verified", "secondary", "folklore"]
    decision: Literal["own", "direct", "gateway", "page", "handover", "unknown", "not-accepted"]
    issuer: str | None
    since: str
    source: str
    verdict: Literal["pays", "cannot", "unknown"]

class Alternate(TypedDict, total=False):
    """The merchant's name and city in another language (template 64)."""

    language: str
    name: str
    city: str

class PaycodeError(ValueError):
    """The library refused an input."""

    rule: str | None
    offset: int | None
    location: Literal["input", "decoded", "output", "code", "registry"] | None
    message: str
    index: int | None

class Registry:
    """Attribution facts loaded at run time (spec/registry.json's shape)."""

    @staticmethod
    def from_json(text: str) -> Registry:
        """Reads a registry document; an issuer with a built-in ID replaces its facts."""

def decode(text: str | bytes, reveal: bool = False, registry: Registry | None = None) -> Report:
    """The report of one input, as ``paycode decode --json`` prints it."""

def scan(text: str | bytes, reveal: bool = False, registry: Registry | None = None) -> Scan:
    """The report's form, scan kind, issuers, ok, input and error."""

@overload
def decode_many(
    codes: pyarrow.Array | pyarrow.ChunkedArray,
    reveal: bool = False,
    registry: Registry | None = None,
) -> pyarrow.Table: ...
@overload
def decode_many(
    codes: Sequence[str | bytes], reveal: bool = False, registry: Registry | None = None
) -> list[Report]: ...
def to_unified(
    codes: Sequence[str],
    *,
    name: str | None = None,
    city: str | None = None,
    mcc: str | None = None,
    currency: str | None = None,
    amount: str | int | None = None,
    reference: str | None = None,
    terminal: str | None = None,
    alternate: Alternate | None = None,
) -> str:
    """One unified code carrying the legacy codes given."""

def from_unified(payload: str) -> list[str]:
    """The legacy codes a unified payload carries."""

def route(wallet: str, code: str) -> Route:
    """How the wallet ``wallet`` pays the merchant code ``code``."""

@overload
def qr(
    text: str,
    format: Literal["svg", "text"] = "svg",
    ecc: Literal["L", "M", "Q", "H", "l", "m", "q", "h"] = "M",
    size: int = 8,
) -> str: ...
@overload
def qr(
    text: str,
    format: Literal["matrix"],
    ecc: Literal["L", "M", "Q", "H", "l", "m", "q", "h"] = "M",
    size: int = 8,
) -> list[list[bool]]: ...
