"""The report's contract, masking, the batch paths, the GIL, and errors."""

from __future__ import annotations

import json
import re
import sys
import threading
import time

import jsonschema
import pyarrow as pa
import pytest

import paycode
from conftest import ROOT, load_vectors


def test_reports_match_the_schema(inputs: list, schema: dict) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    for reveal in (False, True):
        for x in inputs:
            errors = list(validator.iter_errors(paycode.decode(x, reveal=reveal)))
            assert not errors, (x, errors[0].message)


def test_scan_is_part_of_the_report(inputs: list) -> None:
    for x in inputs[:200]:
        r = paycode.decode(x)
        s = paycode.scan(x)
        assert s == {k: r[k] for k in ("error", "form", "input", "issuers", "ok", "scan_kind")}


def _credentials(vectors: list) -> list[dict]:
    return [v for v in vectors if v.get("kind") == "text" and v.get("credential")]


def _digit_runs(text: str) -> list[str]:
    return re.findall(r"\d{16,}", text)


def test_masking(vectors: list) -> None:
    creds = _credentials(vectors)
    assert len(creds) > 10
    for v in creds:
        x = v["payload"]
        r = paycode.decode(x)
        assert r["input"] == v["masked"], v["id"]
        dumped = json.dumps(r, ensure_ascii=False)
        for run in _digit_runs(x):
            assert run not in dumped, (v["id"], run)
        assert paycode.scan(x)["input"] == v["masked"]
        table = paycode.decode_many(pa.array([x]))
        assert table.column("input").to_pylist() == [v["masked"]], v["id"]
        assert paycode.decode_many([x]) == [r]
        shown = paycode.decode(x, reveal=True)
        assert shown["input"] == x, v["id"]
        assert paycode.decode_many(pa.array([x]), reveal=True).column("input").to_pylist() == [x]


def _hidden(shown: object, masked: object) -> list[str]:
    """The strings that the revealed report shows where the masked one masks them."""
    if isinstance(shown, dict) and isinstance(masked, dict):
        return [h for k in shown for h in _hidden(shown[k], masked.get(k))]
    if isinstance(shown, list) and isinstance(masked, list):
        return [h for a, b in zip(shown, masked) for h in _hidden(a, b)]
    if isinstance(shown, str) and shown != masked:
        return [shown]
    return []


def test_no_credential_in_any_output(vectors: list) -> None:
    """Numeric payment codes and CPM payloads: what the revealed report shows and the masked
    one does not (the code, the PAN, track 2, the payload) appears nowhere in the masked
    dict, nor in the Arrow table's row."""
    codes = [v["payload"] for v in vectors if v["_file"] in ("numeric.jsonl", "cpm.jsonl") and not v.get("kind")]
    assert len(codes) > 30
    table = paycode.decode_many(pa.array(codes)).to_pylist()
    hidden_somewhere = 0
    for x, row in zip(codes, table):
        r = paycode.decode(x)
        hidden = [h for h in _hidden(paycode.decode(x, reveal=True), r) if len(h) >= 8]
        out = json.dumps(r, ensure_ascii=False) + json.dumps(row, ensure_ascii=False)
        for h in hidden:
            assert h not in out, (x, h)
        hidden_somewhere += bool(hidden)
    assert hidden_somewhere > 30


def test_decode_many_list_is_decode_one_by_one(inputs: list) -> None:
    for reveal in (False, True):
        assert paycode.decode_many(inputs, reveal=reveal) == [paycode.decode(x, reveal=reveal) for x in inputs]
    assert paycode.decode_many(tuple(inputs[:10])) == [paycode.decode(x) for x in inputs[:10]]
    assert paycode.decode_many([]) == []


def _main_fields(r: dict) -> dict:
    finding = r["error"] or (r["violations"][0] if r["violations"] else None)
    return {
        "input": r["input"],
        "ok": r["ok"],
        "form": r["form"],
        "conformant": r["conformant"],
        "issuers": r["issuers"],
        "rule": finding["rule"] if finding else None,
        "offset": finding.get("offset") if finding else None,
    }


def test_arrow_path_fields(inputs: list) -> None:
    texts = [x for x in inputs if isinstance(x, str)]
    expected = [_main_fields(paycode.decode(x)) for x in texts]
    for typ in (pa.string(), pa.large_string()):
        arr = pa.array(texts, type=typ)
        table = paycode.decode_many(arr)
        assert table.column_names == list(paycode.ARROW_FIELDS)
        assert table.schema.field("issuers").type == pa.list_(pa.string())
        assert table.schema.field("offset").type == pa.int64()
        assert table.to_pylist() == expected
        # A slice reads from its offset; a chunked array chunk by chunk.
        assert paycode.decode_many(arr.slice(7, 50)).to_pylist() == expected[7:57]
        chunked = pa.chunked_array([arr.slice(0, 100), arr.slice(100)])
        assert paycode.decode_many(chunked).to_pylist() == expected
    if hasattr(pa, "string_view"):
        assert paycode.decode_many(pa.array(texts[:20], type=pa.string_view())).to_pylist() == expected[:20]


def test_arrow_nulls_and_empties() -> None:
    arr = pa.array(["134556781234567890", None, "", None, "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"])
    rows = paycode.decode_many(arr).to_pylist()
    assert rows[1] == dict.fromkeys(paycode.ARROW_FIELDS)
    assert rows[3] == rows[1]
    assert rows[0] == _main_fields(paycode.decode("134556781234567890"))
    assert rows[2] == _main_fields(paycode.decode(""))
    assert rows[4]["issuers"] == ["wechat-pay"]
    assert paycode.decode_many(arr.slice(1, 3)).to_pylist() == rows[1:4]
    assert paycode.decode_many(pa.array([], pa.string())).num_rows == 0
    assert paycode.decode_many(pa.chunked_array([], pa.string())).num_rows == 0
    assert paycode.decode_many(pa.nulls(3, pa.large_string())).to_pylist() == [rows[1]] * 3
    # pyarrow checks an array's buffers; the native half checks them again, so buffers that
    # do not hold what they claim are refused, not read past their end.
    from paycode import _native

    offsets = b"\0\0\0\0\x01\0\0\0\x09\0\0\0"
    for args in (
        (None, offsets, b"ab", 0, 2, False),  # an offset past the data
        (None, offsets, b"abcdefghi", 1, 2, False),  # rows past the offsets
        (b"", offsets, b"abcdefghi", 0, 2, False),  # a validity bitmap too short
        (None, offsets, b"abcdefghi", 0, 2, True),  # 64-bit offsets: too few
    ):
        with pytest.raises(ValueError):
            _native.decode_arrow(*args)
    assert _native.decode_arrow(None, offsets, b"abcdefghi", 0, 2, False)[0] == 2
    with pytest.raises(TypeError):
        paycode.decode_many(pa.array([1, 2]))


def _progress_during(call, *args) -> tuple[float, float]:
    """Runs call(*args) while another thread counts; returns the call's duration and the longest
    time the other thread went without counting during it."""
    stamps: list[float] = []
    stop = threading.Event()

    def count() -> None:
        while not stop.is_set():
            stamps.append(time.perf_counter())

    old = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.05)
    try:
        t0 = time.perf_counter()
        call(*args)
        t1 = time.perf_counter()
    finally:
        stop.set()
        t.join()
        sys.setswitchinterval(old)
    inside = [t0] + [s for s in stamps if t0 <= s <= t1] + [t1]
    gap = max(b - a for a, b in zip(inside, inside[1:]))
    return t1 - t0, gap


def test_the_gil_is_released(inputs: list) -> None:
    texts = [x for x in inputs if isinstance(x, str)]
    big = pa.array(texts * (200_000 // len(texts) + 1))
    # With the GIL held through the call, the other thread could not count at all: the
    # longest gap would be the whole call.
    duration, gap = _progress_during(paycode.decode_many, big)
    assert duration > 0.05
    assert gap < 0.25 * duration, (duration, gap)
    # The list path holds the GIL to read the list and to build the dicts, not to decode.
    many = texts * (60_000 // len(texts) + 1)
    duration, gap = _progress_during(paycode.decode_many, many)
    assert gap < 0.8 * duration, (duration, gap)


def test_errors() -> None:
    with pytest.raises(paycode.PaycodeError) as e:
        paycode.route("no-such-wallet", "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L")
    assert (e.value.rule, e.value.offset, e.value.location) == ("REG-ID-1", 0, "input")
    assert e.value.message == "no issuer of the registry has this id"
    assert isinstance(e.value, ValueError)
    with pytest.raises(paycode.PaycodeError) as e:
        paycode.route("wechat-pay", "134556781234567890")
    assert e.value.rule == "RTE-CODE-1"
    assert "134556781234567890" not in str(e.value)
    with pytest.raises(paycode.PaycodeError) as e:
        paycode.to_unified(["wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L", "https://evil.example/x"])
    assert e.value.index == 1 and e.value.rule is not None and str(e.value).startswith("codes[1]: ")
    with pytest.raises(paycode.PaycodeError) as e:
        paycode.to_unified(["wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"], name="X" * 40)
    assert e.value.rule == "MPM-LEN-1" and e.value.location == "output"
    with pytest.raises(paycode.PaycodeError) as e:
        paycode.from_unified("00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A")
    assert e.value.rule is None and e.value.message == "the payload carries no legacy code"
    with pytest.raises(paycode.PaycodeError) as e:
        paycode.qr("A" * 3000, ecc="H")
    assert e.value.rule == "QR-LEN-1"
    with pytest.raises(ValueError):
        paycode.qr("x", ecc="Z")
    with pytest.raises(ValueError):
        paycode.qr("x", format="png")
    with pytest.raises(TypeError):
        paycode.decode(12)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        paycode.decode_many("not a list")
    with pytest.raises(TypeError):
        paycode.to_unified(["wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"], amount=True)
    with pytest.raises(TypeError):
        paycode.to_unified(["wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"], alternate={"name": "面馆"})
    # An unreadable input is a report, not an exception.
    assert paycode.decode("hello")["error"]["rule"] == "SCAN-FORM-1"


def test_bytes_and_str_read_alike() -> None:
    x = "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"
    assert paycode.decode(x.encode()) == paycode.decode(x)
    assert paycode.decode(b"\xff\xfe")["error"]["rule"] == "MPM-UTF-1"


def test_typing_files_are_installed() -> None:
    import pathlib

    pkg = pathlib.Path(paycode.__file__).parent
    # The wheel's package, installed, not the source tree's python/paycode.
    assert "site-packages" in pkg.parts, pkg
    assert (pkg / "py.typed").exists()
    stub = (pkg / "__init__.pyi").read_text()
    for name in paycode.__all__:
        assert re.search(rf"^(def|class) {name}\b|^{name}:|^from \.types import {name} as {name}$", stub, re.M), name


def test_stubs_match_the_module() -> None:
    """mypy's stubtest: every name, signature and class of __init__.pyi as the module has it."""
    import subprocess

    p = subprocess.run([sys.executable, "-m", "mypy.stubtest", "paycode"], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout[-3000:]


def test_arrow_batches(inputs: list, monkeypatch: pytest.MonkeyPatch) -> None:
    """An array longer than one native call's batch is decoded in slices: the same rows."""
    texts = [x for x in inputs if isinstance(x, str)]
    arr = pa.array(texts, type=pa.large_string())
    whole = paycode.decode_many(arr)
    monkeypatch.setattr(paycode, "_BATCH", 64)
    sliced = paycode.decode_many(arr)
    assert len(sliced.column("input").chunks) == (len(texts) + 63) // 64
    assert sliced.to_pylist() == whole.to_pylist()


def test_threads_share_a_registry(inputs: list) -> None:
    """Calls from several threads at once (each releases the GIL) with one registry give what
    one thread gives."""
    from concurrent.futures import ThreadPoolExecutor

    registry = paycode.Registry.from_json((ROOT / "bindings" / "c" / "tests" / "registry-doc.json").read_text())
    texts = [x for x in inputs if isinstance(x, str)]
    arr = pa.array(texts * 20)
    want_table = paycode.decode_many(arr, registry=registry).to_pylist()
    want_list = paycode.decode_many(texts, registry=registry)
    with ThreadPoolExecutor(4) as pool:
        tables = list(pool.map(lambda _: paycode.decode_many(arr, registry=registry).to_pylist(), range(8)))
        lists = list(pool.map(lambda _: paycode.decode_many(texts, registry=registry), range(8)))
    assert all(t == want_table for t in tables)
    assert all(x == want_list for x in lists)
