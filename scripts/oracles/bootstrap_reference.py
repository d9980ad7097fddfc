#!/usr/bin/env python3
"""Reference bootstrap intervals for the AttestMetrics bootstrap test, from docs/metrics.md alone.

An independent implementation of the documented bootstrap (docs/metrics.md, "Bootstrap"): the
per-replicate generator (SplitMix64-seeded xoshiro256**), Lemire's bounded integers, the row
order the draws index, the row weights (draw count x sample weight), the statistics, and numpy's
`linear` quantiles. Python 3 standard library only. Writes bootstrap_reference.json next to the
other fixtures in Tests/AttestMetricsTests/Fixtures:

    python3 scripts/oracles/bootstrap_reference.py

Tests/AttestMetricsTests/BootstrapTests.swift compares Attest's intervals with it (to 1e-12).
"""
import csv
import json
import math
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
FIX = os.path.join(ROOT, "Tests", "AttestMetricsTests", "Fixtures")
MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


# ---------------------------------------------------------------- the generator


def mix(z):
    """The SplitMix64 finaliser."""
    z &= MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Replicate:
    """xoshiro256** of replicate r: state = the first four outputs of SplitMix64 started at
    mix(seed ^ mix(r + 0x9E3779B97F4A7C15)); SplitMix64's next adds the increment, then mixes."""

    def __init__(self, seed, r):
        state = mix(seed ^ mix((r + GOLDEN) & MASK))
        words = []
        for _ in range(4):
            state = (state + GOLDEN) & MASK
            words.append(mix(state))
        self.s = words

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def below(self, n):
        """Lemire's multiply-shift with rejection: m = x * n (128 bits); when low(m) < n, redraw
        while low(m) < (2^64 - n) mod n; the result is high(m)."""
        m = self.next() * n
        if (m & MASK) < n:
            threshold = ((1 << 64) - n) % n
            while (m & MASK) < threshold:
                m = self.next() * n
        return m >> 64


def draw_counts(seed, r, n):
    g = Replicate(seed, r)
    counts = [0] * n
    for _ in range(n):
        counts[g.below(n)] += 1
    return counts


def linear_quantile(values, q):
    """numpy's default 'linear' method, with numpy's _lerp."""
    n = len(values)
    h = (n - 1) * q
    i = min(max(math.floor(h), 0), n - 1)
    if i >= n - 1:
        return values[n - 1]
    t = h - i
    a, b = values[i], values[i + 1]
    return b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t


def interval(samples, level):
    defined = sorted(v for v in samples if v is not None)
    if not defined:
        return {"lower": None, "upper": None, "defined": 0}
    return {"lower": linear_quantile(defined, (1 - level) / 2), "upper": linear_quantile(defined, (1 + level) / 2),
            "defined": len(defined)}


# ---------------------------------------------------------------- statistics with row weights


def ratio(a, b):
    return a / b if b > 0 else None


def classification_stats(rows, w):
    """rows: (y, p, s, group) in the documented row order; w: the replicate's row weights."""
    total = sum(w)
    pos = sum(wi for wi, r in zip(w, rows) if r[0] == 1)
    neg = total - pos
    tp = sum(wi for wi, r in zip(w, rows) if r[0] == 1 and r[1] == 1)
    selected = sum(wi for wi, r in zip(w, rows) if r[1] == 1)
    correct = sum(wi for wi, r in zip(w, rows) if r[0] == r[1])
    eps = 2.0 ** -52
    loss = sum(wi * -math.log(min(max(r[2] if r[0] == 1 else 1 - r[2], eps), 1 - eps)) for wi, r in zip(w, rows))
    brier = sum(wi * (r[0] - r[2]) ** 2 for wi, r in zip(w, rows))
    # ROC AUC: each positive earns the weight of the negatives scored below it plus half of
    # those tied with it (rows are in ascending score order).
    below = 0.0
    numerator = 0.0
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and rows[j][2] == rows[i][2]:
            j += 1
        tied = sum(w[k] for k in range(i, j) if rows[k][0] == 0)
        numerator += sum(w[k] * (below + 0.5 * tied) for k in range(i, j) if rows[k][0] == 1)
        below += tied
        i = j
    out = {
        "selection_rate": ratio(selected, total),
        "accuracy": ratio(correct, total),
        "recall": ratio(tp, pos),
        "roc_auc": numerator / (pos * neg) if pos > 0 and neg > 0 else None,
        "log_loss": ratio(loss, total),
        "brier_score": ratio(brier, total),
    }
    groups = {}
    for g in sorted({r[3] for r in rows}):
        gw = sum(wi for wi, r in zip(w, rows) if r[3] == g)
        gs = sum(wi for wi, r in zip(w, rows) if r[3] == g and r[1] == 1)
        groups[g] = ratio(gs, gw)
    rates = list(groups.values())
    out["groups"] = groups
    out["demographic_parity_difference"] = None if None in rates else max(rates) - min(rates)
    return out


def regression_stats(rows, w):
    total = sum(w)
    if total <= 0:
        return {"mae": None, "rmse": None, "r2": None}
    mean = sum(wi * r[0] for wi, r in zip(w, rows)) / total
    squares = sum(wi * (r[0] - r[1]) ** 2 for wi, r in zip(w, rows))
    spread = sum(wi * (r[0] - mean) ** 2 for wi, r in zip(w, rows))
    return {
        "mae": sum(wi * abs(r[0] - r[1]) for wi, r in zip(w, rows)) / total,
        "rmse": math.sqrt(squares / total),
        "r2": 1 - squares / spread if spread > 0 else None,
    }


# ---------------------------------------------------------------- cases


def read(name):
    with open(os.path.join(FIX, name), newline="") as handle:
        return list(csv.DictReader(handle))


def classification_case(seed, replicates, level):
    table = read("credit_small.csv")
    rows = [(int(t["outcome"] == "approved"), int(t["decision"] == "approved"), float(t["score"]), t["sex"])
            for t in table]
    weights = [float(t["weight"]) for t in table]
    # The documented row order: ascending score, ties in file order (a stable sort).
    order = sorted(range(len(rows)), key=lambda i: rows[i][2])
    rows = [rows[i] for i in order]
    weights = [weights[i] for i in order]
    samples = []
    for r in range(replicates):
        counts = draw_counts(seed, r, len(rows))
        samples.append(classification_stats(rows, [c * wi for c, wi in zip(counts, weights)]))
    names = ["selection_rate", "accuracy", "recall", "roc_auc", "log_loss", "brier_score"]
    return {
        "file": "credit_small.csv", "seed": seed, "replicates": replicates, "confidenceLevel": level,
        "overall": {name: interval([s[name] for s in samples], level) for name in names},
        "groups": {g: {"selection_rate": interval([s["groups"][g] for s in samples], level)}
                   for g in samples[0]["groups"]},
        "disparities": {"demographic_parity_difference/between_groups":
                        interval([s["demographic_parity_difference"] for s in samples], level)},
    }


def regression_case(seed, replicates, level):
    table = read("regression_small.csv")
    rows = [(float(t["target"]), float(t["predicted"])) for t in table]  # no score: file order
    weights = [float(t["weight"]) for t in table]
    samples = []
    for r in range(replicates):
        counts = draw_counts(seed, r, len(rows))
        samples.append(regression_stats(rows, [c * wi for c, wi in zip(counts, weights)]))
    return {
        "file": "regression_small.csv", "seed": seed, "replicates": replicates, "confidenceLevel": level,
        "overall": {name: interval([s[name] for s in samples], level) for name in ["mae", "rmse", "r2"]},
    }


def generator_vectors():
    out = []
    for seed, r in [(0, 0), (2024, 0), (2024, 1), (2024, 199), (MASK, 7)]:
        g = Replicate(seed, r)
        raw = [g.next() for _ in range(4)]
        g = Replicate(seed, r)
        out.append({"seed": str(seed), "stream": r, "next": [str(x) for x in raw],
                    "below500": [g.below(500) for _ in range(8)]})
    return out


def main():
    reference = {
        "generator": generator_vectors(),
        "classification": classification_case(seed=2024, replicates=200, level=0.95),
        "regression": regression_case(seed=77, replicates=150, level=0.9),
    }
    with open(os.path.join(FIX, "bootstrap_reference.json"), "w") as handle:
        json.dump(reference, handle, indent=1, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main()
