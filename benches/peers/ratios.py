#!/usr/bin/env python3
"""Prints the ratios BENCHMARKS.md reports, from the last `cargo bench` run in this folder.

Criterion's median estimate of each benchmark is read from target/criterion; every ratio is
between two benchmarks of the same run, so the machine's speed cancels out.
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent / "target" / "criterion"


def median(group, bench):
    path = ROOT / group / bench / "new" / "estimates.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["median"]["point_estimate"]


for payload in ["pix-154", "emvco-b7"]:
    group = f"peers_{payload}"
    ours = median(group, "paycode parse")
    crc = median(group, "crc alone (paycode, slice-by-16)")
    print(f"{payload}: paycode parse {ours:.1f} ns, crc alone {crc:.1f} ns, "
          f"parse/crc = {ours / crc:.2f}")
    for peer in ["promptparse__parse strict", "emv-qrcps base_parser + validate"]:
        theirs = median(group, peer)
        if theirs is None:
            print(f"  {peer}: not timed (it panics or rejects the payload)")
        else:
            print(f"  {peer}: {theirs:.1f} ns, paycode is {theirs / ours:.1f}x faster")
