"""Train the benchmark model on the public training data and save model.pkl.
Run inside the runtime image, from examples/demo:
  docker run --rm --network none -v "$PWD:/demo" -w /demo/submissions/benchmark \
    holdout/base:bookworm python3 train.py ../../data/public/train.csv
"""
import pickle
import sys

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

train = pd.read_csv(sys.argv[1])
X, y = train.drop(columns=["id", "malignant"]), train["malignant"]
model = make_pipeline(StandardScaler(), LogisticRegression(C=0.5, max_iter=1000)).fit(X, y)
with open("model.pkl", "wb") as f:
    pickle.dump(model, f)
print(f"trained on {len(train)} rows; training accuracy {model.score(X, y):.3f}")
