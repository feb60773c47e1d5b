"""Write model.pkl files made with a Python other than the runtime's (3.11), for the broken examples.

These are real pickles, made by real interpreters: the runtime's base image cannot make them, so
they were made on a machine with several Pythons (pyenv) and the cloudpickle 3.1.2 wheel, the
cloudpickle a participant installing today gets:

  PYTHONPATH=<cloudpickle-3.1.2 unpacked> python3.12 tools/make_other_python.py broken-python312
  PYTHONPATH=<cloudpickle-3.1.2 unpacked> python3.13 tools/make_other_python.py broken-python313
  PYTHONPATH=<cloudpickle-3.1.2 unpacked> python3.10 tools/make_other_python.py broken-python310
  PYTHONPATH=<cloudpickle-3.1.2 unpacked> python3.11 tools/make_other_python.py broken-cloudpickle3

run from examples/pickle. It needs neither pandas nor scikit-learn where it runs: the model is a
logistic regression written out as plain numbers, and pandas is imported when predict runs.
"""
import os
import sys

import cloudpickle

# A logistic regression on the mean of the binned features (fitted on data/public/train.csv).
INTERCEPT, SLOPE = -6.0, 3.0


def predict(live_features):
    import math

    import pandas as pd

    features = live_features.filter(like="feature_")
    scores = [1.0 / (1.0 + math.exp(-(INTERCEPT + SLOPE * row.mean()))) for _, row in features.iterrows()]
    return pd.DataFrame({"prediction": scores}, index=live_features.index)


folder = os.path.join("submissions", sys.argv[1])
os.makedirs(folder, exist_ok=True)
with open(os.path.join(folder, "model.pkl"), "wb") as f:
    f.write(cloudpickle.dumps(predict))
print("%s: Python %s, cloudpickle %s" % (folder, sys.version.split()[0], cloudpickle.__version__))
