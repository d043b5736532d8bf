"""Decode a file of merchant codes with PySpark and write a per-issuer, per-rule summary.

    python spark_summary.py CODES.txt OUT_DIR [--master local[2]] [--registry DOC.json]

CODES.txt holds one code a line (any file Spark's text reader takes: a directory, a glob, an
object store path). Each batch of lines goes through a pandas UDF over paycode's Arrow path
(``paycode.decode_many`` on a pyarrow string array: one native call a batch, without the
GIL), and the result is grouped by the code's most likely issuer and by the rule it breaks:

    issuer,rule,codes,readable
    alipay,,812,812
    unionpay,MPM-CRC-1,3,0
    ...

``issuer`` is the first registry ID of the report's ``issuers`` (empty when none claims the
code), ``rule`` the rule of the error, else of the first violation (empty for a conformant
code), ``codes`` how many lines, ``readable`` how many of them read (``ok``). OUT_DIR gets
one CSV file with a header, sorted by issuer and rule. With ``--registry``, codes are
attributed through that run-time registry document (spec/registry.json's shape), read on the
driver and shipped to the executors inside the UDF (a ``paycode.Registry`` pickles as its
document). On a cluster, the same script runs
with ``spark-submit`` (docs/spark.md): the executors need only the paycode wheel.
"""

from __future__ import annotations

import argparse
import pathlib
from typing import Any

import pandas as pd
import pyarrow as pa
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.functions import pandas_udf
from pyspark.sql.types import BooleanType, StringType, StructField, StructType

DECODED = StructType(
    [
        StructField("issuer", StringType()),
        StructField("rule", StringType()),
        StructField("ok", BooleanType()),
    ]
)


def decoder(registry: Any = None) -> Any:
    """The pandas UDF: one batch of lines to paycode's Arrow table, reduced to what the summary
    groups by; attributed through ``registry`` (a ``paycode.Registry``) when given."""

    @pandas_udf(DECODED)
    def decode(codes: pd.Series) -> pd.DataFrame:
        import paycode  # imported on the executor, where the wheel is installed

        table = paycode.decode_many(pa.array(codes, type=pa.binary()), registry=registry)
        issuers = table.column("issuers").to_pylist()
        return pd.DataFrame(
            {
                "issuer": [i[0] if i else "" for i in issuers],
                "rule": table.column("rule").fill_null("").to_pandas(),
                "ok": table.column("ok").to_pandas(),
            }
        )

    return decode


def summarize(spark: SparkSession, codes: str, registry: Any = None) -> Any:
    """The summary as a DataFrame: issuer, rule, codes, readable."""
    # Each line as the bytes of the file: a line that is not UTF-8 reaches paycode, which
    # reports it (MPM-UTF-1), instead of failing the job in Spark's conversion to pandas.
    lines = spark.read.text(codes).where(F.length("value") > 0)
    raw = lines.select(F.col("value").cast("binary").alias("value"))
    decoded = raw.select(decoder(registry)("value").alias("d")).select("d.*")
    return (
        decoded.groupBy("issuer", "rule")
        .agg(F.count(F.lit(1)).alias("codes"), F.sum(F.col("ok").cast("long")).alias("readable"))
        .orderBy("issuer", "rule")
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("codes", help="the file (or directory, or glob) of codes, one a line")
    ap.add_argument("out", help="the directory the summary CSV is written to")
    ap.add_argument("--master", default=None, help="e.g. local[2]; by default spark-submit's")
    ap.add_argument("--registry", default=None, help="a registry document to attribute through")
    args = ap.parse_args()
    registry = None
    if args.registry:
        import paycode

        registry = paycode.Registry.from_json(pathlib.Path(args.registry).read_text(encoding="utf-8"))
    builder = SparkSession.builder.appName("paycode-summary")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        summary = summarize(spark, args.codes, registry)
        summary.coalesce(1).write.mode("overwrite").option("header", True).csv(args.out)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
