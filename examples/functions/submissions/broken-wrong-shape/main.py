"""Broken on purpose: infer() returns the probability under the wrong column name, and no id column."""
import pandas as pd


def train(X_train, model_directory_path):
    pass


def infer(X_test):
    return pd.DataFrame({"probability": [0.5] * len(X_test)})
