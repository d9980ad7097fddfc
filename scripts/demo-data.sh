#!/usr/bin/env bash
# Writes the demo's generated data (no downloads): a training set, and for each model version a
# test set with that version's scores and decisions. Version 1 approves women far less often
# than men (it fails the fairness gate); version 2 does not.
#   scripts/demo-data.sh OUTPUT_FOLDER
set -euo pipefail
out="${1:?usage: demo-data.sh OUTPUT_FOLDER}"
mkdir -p "$out"

# Applicants: sex, age band, income, debt; the label is 1 when the loan was repaid.
awk -v seed=7 -v rows=3000 'BEGIN {
  srand(seed); split("18-25 26-40 41-60 60+", bands, " ");
  print "id,sex,age_band,income,debt,label";
  for (i = 1; i <= rows; i++) {
    sex = (rand() < 0.5) ? "F" : "M"; band = bands[1 + int(rand() * 4)];
    income = int(20000 + rand() * 80000); debt = int(rand() * 30000);
    p = 0.35 + 0.4 * (income / 100000) - 0.3 * (debt / 30000);
    label = (rand() < p) ? 1 : 0;
    printf "%d,%s,%s,%d,%d,%d\n", i, sex, band, income, debt, label
  }
}' > "$out/train.csv"

# A test set scored by a model: score = a noisy estimate of repayment; decision = approve.
# bias_f is how much version 1 lowers women's scores.
make_test() {
  local seed="$1" bias_f="$2" file="$3"
  awk -v seed="$seed" -v bias="$bias_f" -v rows=1200 'BEGIN {
    srand(seed); split("18-25 26-40 41-60 60+", bands, " ");
    print "id,sex,age_band,income,debt,label,score,prediction";
    for (i = 1; i <= rows; i++) {
      sex = (rand() < 0.5) ? "F" : "M"; band = bands[1 + int(rand() * 4)];
      income = int(20000 + rand() * 80000); debt = int(rand() * 30000);
      p = 0.35 + 0.4 * (income / 100000) - 0.3 * (debt / 30000);
      label = (rand() < p) ? 1 : 0;
      score = 0.22 + 0.36 * label + 0.42 * rand();
      if (sex == "F") score -= bias;
      if (score < 0) score = 0; if (score > 1) score = 1;
      printf "%d,%s,%s,%d,%d,%d,%.4f,%d\n", i, sex, band, income, debt, label, score, (score >= 0.5) ? 1 : 0
    }
  }' > "$file"
}
make_test 11 0.22 "$out/test-v1.csv"
make_test 11 0.00 "$out/test-v2.csv"
