"""Decode, validate, convert and route barcode-payment codes.

EMVCo merchant- and consumer-presented QR payloads, Chinese wallets' numeric payment codes
and URLs, and unified codes: the Rust library ``paycode``, called directly.

``decode`` returns the report of one input as a dict of the JSON shape that
``paycode decode --json`` prints (``spec/report.schema.json``); ``decode_many`` does the same
for a list, or returns an Arrow table of the main fields for a pyarrow string array; ``Registry.from_json`` loads attribution facts at run
time for their ``registry=``. Consumer payment codes are credentials: every output masks
them unless ``reveal=True``.

>>> r = decode("wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L")
>>> r["form"], r["issuers"], r["ok"]
('legacy', ['wechat-pay'], True)
>>> decode("134556781234567890")["input"]
'1345**********7890'
"""

from __future__ import annotations

import sys
from typing import Any

import functools

from . import _native
from ._native import (
    PaycodeError,
    Registry,
    decode,
)

from .types import Alternate, Finding, Report, Route, Scan

__version__: str = _native.__version__

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

#: The columns of ``decode_many``'s Arrow table, in order.
ARROW_FIELDS = ("input", "ok", "form", "conformant", "issuers", "rule", "offset")

#: The report's keys that ``scan`` keeps.
_SCAN_KEYS = ("error", "form", "input", "issuers", "ok", "scan_kind")

#: Rows decoded per native call on the Arrow path: each call's columns stay far below the
#: 2 GiB that Arrow's 32-bit offsets address, and a Spark batch is one call.
_BATCH = 1 << 20


def _unicode_only(f: Any) -> Any:
    """``f`` with a lone surrogate in a text argument refused by a ``ValueError`` that names
    its place only: the ``UnicodeEncodeError`` of the strict conversion carries the whole text
    (a payment code, perhaps) in its ``repr`` and ``args``."""

    @functools.wraps(f)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except UnicodeEncodeError as e:
            at = e.start
        # Raised outside the handler, so that the first error is not its context.
        raise ValueError(f"paycode: a text argument holds a lone surrogate (at index {at})")

    return call


from_unified = _unicode_only(_native.from_unified)
qr = _unicode_only(_native.qr)
route = _unicode_only(_native.route)
to_unified = _unicode_only(_native.to_unified)


def scan(text: str | bytes, reveal: bool = False, registry: Registry | None = None) -> dict[str, Any]:
    """What a scanner needs of an input: the report's ``form``, ``scan_kind``, ``issuers``,
    ``ok``, ``input`` (masked unless ``reveal``) and ``error``, with the same values
    ``decode`` gives them.

    >>> scan("https://qr.alipay.com/bax03190uxd47wbekffy6033")["scan_kind"]
    'alipay'
    """
    report = decode(text, reveal, registry)
    return {k: report[k] for k in _SCAN_KEYS}


def decode_many(codes: Any, reveal: bool = False, registry: Registry | None = None) -> Any:
    """Decodes many inputs, reading them without the GIL.

    - A list (or any other sequence) of ``str`` or ``bytes``: the list of dicts that ``decode``
      returns for each, exactly.
    - A ``pyarrow`` string array (``string``, ``large_string`` or ``string_view``), or a
      binary one (``binary``, ``large_binary``, ``binary_view``: bytes as scanned, which need
      not be UTF-8); an ``Array`` or a ``ChunkedArray``: a ``pyarrow.Table`` of one row per
      input with the
      columns ``input`` (masked as in the report), ``ok``, ``form``, ``conformant``,
      ``issuers`` (list of registry IDs), ``rule`` and ``offset`` (the error's, else the first
      violation's; null when there is neither). A null input gives a row of nulls.

    With ``registry`` (a ``Registry``), codes are attributed through it, as ``decode`` does.

    >>> decode_many(["wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"])[0]["issuers"]
    ['wechat-pay']
    """
    if isinstance(codes, list):
        return _native.decode_list(codes, reveal, registry)
    pa = sys.modules.get("pyarrow")
    if pa is not None and isinstance(codes, (pa.Array, pa.ChunkedArray)):
        return _decode_arrow(pa, codes, reveal, registry)
    if isinstance(codes, (str, bytes)):
        raise TypeError("paycode: decode_many takes a list of codes; for one code, use decode")
    return _native.decode_list(list(codes), reveal, registry)


def _decode_arrow(pa: Any, codes: Any, reveal: bool, registry: Any) -> Any:
    if isinstance(codes, pa.ChunkedArray):
        chunks = codes.chunks
        if not chunks:
            chunks = [pa.array([], type=pa.string())]
        tables = [_arrow_table(pa, c, reveal, registry) for c in chunks]
        return pa.concat_tables(tables) if len(tables) > 1 else tables[0]
    return _arrow_table(pa, codes, reveal, registry)


def _arrow_table(pa: Any, arr: Any, reveal: bool, registry: Any) -> Any:
    if getattr(pa.types, "is_string_view", lambda _: False)(arr.type):
        # A view names a buffer, an offset and a length, which pyarrow's cast trusts: a view
        # out of bounds would read memory that is not the array's. Checked in full first (as
        # binary, so that text that is not UTF-8 still reaches the reader, MPM-UTF-1).
        try:
            arr.view(pa.binary_view()).validate(full=True)
        except (pa.ArrowInvalid, pa.ArrowException) as e:
            bad = type(e).__name__
        else:
            bad = None
        if bad is not None:
            raise ValueError(f"paycode: the string_view array's views are not valid ({bad})")
        arr = arr.cast(pa.large_string())
    if getattr(pa.types, "is_binary_view", lambda _: False)(arr.type):
        try:
            arr.validate(full=True)
        except (pa.ArrowInvalid, pa.ArrowException) as e:
            bad = type(e).__name__
        else:
            bad = None
        if bad is not None:
            raise ValueError(f"paycode: the binary_view array's views are not valid ({bad})")
        arr = arr.cast(pa.large_binary())
    # A binary array has a string array's layout: it carries bytes a scanner read, which
    # need not be UTF-8 (the reader says so, MPM-UTF-1), as Spark's binary columns do.
    if pa.types.is_string(arr.type) or pa.types.is_binary(arr.type):
        large = False
    elif pa.types.is_large_string(arr.type) or pa.types.is_large_binary(arr.type):
        large = True
    else:
        raise TypeError(f"paycode: decode_many reads string or binary arrays, not {arr.type}")
    if len(arr) <= _BATCH:
        return pa.Table.from_batches([_arrow_batch(pa, arr, large, reveal, registry)])
    batches = [
        _arrow_batch(pa, arr.slice(at, _BATCH), large, reveal, registry)
        for at in range(0, len(arr), _BATCH)
    ]
    return pa.Table.from_batches(batches)


def _arrow_batch(pa: Any, arr: Any, large: bool, reveal: bool, registry: Any) -> Any:
    validity, offsets, data = arr.buffers()
    if arr.null_count == 0:
        validity = None
    (
        rows, nulls, valid,
        in_off, in_data, ok, form_off, form_data, conformant,
        iss_lists, iss_off, iss_data,
        rule_nulls, rule_valid, rule_off, rule_data,
        off_nulls, off_valid, off_values,
    ) = _native.decode_arrow(
        validity, offsets, data, arr.offset, len(arr), large, reveal, registry
    )
    buf = pa.py_buffer
    row_valid = buf(valid) if nulls else None
    s = pa.string()

    def utf8(off: bytes, data: bytes, validity: Any = None, null_count: int = 0) -> Any:
        return pa.Array.from_buffers(s, len(off) // 4 - 1, [validity, buf(off), buf(data)], null_count)

    issuer = utf8(iss_off, iss_data)
    columns = [
        utf8(in_off, in_data, row_valid, nulls),
        pa.Array.from_buffers(pa.bool_(), rows, [row_valid, buf(ok)], nulls),
        utf8(form_off, form_data, row_valid, nulls),
        pa.Array.from_buffers(pa.bool_(), rows, [row_valid, buf(conformant)], nulls),
        pa.Array.from_buffers(pa.list_(s), rows, [row_valid, buf(iss_lists)], nulls, children=[issuer]),
        utf8(rule_off, rule_data, buf(rule_valid) if rule_nulls else None, rule_nulls),
        pa.Array.from_buffers(pa.int64(), rows, [buf(off_valid) if off_nulls else None, buf(off_values)], off_nulls),
    ]
    return pa.RecordBatch.from_arrays(columns, names=list(ARROW_FIELDS))
