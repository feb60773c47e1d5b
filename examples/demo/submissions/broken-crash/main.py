"""Fails with a Python exception: the run ends as failed/crash with the traceback."""
import pandas as pd

features = pd.read_csv("data/features.csv")
print(features["diagnosis"])  # there is no such column: KeyError
