"""Streaming demo: train() fits a model; infer() is a generator that yields None once the model
is loaded, then the probability of each row right after reading it (never reading ahead)."""
import os
import pickle

from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def train(X_train, y_train, model_directory_path, id_column_name):
    labels = X_train[[id_column_name]].merge(y_train, on=id_column_name)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.5, max_iter=1000))
    model.fit(X_train.drop(columns=[id_column_name]), labels.drop(columns=[id_column_name]).iloc[:, 0])
    with open(os.path.join(model_directory_path, "model.pkl"), "wb") as f:
        pickle.dump(model, f)


def infer(X_test, model_directory_path, id_column_name):
    with open(os.path.join(model_directory_path, "model.pkl"), "rb") as f:
        model = pickle.load(f)
    yield None  # ready: the rows come now, one at a time
    for row in X_test:
        features = row.drop(labels=[id_column_name]).to_frame().T.astype(float)
        yield round(float(model.predict_proba(features)[0, 1]), 6)
