"""The model: a standardized logistic regression, read from JSON (see train.py)."""
import math


def probability(model, example):
    z = model["intercept"]
    for name, mean, scale, coef in zip(model["features"], model["mean"], model["scale"], model["coef"]):
        z += coef * (example[name] - mean) / scale
    return 1.0 / (1.0 + math.exp(-z))
