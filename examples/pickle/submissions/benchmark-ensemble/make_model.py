"""A predict that takes two parameters gets the benchmark models' live predictions too (Numerai's
live_benchmark_models), here to blend them with its own model's.

Run it with the runtime's Python and libraries, e.g. inside the base image, from examples/pickle:

  docker run --rm --network none -v "$PWD:/c" -w /c/submissions/benchmark-ensemble \
    holdout/base:bookworm python3 make_model.py ../../data/public/train.csv
"""
import sys

import cloudpickle
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

train = pd.read_csv(sys.argv[1], index_col="id")
feature_cols = [c for c in train.columns if c.startswith("feature_")]
model = RandomForestClassifier(n_estimators=30, max_depth=4, random_state=0).fit(train[feature_cols], train["target"])


def predict(live_features: pd.DataFrame, live_benchmark_models: pd.DataFrame) -> pd.DataFrame:
    own = pd.Series(model.predict_proba(live_features[feature_cols])[:, 1], index=live_features.index)
    blend = 0.5 * own + 0.5 * live_benchmark_models["benchmark_logistic"]
    return blend.to_frame("prediction")


with open("model.pkl", "wb") as f:
    f.write(cloudpickle.dumps(predict))
print("model.pkl: trained on %d rows, %d features" % (len(train), len(feature_cols)))
