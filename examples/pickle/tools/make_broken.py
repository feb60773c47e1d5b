"""Write the broken submissions of the pickle example: each a model.pkl that fails in one way.

Run inside the base image (its Python and cloudpickle are the runtime's), from examples/pickle,
after submissions/benchmark/model.pkl exists (broken-truncated is cut from it):

  docker run --rm --network none -v "$PWD:/c" -w /c holdout/base:bookworm python3 tools/make_broken.py

The pickles made with other Pythons come from tools/make_other_python.py instead.
"""
import os
import pickle
import sys

import cloudpickle
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

ROOT = "submissions"


def save(name, data):
    folder = os.path.join(ROOT, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "model.pkl"), "wb") as f:
        f.write(data)
    print("%-32s %6d bytes" % (name, len(data)))


def score(live_features):
    """A stand-in model: the mean of the features, scaled into [0, 1]."""
    return live_features.filter(like="feature_").mean(axis=1) / 4.0


# --- not a pickle a runtime can read ---

save("broken-not-a-pickle", b"id,prediction\nt0015,0.5\nt0023,0.5\n")
with open(os.path.join(ROOT, "benchmark", "model.pkl"), "rb") as f:
    whole = f.read()
save("broken-truncated", whole[: len(whole) // 2])


# --- needs a module the runtime does not have ---

# A stand-in lightgbm, importable only while pickling: cloudpickle stores a module by name.
stub = "/tmp/stub-packages/lightgbm"
os.makedirs(stub, exist_ok=True)
with open(os.path.join(stub, "__init__.py"), "w") as f:
    f.write("def train(*args, **kwargs):\n    return None\n")
sys.path.insert(0, os.path.dirname(stub))
import lightgbm  # noqa: E402


def predict_lightgbm(live_features):
    booster = lightgbm.train({}, None)
    return pd.Series(booster.predict(live_features), index=live_features.index).to_frame("prediction")


save("broken-missing-module", cloudpickle.dumps(predict_lightgbm))


class ImportsAtLoad:
    """Imports a module while being unpickled (as objects with a custom __reduce__ do)."""

    def __reduce__(self):
        import importlib

        return (importlib.import_module, ("catboost",))


save("broken-imports-at-load", cloudpickle.dumps((ImportsAtLoad(), score)))

# numpy 2 writes numpy._core where numpy 1 wrote numpy.core: the classic "pickled with another
# numpy" failure. Protocol 2 spells globals as text lines, so the rename is a plain replacement.
array = pickle.dumps(np.arange(3.0), protocol=2)
assert b"numpy.core.multiarray\n" in array
save("broken-numpy2", array.replace(b"numpy.core.multiarray\n", b"numpy._core.multiarray\n"))


# --- not a function with Numerai's signature ---


def predict_main(live_features):
    return score(live_features).to_frame("prediction")


# Plain pickle stores a function defined in __main__ by name only.
save("broken-main-reference", pickle.dumps(predict_main))
model = LogisticRegression().fit(np.array([[0.0], [1.0]]), np.array([0, 1]))
save("broken-not-callable", cloudpickle.dumps(model))


def predict_three(live_features, live_benchmark_models, era):
    return score(live_features).to_frame("prediction")


save("broken-three-parameters", cloudpickle.dumps(predict_three))


# --- predict runs and fails ---


def predict_raises(live_features):
    return live_features[["feature_not_in_live"]].mean(axis=1).to_frame("prediction")


def predict_exits(live_features):
    sys.exit(0)


def predict_os_exit(live_features):
    os._exit(0)


save("broken-raises", cloudpickle.dumps(predict_raises))
save("broken-exit", cloudpickle.dumps(predict_exits))
save("broken-os-exit", cloudpickle.dumps(predict_os_exit))


# --- predict returns something numerai-predict (or Holdout) refuses ---


def predict_none(live_features):
    score(live_features)


def predict_series(live_features):
    return score(live_features).rename("prediction")


def predict_empty(live_features):
    return score(live_features).to_frame("prediction").iloc[0:0]


def predict_nan(live_features):
    s = score(live_features)
    s.iloc[3] = float("nan")
    return s.to_frame("prediction")


def predict_out_of_range(live_features):
    return (score(live_features) * 4.0).to_frame("prediction")


def predict_wrong_column(live_features):
    return score(live_features).to_frame("target")


def predict_range_index(live_features):
    return pd.DataFrame({"prediction": score(live_features).to_numpy()})


for name, fn in (
    ("broken-returns-none", predict_none),
    ("broken-returns-series", predict_series),
    ("broken-returns-empty", predict_empty),
    ("broken-returns-nan", predict_nan),
    ("broken-out-of-range", predict_out_of_range),
    ("broken-no-prediction-column", predict_wrong_column),
    ("broken-range-index", predict_range_index),
):
    save(name, cloudpickle.dumps(fn))
