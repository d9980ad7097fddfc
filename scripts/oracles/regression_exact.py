#!/usr/bin/env python3
"""Exact R^2 for labels far from zero: the oracle of RegressionPrecisionTests.

Writes Tests/AttestMetricsTests/Fixtures/regression_large_mean.csv (labels with mean 1e9 and
standard deviation 1, two groups, integer weights) and regression_large_mean.json (R^2 overall
and per group, unweighted and weighted), computed with Python's `fractions`: every double in the
file is converted exactly, and the sums are exact rationals, so the expected values are the
exact R^2 of the doubles the reader parses (the CSV holds each double's shortest round-trip text),
rounded once to 17 significant digits.

Run from the repository root: python3 scripts/oracles/regression_exact.py
"""

import json
import random
from fractions import Fraction
from pathlib import Path

ROWS = 5_000
SEED = 20261130
OUT = Path("Tests/AttestMetricsTests/Fixtures")


def r2(rows, weighted):
    w = [Fraction(r["weight"]) if weighted else Fraction(1) for r in rows]
    y = [Fraction(r["label"]) for r in rows]
    p = [Fraction(r["prediction"]) for r in rows]
    total = sum(w)
    mean = sum(wi * yi for wi, yi in zip(w, y)) / total
    sse = sum(wi * (yi - pi) ** 2 for wi, yi, pi in zip(w, y, p))
    sst = sum(wi * (yi - mean) ** 2 for wi, yi in zip(w, y))
    return 1 - sse / sst


def main():
    rng = random.Random(SEED)
    rows = []
    for _ in range(ROWS):
        group = "a" if rng.random() < 0.6 else "b"
        label = 1e9 + rng.gauss(0.25 if group == "b" else 0.0, 1.0)
        prediction = label + rng.gauss(0.0, 0.7)
        rows.append({"label": label, "prediction": prediction, "group": group, "weight": rng.randint(1, 4)})
    with open(OUT / "regression_large_mean.csv", "w") as f:
        f.write("label,prediction,group,weight\n")
        for r in rows:
            f.write(f"{r['label']!r},{r['prediction']!r},{r['group']},{r['weight']}\n")
    expected = {}
    for weighted in (False, True):
        key = "weighted" if weighted else "unweighted"
        expected[key] = {
            "overall": float(r2(rows, weighted)),
            "a": float(r2([r for r in rows if r["group"] == "a"], weighted)),
            "b": float(r2([r for r in rows if r["group"] == "b"], weighted)),
        }
    with open(OUT / "regression_large_mean.json", "w") as f:
        json.dump({"rows": ROWS, "seed": SEED, "r2": expected}, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
