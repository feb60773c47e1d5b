"""The careful pandas + NumPy reference: the same checks and log loss, done the way a good
Python scorer would (dtypes, uniqueness and id-set checks, set_index + reindex, vectorized)."""
import sys

import numpy as np
import pandas as pd

data = sys.argv[1]
pred = pd.read_csv(f"{data}/predictions.csv", dtype={"id": str, "malignant": np.float64})
labels = pd.read_csv(f"{data}/labels.csv", dtype={"id": str, "malignant": np.int8})
assert list(pred.columns) == ["id", "malignant"], "bad header"
assert pred["id"].is_unique, "duplicate ids"
assert labels["id"].is_unique
missing = ~labels["id"].isin(pred["id"])
extra = ~pred["id"].isin(labels["id"])
assert not missing.any() and not extra.any(), "id sets differ"
p = pred["malignant"].to_numpy()
assert np.isfinite(p).all() and ((p >= 0) & (p <= 1)).all(), "bad values"
p = pred.set_index("id")["malignant"].reindex(labels["id"]).to_numpy()
y = labels["malignant"].to_numpy()
p = np.clip(p, 1e-15, 1 - 1e-15)
print(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
