"""A Dynalab-style handler, function style: TorchServe calls handle(data, context) once per example.

setup_config.json lists configs/model.json and lib/logistic.py in model_files, so they are
flattened into the working folder: read and import them by their bare names.
"""
import json

import logistic

model = None


def handle(data, context):
    global model
    if model is None:
        with open("model.json") as f:
            model = json.load(f)
    if data is None:  # TorchServe's first call, to initialize
        return None
    example = data[0]["body"]
    return [{"id": example["uid"], "malignant": round(logistic.probability(model, example), 6)}]
