"""Types of the paycode package (the native functions are in ``paycode._native``)."""

from typing import Literal, Sequence, final, overload

import pyarrow  # type: ignore[import-untyped]  # pyarrow ships no stubs

from .types import Alternate as Alternate
from .types import Finding as Finding
from .types import Report as Report
from .types import Route as Route
from .types import Scan as Scan

__version__: str

__all__ = [
    "ARROW_FIELDS",
    "Alternate",
    "Finding",
    "PaycodeError",
    "Registry",
    "Report",
    "Route",
    "Scan",
    "decode",
    "decode_many",
    "from_unified",
    "qr",
    "route",
    "scan",
    "to_unified",
]

ARROW_FIELDS: tuple[str, ...]

class PaycodeError(ValueError):
    """The library refused an input."""

    rule: str | None
    offset: int | None
    location: Literal["input", "decoded", "output", "code", "registry"] | None
    message: str
    index: int | None

@final
class Registry:
    """Attribution facts loaded at run time (spec/registry.json's shape)."""

    @staticmethod
    def from_json(text: str) -> Registry:
        """Reads a registry document; an issuer with a built-in ID replaces its facts."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        """Pickles as ``Registry.from_json(document)``."""

def decode(text: str | bytes, reveal: bool = False, registry: Registry | None = None) -> Report:
    """The report of one input, as ``paycode decode --json`` prints it."""

def scan(text: str | bytes, reveal: bool = False, registry: Registry | None = None) -> Scan:
    """The report's form, scan kind, issuers, ok, input and error."""

@overload
def decode_many(
    codes: Sequence[str | bytes], reveal: bool = False, registry: Registry | None = None
) -> list[Report]: ...
@overload
def decode_many(
    codes: pyarrow.Array | pyarrow.ChunkedArray,
    reveal: bool = False,
    registry: Registry | None = None,
) -> pyarrow.Table: ...
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
