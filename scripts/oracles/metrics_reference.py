#!/usr/bin/env python3
"""Reference values for the AttestMetrics agreement tests.

Reads the committed fixtures in Tests/AttestMetricsTests/Fixtures and writes reference.json
next to them, computed with fairlearn 0.15, scikit-learn, scipy and numpy:

    pip install "fairlearn==0.15.*" scikit-learn scipy pandas numpy
    python3 scripts/oracles/make_fixtures.py        # only to regenerate the fixtures
    python3 scripts/oracles/metrics_reference.py

Where scikit-learn or fairlearn silently return 0 (a zero denominator) or raise (one class
for roc_auc), the reference holds null and Attest must report an undefined value.
"""
import json
import math
import os
import platform

import fairlearn
import numpy as np
import pandas as pd
import scipy
import sklearn
from fairlearn.metrics import (MetricFrame, demographic_parity_difference, demographic_parity_ratio,
                               equal_opportunity_difference, equal_opportunity_ratio,
                               equalized_odds_difference, equalized_odds_ratio, selection_rate)
from scipy import stats
from scipy.spatial.distance import jensenshannon
from sklearn import metrics as skm

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
FIX = os.path.join(ROOT, "Tests", "AttestMetricsTests", "Fixtures")


def num(x):
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def load(name):
    path = os.path.join(FIX, name)
    if name.endswith(".jsonl"):
        return pd.read_json(path, lines=True, dtype=False)
    return pd.read_csv(path, keep_default_na=False, dtype=str)


def classification_metrics(y, p, s, w):
    """All Attest classification metrics for one group; None where Attest is undefined."""
    w = np.ones(len(y)) if w is None else np.asarray(w, dtype=float)
    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=int)
    pos = float(np.sum(w[y == 1]))
    neg = float(np.sum(w[y == 0]))
    tp = float(np.sum(w[(y == 1) & (p == 1)]))
    fp = float(np.sum(w[(y == 0) & (p == 1)]))
    fn = float(np.sum(w[(y == 1) & (p == 0)]))
    out = {
        "count": float(len(y)), "weight": float(np.sum(w)), "positives": pos, "negatives": neg,
        "selection_rate": num(selection_rate(y, p, pos_label=1, sample_weight=w)),
        "accuracy": num(skm.accuracy_score(y, p, sample_weight=w)),
        "precision": num(skm.precision_score(y, p, sample_weight=w, zero_division=np.nan)) if tp + fp > 0 else None,
        "recall": num(skm.recall_score(y, p, sample_weight=w, zero_division=np.nan)) if pos > 0 else None,
        "false_positive_rate": num(fp / neg) if neg > 0 else None,
        "false_negative_rate": num(fn / pos) if pos > 0 else None,
        "true_negative_rate": num(1 - fp / neg) if neg > 0 else None,
        "f1": num(skm.f1_score(y, p, sample_weight=w, zero_division=np.nan)) if 2 * tp + fp + fn > 0 else None,
        "balanced_accuracy": num(skm.balanced_accuracy_score(y, p, sample_weight=w)) if pos > 0 and neg > 0 else None,
    }
    # fairlearn's own rate functions, where defined
    from fairlearn.metrics import false_positive_rate, false_negative_rate, true_negative_rate
    if neg > 0:
        out["false_positive_rate"] = num(false_positive_rate(y, p, sample_weight=w))
        out["true_negative_rate"] = num(true_negative_rate(y, p, sample_weight=w))
    if pos > 0:
        out["false_negative_rate"] = num(false_negative_rate(y, p, sample_weight=w))
    if s is not None:
        s = np.asarray(s, dtype=float)
        out["roc_auc"] = num(skm.roc_auc_score(y, s, sample_weight=w)) if pos > 0 and neg > 0 else None
        out["log_loss"] = num(skm.log_loss(y, s, sample_weight=w, labels=[0, 1]))
        out["brier_score"] = num(skm.brier_score_loss(y, s, sample_weight=w, pos_label=1))
    return out


def regression_metrics(y, p, w):
    w = np.ones(len(y)) if w is None else np.asarray(w, dtype=float)
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    constant = np.all(y == y[0])
    return {
        "count": float(len(y)), "weight": float(np.sum(w)),
        "mae": num(skm.mean_absolute_error(y, p, sample_weight=w)),
        "rmse": num(skm.root_mean_squared_error(y, p, sample_weight=w)),
        "r2": None if constant else num(skm.r2_score(y, p, sample_weight=w)),
    }


def disparities(y, p, sf, w, group_metrics):
    """fairlearn disparities; None where a participating group's metric is undefined or a
    ratio's largest (or overall) value is 0."""
    kw = dict(sensitive_features=sf, sample_weight=w)
    tpr_ok = all(g["recall"] is not None for g in group_metrics)
    fpr_ok = all(g["false_positive_rate"] is not None for g in group_metrics)
    out = []
    for method in ["between_groups", "to_overall"]:
        out.append(("demographic_parity_difference", method, None, demographic_parity_difference(y, p, method=method, **kw)))
    for method in ["between_groups", "to_overall"]:
        rates = [g["selection_rate"] for g in group_metrics]
        ok = max(rates) > 0
        out.append(("demographic_parity_ratio", method, None, demographic_parity_ratio(y, p, method=method, **kw) if ok else None))
    for method in ["between_groups", "to_overall"]:
        out.append(("equal_opportunity_difference", method, None, equal_opportunity_difference(y, p, method=method, **kw) if tpr_ok else None))
    for method in ["between_groups", "to_overall"]:
        ok = tpr_ok and max(g["recall"] for g in group_metrics) > 0
        out.append(("equal_opportunity_ratio", method, None, equal_opportunity_ratio(y, p, method=method, **kw) if ok else None))
    for method in ["between_groups", "to_overall"]:
        for agg in ["worst_case", "mean"]:
            ok = tpr_ok and fpr_ok
            out.append(("equalized_odds_difference", method, agg, equalized_odds_difference(y, p, method=method, agg=agg, **kw) if ok else None))
    for method in ["between_groups", "to_overall"]:
        for agg in ["worst_case", "mean"]:
            ok = tpr_ok and fpr_ok and max(g["recall"] for g in group_metrics) > 0 and max(g["false_positive_rate"] for g in group_metrics) > 0
            out.append(("equalized_odds_ratio", method, agg, equalized_odds_ratio(y, p, method=method, agg=agg, **kw) if ok else None))
    return [{"name": n, "method": m, "aggregation": a, "value": num(v)} for n, m, a, v in out]


def to01(series, pos_label):
    values = series.astype(str).str.lower()
    if pos_label is None:
        return values.isin(["1", "1.0", "true"]).astype(int).to_numpy()
    return (values == str(pos_label).lower()).astype(int).to_numpy()


def evaluation(name, file, task, label, prediction, sensitive, score=None, weight=None, pos_label=None):
    df = load(file)
    w = df[weight].astype(float).to_numpy() if weight else None
    spec = {"task": task, "label": label, "prediction": prediction, "score": score, "sensitive": sensitive,
            "weight": weight, "posLabel": pos_label}
    if task == "regression":
        y = df[label].astype(float).to_numpy()
        p = df[prediction].astype(float).to_numpy()
        overall = regression_metrics(y, p, w)
    else:
        y = to01(df[label], pos_label)
        p = to01(df[prediction], pos_label)
        s = df[score].astype(float).to_numpy() if score else None
        overall = classification_metrics(y, p, s, w)
    groupings = []
    combos = [[c] for c in sensitive] + ([sensitive] if len(sensitive) > 1 else [])
    for cols in combos:
        sf = df[cols].astype(str)
        # group membership as fairlearn's MetricFrame forms it (sorted group keys)
        if task == "regression":
            def fn(yt, yp, sample_weight=None):
                return regression_metrics(yt, yp, sample_weight)["mae"]
        else:
            fn = None
        frame = MetricFrame(metrics={"selection_rate": selection_rate}, y_true=y, y_pred=p,
                            sensitive_features=sf, sample_params={"selection_rate": {"sample_weight": w if w is not None else np.ones(len(y))}})
        groups = []
        for key in frame.by_group.index:
            key = key if isinstance(key, tuple) else (key,)
            mask = np.ones(len(df), dtype=bool)
            for c, v in zip(cols, key):
                mask &= (sf[c] == v).to_numpy()
            gw = w[mask] if w is not None else None
            if task == "regression":
                m = regression_metrics(y[mask], p[mask], gw)
            else:
                m = classification_metrics(y[mask], p[mask], s[mask] if score else None, gw)
                # the per-group selection rate must agree with fairlearn's MetricFrame
                assert abs(m["selection_rate"] - float(frame.by_group.loc[key if len(key) > 1 else key[0]]["selection_rate"])) < 1e-12
            groups.append({"values": list(key), "metrics": m})
        entry = {"columns": cols, "groups": groups}
        if task != "regression":
            sfa = sf if len(cols) > 1 else sf[cols[0]]
            entry["disparities"] = disparities(y, p, sfa, w, [g["metrics"] for g in groups])
            rates = [g["metrics"]["selection_rate"] for g in groups]
            entry["four_fifths"] = num(min(rates) / max(rates)) if max(rates) > 0 else None
        groupings.append(entry)
    return {"name": name, "file": file, "spec": spec, "overall": overall, "groupings": groupings}


def psi_bins_numeric(ref, cur):
    edges = np.unique(np.percentile(ref, [10, 20, 30, 40, 50, 60, 70, 80, 90]))
    rc = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=len(edges) + 1).astype(float)
    cc = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=len(edges) + 1).astype(float)
    return rc, cc


def psi(rc, cc):
    r = rc / rc.sum()
    c = cc / cc.sum()
    r = np.where(r == 0, 1e-4, r)
    c = np.where(c == 0, 1e-4, c)
    return float(np.sum((c - r) * np.log(c / r)))


def drift(reference, current, numeric, categorical):
    rdf = load(reference)
    cdf = load(current)
    cols = []
    for c in numeric:
        a = rdf[c].astype(float).to_numpy()
        b = cdf[c].astype(float).to_numpy()
        rc, cc = psi_bins_numeric(a, b)
        ks = stats.ks_2samp(a, b, method="auto")
        cols.append({"name": c, "kind": "numeric", "psi": psi(rc, cc), "ks_statistic": float(ks.statistic),
                     "ks_pvalue": float(ks.pvalue), "js_distance": float(jensenshannon(rc, cc, base=2)),
                     "bins": len(rc)})
    for c in categorical:
        cats = sorted(set(rdf[c]) | set(cdf[c]))
        rc = np.array([float((rdf[c] == k).sum()) for k in cats])
        cc = np.array([float((cdf[c] == k).sum()) for k in cats])
        chi = stats.chi2_contingency(np.vstack([rc, cc]))
        cols.append({"name": c, "kind": "categorical", "psi": psi(rc, cc), "chi2_statistic": float(chi.statistic),
                     "chi2_pvalue": float(chi.pvalue), "js_distance": float(jensenshannon(rc, cc, base=2)),
                     "bins": len(cats)})
    return {"reference": reference, "current": current, "columns": cols}


def main():
    ref = {
        "versions": {"python": platform.python_version(), "fairlearn": fairlearn.__version__,
                     "scikit-learn": sklearn.__version__, "scipy": scipy.__version__,
                     "numpy": np.__version__, "pandas": pd.__version__},
        "evaluations": [
            evaluation("credit_weighted", "credit_small.csv", "binary_classification", "outcome", "decision",
                       ["sex", "race"], score="score", weight="weight", pos_label="approved"),
            evaluation("credit_unweighted", "credit_small.csv", "binary_classification", "outcome", "decision",
                       ["race"], score="score", pos_label="approved"),
            evaluation("no_positives", "no_positives.csv", "binary_classification", "label", "prediction",
                       ["group"], score="score"),
            evaluation("jsonl", "credit_small.jsonl", "binary_classification", "label", "prediction",
                       ["group"], score="score"),
            evaluation("regression_weighted", "regression_small.csv", "regression", "target", "predicted",
                       ["region"], weight="weight"),
        ],
        "drift": [
            drift("drift_reference.csv", "drift_current.csv", ["income", "tenure"], ["region", "channel"]),
            drift("drift_reference.csv", "drift_current_same_size.csv", ["income", "tenure"], ["region", "channel"]),
            drift("drift_reference_large.csv", "drift_current.csv", ["income", "tenure"], ["region"]),
            drift("drift_reference_large.csv", "drift_current_stable.csv", ["income", "tenure"], ["region"]),
        ],
        "kstwo_sf": [[n, x, float(stats.kstwo.sf(x, n))]
                     for n in [3, 20, 140, 141, 400, 832, 5000, 120000]
                     for x in [0.004, 0.01, 0.02, 0.035, 0.05, 0.08, 0.12, 0.2, 0.35, 0.6, 0.9]
                     if float(stats.kstwo.sf(x, n)) > 1e-300],
        "chi2_sf": [[x, k, float(stats.chi2.sf(x, k))]
                    for k in [1, 2, 3, 5, 10, 30] for x in [0.01, 0.5, 1.0, 3.84, 10.0, 25.0, 80.0]],
    }
    with open(os.path.join(FIX, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
