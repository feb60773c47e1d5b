"""scikit-learn benchmark: a standardized logistic regression trained on the
public training set (see train.py), loaded from model.pkl."""
import pickle

import pandas as pd

with open("model.pkl", "rb") as f:
    model = pickle.load(f)

features = pd.read_csv("data/features.csv")
probabilities = model.predict_proba(features.drop(columns=["id"]))[:, 1]
pd.DataFrame({"id": features["id"], "malignant": probabilities.round(6)}).to_csv(
    "submission/submission.csv", index=False
)
print(f"predicted {len(features)} rows with {type(model[-1]).__name__}")
