#!/usr/bin/env python3
"""Reference curve points for the AttestMetrics curve tests.

Reads Tests/AttestMetricsTests/Fixtures/credit_small.csv and writes curves_reference.json next
to it, computed with scikit-learn's roc_curve and precision_recall_curve
(drop_intermediate=False) and calibration_curve (strategy="uniform", 10 bins): overall,
weighted, and per value of `sex`. The positive class is outcome == "approved".

It also writes curve_summary_reference.json: the bounded summary `attest evaluate` records
(docs/evaluation.md, "Curves"): scikit-learn's curves thinned to at most 51 points (21 per
group) by the integer rule of Curves.thin, calibration bins, and confusion_matrix of the
`decision` column, for everyone and per value of `sex` and of `race`, unweighted and weighted.

    python3 -m venv .build/oracle-venv
    .build/oracle-venv/bin/pip install -r scripts/oracles/curves-requirements.txt
    .build/oracle-venv/bin/python scripts/oracles/curves_reference.py
"""
import csv
import json
import math
import os

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import confusion_matrix, precision_recall_curve, roc_curve

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
FIX = os.path.join(ROOT, "Tests", "AttestMetricsTests", "Fixtures")


def num(x):
    x = float(x)
    return x if math.isfinite(x) else None


def curves(y, s, w, name):
    fpr, tpr, roc_t = roc_curve(y, s, sample_weight=w, drop_intermediate=False)
    precision, recall, pr_t = precision_recall_curve(y, s, sample_weight=w, drop_intermediate=False)
    out = {
        "name": name,
        "roc": {"fpr": [num(v) for v in fpr], "tpr": [num(v) for v in tpr], "thresholds": [num(v) for v in roc_t]},
        "pr": {"precision": [num(v) for v in precision], "recall": [num(v) for v in recall], "thresholds": [num(v) for v in pr_t]},
    }
    if w is None:
        prob_true, prob_pred = calibration_curve(y, s, n_bins=10, strategy="uniform")
        out["calibration"] = {"prob_true": [num(v) for v in prob_true], "prob_pred": [num(v) for v in prob_pred]}
    return out


def thin(values, limit):
    n = len(values)
    if n <= limit:
        return list(values)
    return [values[(i * (n - 1) + (limit - 1) // 2) // (limit - 1)] for i in range(limit)]


def summary(y, p, s, w, limit):
    (tn, fp), (fn, tp) = confusion_matrix(y, p, labels=[0, 1], sample_weight=w)
    fpr, tpr, roc_t = roc_curve(y, s, sample_weight=w, drop_intermediate=False)
    precision, recall, pr_t = precision_recall_curve(y, s, sample_weight=w, drop_intermediate=False)
    prob_true, prob_pred = calibration_curve(y, s, n_bins=10, strategy="uniform")
    return {
        "confusion": {"tp": num(tp), "fp": num(fp), "tn": num(tn), "fn": num(fn), "rows": int(len(y))},
        "roc": {"fpr": thin([num(v) for v in fpr], limit), "tpr": thin([num(v) for v in tpr], limit),
                "thresholds": thin([num(v) for v in roc_t], limit)},
        "pr": {"precision": thin([num(v) for v in precision], limit), "recall": thin([num(v) for v in recall], limit),
               "thresholds": thin([num(v) for v in pr_t] + [None], limit)},
        "calibration": {"prob_true": [num(v) for v in prob_true], "prob_pred": [num(v) for v in prob_pred]},
    }


def summaries(rows):
    y = np.array([r["outcome"] == "approved" for r in rows], dtype=int)
    p = np.array([r["decision"] == "approved" for r in rows], dtype=int)
    s = np.array([float(r["score"]) for r in rows])
    w = np.array([float(r["weight"]) for r in rows])
    cases = []
    for name, weights in (("unweighted", None), ("weighted", w)):
        groups = []
        for column in ("sex", "race"):
            values = np.array([r[column] for r in rows])
            for value in sorted(set(values)):
                mask = values == value
                groups.append({"column": column, "label": value,
                               "curves": summary(y[mask], p[mask], s[mask], None if weights is None else weights[mask], 21)})
        cases.append({"name": name, "overall": summary(y, p, s, weights, 51), "groups": groups})
    return cases


def main():
    with open(os.path.join(FIX, "credit_small.csv"), newline="") as handle:
        rows = list(csv.DictReader(handle))
    y = np.array([r["outcome"] == "approved" for r in rows], dtype=int)
    s = np.array([float(r["score"]) for r in rows])
    w = np.array([float(r["weight"]) for r in rows])
    sex = np.array([r["sex"] for r in rows])
    cases = [curves(y, s, None, "overall"), curves(y, s, w, "weighted")]
    for value in sorted(set(sex)):
        mask = sex == value
        cases.append(curves(y[mask], s[mask], None, "sex=" + value))
    reference = {"generator": "scikit-learn " + sklearn.__version__ + ", numpy " + np.__version__, "cases": cases}
    with open(os.path.join(FIX, "curves_reference.json"), "w") as handle:
        json.dump(reference, handle, indent=1, sort_keys=True)
        handle.write("\n")
    summary_reference = {"generator": reference["generator"], "cases": summaries(rows)}
    with open(os.path.join(FIX, "curve_summary_reference.json"), "w") as handle:
        json.dump(summary_reference, handle, indent=1, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main()
