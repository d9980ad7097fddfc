#!/usr/bin/env python3
"""Writes the deterministic AttestMetrics test fixtures (seeded numpy) into
Tests/AttestMetricsTests/Fixtures. Run from the package root:  python3 scripts/oracles/make_fixtures.py
"""
import json
import os

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "AttestMetricsTests", "Fixtures")


def write_csv(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(str(v) for v in row) + "\n")


def credit_small(rng):
    n = 500
    rows = []
    for i in range(n):
        sex = "F" if rng.random() < 0.45 else "M"
        u = rng.random()
        race = "A" if u < 0.55 else ("B" if u < 0.95 else "C")  # C is a small group (< 30)
        base = 0.35 + (0.1 if sex == "M" else 0) + (0.1 if race == "A" else 0)
        label = rng.random() < base
        logit = (1.0 if label else -1.0) + (0.3 if sex == "M" else -0.2) + rng.normal(0, 1.2)
        score = round(1 / (1 + np.exp(-logit)), 2)  # two decimals: many tied scores
        if i == 7:
            score = 0.0
        if i == 11:
            score = 1.0
        pred = score >= 0.5
        weight = round(0.5 + 1.5 * rng.random(), 3)
        rows.append([i + 1, sex, race, "approved" if label else "denied",
                     "approved" if pred else "denied", f"{score:.2f}", weight])
    write_csv("credit_small.csv", ["id", "sex", "race", "outcome", "decision", "score", "weight"], rows)


def no_positives(rng):
    rows = []
    for i in range(120):
        group = ["A", "B", "C"][i % 3]
        label = 0 if group == "C" else int(rng.random() < 0.5)
        pred = int(rng.random() < (0.0 if group == "C" else 0.5))
        score = round(rng.random(), 3)
        rows.append([i + 1, group, label, pred, score])
    write_csv("no_positives.csv", ["id", "group", "label", "prediction", "score"], rows)


def regression_small(rng):
    rows = []
    for i in range(300):
        region = ["north", "south", "west"][int(rng.integers(0, 3))]
        x = rng.normal(50, 10)
        y = round(x + (5 if region == "south" else 0) + rng.normal(0, 3), 4)
        yhat = round(x + rng.normal(0, 4), 4)
        w = round(0.2 + rng.random() * 2, 3)
        rows.append([i + 1, region, y, yhat, w])
    write_csv("regression_small.csv", ["id", "region", "target", "predicted", "weight"], rows)


def jsonl_small(rng):
    with open(os.path.join(OUT, "credit_small.jsonl"), "w") as f:
        for i in range(200):
            group = "x" if rng.random() < 0.6 else "y"
            label = int(rng.random() < 0.4)
            score = round(float(np.clip(0.5 * label + rng.normal(0.3, 0.2), 0, 1)), 4)
            rec = {"id": i + 1, "label": label, "prediction": int(score >= 0.5), "score": score,
                   "group": group, "note": "row \"%d\", ok" % i}
            f.write(json.dumps(rec) + "\n")


def drift(rng):
    def numeric_rows(n, shift, scale):
        rows = []
        for _ in range(n):
            income = round(float(rng.lognormal(10 + shift, 0.4 * scale)), 2)
            tenure = int(rng.integers(0, 20 + int(10 * shift)))  # many ties
            region = rng.choice(["north", "south", "east", "west"], p=[0.4, 0.3, 0.2 - shift / 10, 0.1 + shift / 10])
            channel = rng.choice(["web", "branch"], p=[0.6 + shift / 5, 0.4 - shift / 5])
            rows.append([income, tenure, region, channel])
        return rows
    header = ["income", "tenure", "region", "channel"]
    write_csv("drift_reference.csv", header, numeric_rows(1200, 0.0, 1.0))
    write_csv("drift_current.csv", header, numeric_rows(900, 0.3, 1.2))
    write_csv("drift_current_same_size.csv", header, numeric_rows(1200, 0.05, 1.0))
    write_csv("drift_current_stable.csv", header, numeric_rows(900, 0.0, 1.0))
    write_csv("drift_reference_large.csv", header, numeric_rows(11000, 0.0, 1.0))


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240601)
    credit_small(rng)
    no_positives(rng)
    regression_small(rng)
    jsonl_small(rng)
    drift(rng)


if __name__ == "__main__":
    main()
