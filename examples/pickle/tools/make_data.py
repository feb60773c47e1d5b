"""Make the example's Numerai-shaped tables from the demo's breast-cancer data.

Numerai's live data is one row per id (the index), an era, a data_type and integer features
binned 0-4; the benchmark models' predictions come in a second table with the same ids. This
script writes the same shape, small, from examples/demo. Run it inside the base image, from the
repository root (it needs pandas and scikit-learn, which the image has):

  docker run --rm --network none -v "$PWD:/repo" -w /repo holdout/base:bookworm \
    python3 examples/pickle/tools/make_data.py
"""
import os

import pandas as pd
from sklearn.linear_model import LogisticRegression

DEMO = "examples/demo"
OUT = "examples/pickle"
BINS = 5


def eras(n, count, first):
    """Consecutive blocks of rows, one era each: era0001, era0002, ..."""
    size = -(-n // count)
    return ["era%04d" % (first + i // size) for i in range(n)]


def binned(frame, edges):
    """Each measurement as an integer 0-4 by the training data's quintiles, as Numerai's features are."""
    out = pd.DataFrame(index=frame.index)
    for column, cuts in edges.items():
        out["feature_" + column] = pd.cut(frame[column], cuts, labels=False, include_lowest=True).fillna(0).astype(int)
    return out


def numerai_frame(features, edges, era_count, first_era, data_type):
    frame = binned(features.set_index("id"), edges)
    frame.insert(0, "data_type", data_type)
    frame.insert(0, "era", eras(len(frame), era_count, first_era))
    return frame


def write(frame, path, index=True):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    frame.to_csv(path, index=index)


def main():
    train = pd.read_csv(os.path.join(DEMO, "data/public/train.csv"))
    measurements = [c for c in train.columns if c not in ("id", "malignant")]
    edges = {}
    for column in measurements:
        cuts = sorted(set(train[column].quantile([i / BINS for i in range(BINS + 1)]).tolist()))
        cuts[0], cuts[-1] = float("-inf"), float("inf")
        edges[column] = cuts

    train_frame = numerai_frame(train, edges, 10, 1, "train")
    train_frame["target"] = train.set_index("id")["malignant"].astype(float)
    write(train_frame, os.path.join(OUT, "data/public/train.csv"))
    feature_columns = [c for c in train_frame.columns if c.startswith("feature_")]
    benchmark = LogisticRegression(C=0.1, max_iter=1000).fit(train_frame[feature_columns], train_frame["target"])

    sets = (
        ("data/smoke", "data/smoke_labels.csv", "data/smoke/features.csv", "data/smoke_labels.csv", 2, 11),
        ("private/live", "private/live_labels.csv", "private/test/features.csv", "private/test_labels.csv", 5, 13),
    )
    for folder, labels_path, demo_features, demo_labels, era_count, first_era in sets:
        features = pd.read_csv(os.path.join(DEMO, demo_features))
        live = numerai_frame(features, edges, era_count, first_era, "live")
        write(live, os.path.join(OUT, folder, "live_features.csv"))
        models = pd.DataFrame({"benchmark_logistic": benchmark.predict_proba(live[feature_columns])[:, 1].round(6)}, index=live.index)
        write(models, os.path.join(OUT, folder, "live_benchmark_models.csv"))
        labels = pd.read_csv(os.path.join(DEMO, demo_labels)).set_index("id").loc[live.index]
        write(pd.DataFrame({"target": labels["malignant"].astype(float), "era": live["era"]}, index=live.index), os.path.join(OUT, labels_path))
        print("%s: %d rows, %d eras" % (folder, len(live), era_count))


if __name__ == "__main__":
    main()
