#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from spec/vectors/*.jsonl: one file per vector, named by its ID.

Run from anywhere; .ci/run calls it before fuzzing. The corpus itself is not committed: the
vectors are the source of truth, and a crash found by fuzzing becomes a named vector there.
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGETS = {
    "mpm_parse": ["mpm"],
    "mpm_roundtrip": ["mpm"],
    "numeric": ["numeric"],
    "cpm": ["cpm"],
    "legacy": ["legacy"],
    "alipay_plus": ["alipay-plus"],
    # Issuing reads payloads to make dynamic, and merchant fields from the same text.
    "issuing": ["mpm", "unified-issuing"],
    # Masking reads any text: its own vectors and every consumer and merchant code.
    "mask": ["masking", "numeric", "cpm", "legacy"],
}

for target, forms in TARGETS.items():
    out = ROOT / "fuzz" / "corpus" / target
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    paths = sorted(p for form in forms for p in (ROOT / "spec" / "vectors").glob(f"{form}*.jsonl"))
    for path in paths:
        for line in path.read_text(encoding="utf-8").split("\n"):
            if not line.strip():
                continue
            v = json.loads(line)
            if "payload" in v:
                data = v["payload"].encode("utf-8")
            elif "payload_hex" in v:
                data = bytes.fromhex(v["payload_hex"])
            else:
                continue  # a conversion that is refused has no payload
            (out / v["id"]).write_bytes(data)
            n += 1
    print(f"fuzz/corpus/{target}: {n} seeds")

# The wrapper target reads a selector byte (which wrapper; high bit: content unencoded) and
# the content: every legacy vector's payload is content, under each wrapper.
out = ROOT / "fuzz" / "corpus" / "wrapper"
out.mkdir(parents=True, exist_ok=True)
n = 0
for path in sorted((ROOT / "spec" / "vectors").glob("legacy*.jsonl")):
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        v = json.loads(line)
        data = v["payload"].encode("utf-8")
        for selector in (0, 1, 2, 3, 0x81):
            (out / f"{v['id']}-{selector:02x}").write_bytes(bytes([selector]) + data)
            n += 1
print(f"fuzz/corpus/wrapper: {n} seeds")

# The qr target reads a level byte (0-3: L, M, Q, H) and the text: every QR vector's payload,
# at its level, and the merchant payloads at M.
out = ROOT / "fuzz" / "corpus" / "qr"
out.mkdir(parents=True, exist_ok=True)
n = 0
levels = {"L": 0, "M": 1, "Q": 2, "H": 3}
for path in sorted((ROOT / "spec" / "vectors").glob("*.jsonl")):
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        v = json.loads(line)
        if not isinstance(v.get("payload"), str):
            continue
        level = levels.get(v.get("ecc", "M"), 1)
        (out / v["id"]).write_bytes(bytes([level]) + v["payload"].encode("utf-8"))
        n += 1
print(f"fuzz/corpus/qr: {n} seeds")

# The registry_doc target reads a registry document: the registry itself, and one small
# document per numeric rule shape, seed the JSON structure the reader walks.
out = ROOT / "fuzz" / "corpus" / "registry_doc"
out.mkdir(parents=True, exist_ok=True)
(out / "registry.json").write_bytes((ROOT / "spec" / "registry.json").read_bytes())
(out / "small.json").write_bytes(
    b'{"issuers": [{"id": "x", "name": {"en": "X", "zh": "x"}, "rank": 5, "numeric": '
    b'[{"prefixes": ["77"], "lengths": [16], "digit": {"at": 5, "is": "6"}, '
    b'"confidence": "secondary"}], "mpm_guids": [{"guid": "a.b"}], '
    b'"cpm_aids": [{"aid": "A000000333"}]}]}'
)
print("fuzz/corpus/registry_doc: 2 seeds")
