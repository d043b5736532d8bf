"""Times cemacqr (PyPI) over a file of merchant-presented payloads, one per line, in bulk
through its Python API: parse_payload, then validate, for every line. Prints the time per
code in nanoseconds on the last line. Run by `cargo bench -p paycode-cli --bench throughput`
when the Python it is given can import cemacqr (PAYCODE_PYTHON, default python3)."""

import sys
import time

import cemacqr

codes = [line.rstrip("\n") for line in open(sys.argv[1], encoding="utf-8")]
start = time.perf_counter()
for code in codes:
    try:
        cemacqr.validate(cemacqr.parse_payload(code))
    except cemacqr.CemacQrError:
        pass
elapsed = time.perf_counter() - start
print(f"{elapsed / len(codes) * 1e9:.1f}")
