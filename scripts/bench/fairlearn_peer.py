#!/usr/bin/env python3
"""Peer benchmark: pandas + fairlearn on the evaluation CSV written by
`SyntheticEvaluationData.writeCSV` (id,sex,age_band,label,score,prediction).

    python3 scripts/bench/fairlearn_peer.py /tmp/eval1m.csv
prints {"seconds": ...} for read_csv + MetricFrame (selection_rate, TPR, FPR, accuracy by
the intersection of sex and age_band) + demographic_parity_difference +
equalized_odds_difference.
"""
import json
import sys
import time

import pandas as pd
from fairlearn.metrics import (MetricFrame, demographic_parity_difference, equalized_odds_difference,
                               false_positive_rate, selection_rate, true_positive_rate)
from sklearn.metrics import accuracy_score


def main(path):
    start = time.perf_counter()
    df = pd.read_csv(path)
    sf = df[["sex", "age_band"]]
    frame = MetricFrame(
        metrics={"selection_rate": selection_rate, "tpr": true_positive_rate, "fpr": false_positive_rate,
                 "accuracy": accuracy_score},
        y_true=df["label"], y_pred=df["prediction"], sensitive_features=sf)
    _ = frame.by_group
    dpd = demographic_parity_difference(df["label"], df["prediction"], sensitive_features=sf)
    eod = equalized_odds_difference(df["label"], df["prediction"], sensitive_features=sf)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "rows": len(df), "demographic_parity_difference": float(dpd),
                      "equalized_odds_difference": float(eod)}))


if __name__ == "__main__":
    main(sys.argv[1])
