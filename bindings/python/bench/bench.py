"""decode_many's cost per code against the Rust library's, in one run (issue 10: <= 3x).

    nice -n 0 python bindings/python/bench/bench.py [--codes 60000] [--rounds 7]

The corpus: every input of spec/vectors (which hold the tool's samples) and codes generated
from a fixed seed in the shares of cli/benches/throughput.rs (merchant payloads of four
schemes with their CRC, one in twenty corrupted; numeric payment codes, one in twenty with a
stray letter; legacy wallet URLs; consumer-presented payloads; text that is no code), shuffled.

Timed alternately, each round once, on the same codes:

- A, the Arrow path: ``paycode.decode_many(pyarrow_string_array)``, from the call to the
  ``pyarrow.Table`` (reading the array in place, the reports, the columns' buffers, the
  arrays made of them);
- B, the baseline: ``paycode._native.baseline(codes, "columns")``, the same library work in
  Rust without Python, timed inside Rust: for each code (copied into a Rust Vec before the
  clock starts) ``Report::new(code)`` serialized into the same columns, i.e. the report's
  input (masked), ok, form, conformant, issuers and finding computed by the library;
- L, the list path: ``paycode.decode_many(list_of_str)``, the full dicts;
- and, for scale, J: each report serialized whole as JSON into a sink (what the tool writes),
  and S: ``paycode::scan::scan`` then ``is_conformant`` where the form has rules (the
  library's parse + validate, as cli/benches/throughput.rs times it), without the report.

Prints the medians per code and the ratios A/B and L/B (and A/S). Asserts nothing about time.
"""

from __future__ import annotations

import argparse
import binascii
import json
import pathlib
import random
import statistics
import sys
import time

import pyarrow as pa

import paycode
from paycode import _native

ROOT = pathlib.Path(__file__).resolve().parents[3]

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ "
DIGITS = "0123456789"
TOKEN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
LOWER = "abcdefghijklmnopqrstuvwxyz0123456789"
CPM = [
    "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=",
    "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==",
]


def tlv(i: int, v: str) -> str:
    return f"{i:02}{len(v):02}{v}"


def with_crc(body: str) -> str:
    head = body + "6304"
    # CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF (spec/mpm.md).
    return head + f"{binascii.crc_hqx(head.encode(), 0xFFFF):04X}"


def generate(n: int, seed: int = 0x5EED) -> list[str]:
    rng = random.Random(seed)
    text = lambda alphabet, k: "".join(rng.choice(alphabet) for _ in range(k))  # noqa: E731
    out = []
    for _ in range(n):
        roll = rng.randrange(100)
        if roll < 30:
            name = text(UPPER, 5 + rng.randrange(20)).strip() or "SHOP"
            amount = f"{rng.randrange(10_000)}.{rng.randrange(100):02}"
            kind = rng.randrange(4)
            if kind == 0:
                body = "".join([tlv(0, "01"), tlv(26, tlv(0, "br.gov.bcb.pix") + tlv(1, text(LOWER, 36))),
                                tlv(52, "0000"), tlv(53, "986"), tlv(54, amount), tlv(58, "BR"),
                                tlv(59, name), tlv(60, "BRASILIA"), tlv(62, tlv(5, text(TOKEN, 10)))])
            elif kind == 1:
                body = "".join([tlv(0, "01"), tlv(1, "11"),
                                tlv(29, tlv(0, "A000000677010111") + tlv(1, "0066" + text(DIGITS, 9))),
                                tlv(58, "TH"), tlv(53, "764")])
            elif kind == 2:
                body = "".join([tlv(0, "01"), tlv(1, "12"), tlv(15, "6" + text(DIGITS, 14)),
                                tlv(52, "5812"), tlv(53, "156"), tlv(54, amount), tlv(58, "CN"),
                                tlv(59, name), tlv(60, "BEIJING"), tlv(64, tlv(0, "ZH") + tlv(1, "面馆"))])
            else:
                body = "".join([tlv(0, "01"), tlv(1, "11"),
                                tlv(26, tlv(0, "cn.paycode.wx") + tlv(1, "01") + tlv(2, text(TOKEN, 32))),
                                tlv(52, "0000"), tlv(53, "156"), tlv(58, "CN"), tlv(59, name),
                                tlv(60, "CHINA")])
            code = with_crc(body)
            if rng.randrange(20) == 0:
                at = rng.randrange(len(code) - 8)
                code = code[:at] + "Z" + code[at + 1:]
        elif roll < 55:
            kind = rng.randrange(3)
            if kind == 0:
                prefix, length = f"1{rng.randrange(6)}", 18
            elif kind == 1:
                prefix, length = f"2{5 + rng.randrange(6)}", 16 + rng.randrange(9)
            else:
                prefix, length = "62", 19
            code = prefix + text(DIGITS, length - 2)
            if rng.randrange(20) == 0:
                code += "x"
        elif roll < 85:
            kind = rng.randrange(3)
            if kind == 0:
                code = "wxp://f2f0" + text(TOKEN, 32)
            elif kind == 1:
                code = "https://qr.alipay.com/" + text(LOWER, 20)
            else:
                code = "https://qr.95516.com/00010000/" + text(DIGITS, 26)
        elif roll < 95:
            code = CPM[rng.randrange(2)]
        else:
            code = text(TOKEN, 1 + rng.randrange(40))
        out.append(code)
    return out


def vector_inputs() -> list[str]:
    out = []
    for path in sorted((ROOT / "spec" / "vectors").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                v = json.loads(line)
                for c in [v.get("payload"), v.get("code"), *(v.get("codes") or [])]:
                    if isinstance(c, str):
                        out.append(c)
    return out


def corpus(n: int) -> list[str]:
    codes = vector_inputs() + generate(n)
    random.Random(1).shuffle(codes)
    return codes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--codes", type=int, default=60_000, help="generated codes (plus the vectors')")
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    codes = corpus(args.codes)
    arr = pa.array(codes, type=pa.string())
    n = len(codes)
    # Warm up: the first call pays for page faults and imports.
    paycode.decode_many(arr)
    _native.baseline(codes, "columns")

    def arrow() -> float:
        t = time.perf_counter()
        table = paycode.decode_many(arr)
        dt = time.perf_counter() - t
        assert table.num_rows == n
        return dt

    def listed() -> float:
        t = time.perf_counter()
        out = paycode.decode_many(codes)
        dt = time.perf_counter() - t
        assert len(out) == n
        return dt

    times: dict[str, list[float]] = {k: [] for k in "ABLJS"}
    for _ in range(args.rounds):
        times["A"].append(arrow())
        times["B"].append(_native.baseline(codes, "columns"))
        times["L"].append(listed())
        times["B"].append(_native.baseline(codes, "columns"))
        times["A"].append(arrow())
        times["J"].append(_native.baseline(codes, "json"))
        times["S"].append(_native.baseline(codes, "scan"))
    ns = {k: statistics.median(v) / n * 1e9 for k, v in times.items()}
    print(f"{n} codes ({len(vector_inputs())} from spec/vectors), {args.rounds} rounds, "
          f"Python {sys.version.split()[0]}, pyarrow {pa.__version__}, paycode {paycode.__version__}")
    print(f"A  decode_many(pyarrow array) -> Table   {ns['A']:8.1f} ns/code")
    print(f"B  library, same work, in Rust           {ns['B']:8.1f} ns/code")
    print(f"L  decode_many(list) -> list[dict]       {ns['L']:8.1f} ns/code")
    print(f"J  library, whole report as JSON         {ns['J']:8.1f} ns/code")
    print(f"S  library, parse + validate, no report  {ns['S']:8.1f} ns/code")
    print(f"A/B = {ns['A'] / ns['B']:.2f}   L/B = {ns['L'] / ns['B']:.2f}   "
          f"A/J = {ns['A'] / ns['J']:.2f}   A/S = {ns['A'] / ns['S']:.2f}")


if __name__ == "__main__":
    main()
