"""Ships resources/ (a model trained elsewhere): the competition allows it (resources.shipped),
so only infer() runs. The model is a logistic regression kept as plain JSON numbers."""
import json
import math
import os

import pandas as pd


def train(X_train, y_train, model_directory_path):
    raise RuntimeError("not called: this submission ships resources/model.json")


def infer(X_test, model_directory_path, id_column_name, prediction_column_name, has_trained):
    print(f"has_trained={has_trained}")
    with open(os.path.join(model_directory_path, "model.json")) as f:
        model = json.load(f)
    features = X_test[model["features"]]
    scaled = (features - pd.Series(model["mean"], index=model["features"])) / pd.Series(model["scale"], index=model["features"])
    logits = scaled.mul(pd.Series(model["coef"], index=model["features"])).sum(axis=1) + model["intercept"]
    probabilities = [round(1 / (1 + math.exp(-z)), 6) for z in logits]
    return pd.DataFrame({id_column_name: X_test[id_column_name], prediction_column_name: probabilities})
