"""Broken on purpose: infer() ends the process with sys.exit() instead of returning."""
import sys

import pandas as pd


def train(X_train, model_directory_path):
    pass


def infer(X_test, id_column_name, prediction_column_name):
    pd.DataFrame({id_column_name: X_test[id_column_name], prediction_column_name: 0.5}).to_csv("submission/submission.csv", index=False)
    sys.exit(0)
