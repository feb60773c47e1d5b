"""Write the demo competition's data from the Wisconsin breast cancer data set
that scikit-learn ships (569 tumours, 30 features, malignant or benign).

Run inside the base image (it has scikit-learn), from the repository root:
  docker run --rm --network none -v "$PWD/examples/demo:/demo" -u "$(id -u):$(id -g)" \
    holdout/base:bookworm python3 /demo/../../scripts/make-demo-data.py
(scripts/make-demo-data.sh does exactly this.) The split is fixed by a seed, so
the committed files are reproducible.

Layout written under examples/demo/:
  data/public/train.csv           features + label, for participants to train on
  data/smoke/features.csv         public smoke sample, mounted at /code_execution/data
  data/smoke/submission_format.csv
  data/smoke_labels.csv           smoke labels (public: the smoke sample is public)
  private/test/features.csv       private test features (on a real runner these
  private/test/submission_format.csv  live outside the repository)
  private/test_labels.csv         private test labels, never mounted in the sandbox
"""
import csv
import os
import sys

import numpy as np
from sklearn.datasets import load_breast_cancer

root = sys.argv[1] if len(sys.argv) > 1 else "/demo"
data = load_breast_cancer()
features = [name.replace(" ", "_") for name in data.feature_names]
# scikit-learn codes malignant as 0; the competition predicts P(malignant).
malignant = (data.target == 0).astype(int)

rng = np.random.default_rng(20261123)
order = rng.permutation(len(malignant))
splits = {"train": order[:369], "smoke": order[369:419], "test": order[419:]}


def write(path, header, rows):
    path = os.path.join(root, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def row_id(i):
    return f"t{i:04d}"


def feature_values(i):
    return [f"{v:.6g}" for v in data.data[i]]


write("data/public/train.csv", ["id", *features, "malignant"],
      [[row_id(i), *feature_values(i), malignant[i]] for i in splits["train"]])
for name, folder, labels in [("smoke", "data/smoke", "data/smoke_labels.csv"),
                             ("test", "private/test", "private/test_labels.csv")]:
    idx = sorted(splits[name])
    write(f"{folder}/features.csv", ["id", *features], [[row_id(i), *feature_values(i)] for i in idx])
    write(f"{folder}/submission_format.csv", ["id", "malignant"], [[row_id(i), 0.5] for i in idx])
    write(labels, ["id", "malignant"], [[row_id(i), malignant[i]] for i in idx])
print({k: len(v) for k, v in splits.items()})
