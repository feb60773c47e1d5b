"""Broken on purpose: infer() ends the process with os._exit(0), which no harness can catch:
the host sees an exit code 0 without the harness's `done` and calls it a premature end."""
import os

import pandas as pd


def train(X_train, model_directory_path):
    pass


def infer(X_test, id_column_name, prediction_column_name):
    pd.DataFrame({id_column_name: X_test[id_column_name], prediction_column_name: 0.5}).to_csv("submission/submission.csv", index=False)
    os._exit(0)
