"""Train a model on the public data and upload it the Numerai way: model.pkl, a cloudpickled predict.

Run it with the runtime's Python and libraries (a pickle holds bytecode for one Python version and
refers to the libraries it was made with), e.g. inside the base image, from examples/pickle:

  docker run --rm --network none -v "$PWD:/c" -w /c/submissions/benchmark \
    holdout/base:bookworm python3 make_model.py ../../data/public/train.csv
"""
import sys

import cloudpickle
import pandas as pd
from sklearn.linear_model import LogisticRegression

train = pd.read_csv(sys.argv[1], index_col="id")
feature_cols = [c for c in train.columns if c.startswith("feature_")]
model = LogisticRegression(C=0.5, max_iter=1000).fit(train[feature_cols], train["target"])


# Wrap the model in a function that takes the live features and returns the live predictions.
# cloudpickle stores the function with what it uses from here (model, feature_cols) by value.
def predict(live_features: pd.DataFrame) -> pd.DataFrame:
    live_predictions = model.predict_proba(live_features[feature_cols])[:, 1]
    submission = pd.Series(live_predictions, index=live_features.index)
    return submission.to_frame("prediction")


with open("model.pkl", "wb") as f:
    f.write(cloudpickle.dumps(predict))
print("model.pkl: trained on %d rows, %d features" % (len(train), len(feature_cols)))
