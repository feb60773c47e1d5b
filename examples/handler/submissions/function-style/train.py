"""Fit the model the handlers serve and save it as plain JSON (configs/model.json).
Run inside the runtime image, from examples/handler:
  docker run --rm --network none -v "$PWD/..:/ex" -w /ex/handler/submissions/function-style \
    holdout/base:bookworm python3 train.py ../../../demo/data/public/train.csv
A standardized logistic regression, stored as numbers so that handler.py needs no scikit-learn.
"""
import json
import sys

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

train = pd.read_csv(sys.argv[1])
X, y = train.drop(columns=["id", "malignant"]), train["malignant"]
model = make_pipeline(StandardScaler(), LogisticRegression(C=0.5, max_iter=1000)).fit(X, y)
scaler, logistic = model[0], model[-1]
saved = {
    "features": list(X.columns),
    "mean": [round(float(v), 10) for v in scaler.mean_],
    "scale": [round(float(v), 10) for v in scaler.scale_],
    "coef": [round(float(v), 10) for v in logistic.coef_[0]],
    "intercept": round(float(logistic.intercept_[0]), 10),
}
with open("configs/model.json", "w") as f:
    json.dump(saved, f, indent=1)
print(f"trained on {len(train)} rows; training accuracy {model.score(X, y):.3f}")
