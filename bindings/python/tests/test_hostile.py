"""What an outside attack on the binding found: malformed Arrow views, lone surrogates, errors
that must cross a process boundary, and buffers that do not cover their rows."""

from __future__ import annotations

import json
import pickle
import struct

import pyarrow as pa
import pytest

import paycode
from paycode import _native

CODE = "134556781234567890"


def _views(length: int, prefix: bytes, index: int, offset: int) -> bytes:
    """One string_view slot of more than 12 bytes: length, prefix, buffer index, offset."""
    return struct.pack("<i4sii", length, prefix, index, offset)


@pytest.mark.skipif(not hasattr(pa, "string_view"), reason="pyarrow has no string_view")
@pytest.mark.parametrize(
    "length,index,offset",
    [(18, 7, 0), (18, 0, 1 << 20), (-5, 0, 0), ((1 << 31) - 1, 0, 0)],
    ids=["missing-buffer", "offset-past-buffer", "negative-length", "huge-length"],
)
def test_a_string_view_whose_views_are_out_of_bounds_is_refused(length: int, index: int, offset: int) -> None:
    data = pa.py_buffer(CODE.encode())
    views = pa.py_buffer(_views(length, CODE[:4].encode(), index, offset))
    arr = pa.Array.from_buffers(pa.string_view(), 1, [None, views, data])
    with pytest.raises(ValueError, match="views are not valid"):
        paycode.decode_many(arr)


@pytest.mark.skipif(not hasattr(pa, "string_view"), reason="pyarrow has no string_view")
def test_a_valid_string_view_that_is_not_utf8_still_reads() -> None:
    data = pa.py_buffer(b"\xff" * 20)
    views = pa.py_buffer(_views(20, b"\xff" * 4, 0, 0))
    arr = pa.Array.from_buffers(pa.string_view(), 1, [None, views, data])
    assert paycode.decode_many(arr).column("rule").to_pylist() == ["MPM-UTF-1"]


def test_a_lone_surrogate_is_reported_not_raised_with_the_code() -> None:
    text = CODE + "\ud800"
    report = paycode.decode(text)
    assert report["ok"] is False and report["error"]["rule"] == "MPM-UTF-1"
    assert CODE not in json.dumps(report, ensure_ascii=False)
    assert paycode.decode_many([text, CODE]) == [report, paycode.decode(CODE)]
    assert paycode.scan(text)["ok"] is False


@pytest.mark.parametrize(
    "call",
    [
        lambda t: paycode.route(t, "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"),
        lambda t: paycode.route("wechat-pay", t),
        lambda t: paycode.qr(t),
        lambda t: paycode.from_unified(t),
        lambda t: paycode.to_unified([t]),
        lambda t: paycode.to_unified(["wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"], name=t),
        lambda t: paycode.Registry.from_json(t),
    ],
    ids=["route-wallet", "route-code", "qr", "from_unified", "to_unified", "to_unified-name", "registry"],
)
def test_a_lone_surrogate_in_an_argument_is_refused_without_the_text(call) -> None:
    with pytest.raises(ValueError) as e:
        call(CODE + "\ud800")
    for shown in (str(e.value), repr(e.value), repr(e.value.args)):
        assert CODE not in shown, shown
    assert e.value.__context__ is None or CODE not in repr(e.value.__context__.args)


def test_an_error_pickles_with_its_attributes() -> None:
    with pytest.raises(paycode.PaycodeError) as e:
        paycode.route("no-such-wallet", "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L")
    back = pickle.loads(pickle.dumps(e.value))
    assert type(back) is paycode.PaycodeError
    assert (back.rule, back.offset, back.location, back.message) == (
        e.value.rule,
        e.value.offset,
        e.value.location,
        e.value.message,
    )
    assert str(back) == str(e.value)


def test_offsets_that_do_not_cover_the_rows_are_refused_before_anything_is_reserved() -> None:
    offsets = struct.pack("<ii", 0, 1)
    for length in (1 << 34, (1 << 62)):
        with pytest.raises(ValueError, match="shorter than the array's rows"):
            _native.decode_arrow(None, offsets, b"x", 0, length, False)
    # The same buffers with the length they cover read.
    assert _native.decode_arrow(None, offsets, b"x", 0, 1, False)[0] == 1


def test_a_binary_array_reads_as_the_bytes_it_holds() -> None:
    codes = [b"\xff\xfe" + CODE.encode(), b"wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L", None]
    want = paycode.decode_many(pa.array(codes[:2], type=pa.binary())).to_pylist()
    for t in (pa.binary(), pa.large_binary()) + ((pa.binary_view(),) if hasattr(pa, "binary_view") else ()):
        table = paycode.decode_many(pa.array(codes, type=t))
        assert table.to_pylist()[:2] == want
        assert table.column("rule").to_pylist()[0] == "MPM-UTF-1"
        assert table.column("ok").to_pylist()[1] is True
        assert CODE not in json.dumps(table.to_pylist())
    reports = paycode.decode_many(codes[:2])
    assert [r["ok"] for r in reports] == [x["ok"] for x in want]
