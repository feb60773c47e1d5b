"""The functions demo's benchmark, CrunchDAO style: train() fits a standardized logistic
regression and saves it in model_directory_path; infer() loads it and returns the predictions.
The harness fills each parameter by its name."""
import os
import pickle

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def train(X_train, y_train, model_directory_path, id_column_name):
    labels = X_train[[id_column_name]].merge(y_train, on=id_column_name)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.5, max_iter=1000))
    model.fit(X_train.drop(columns=[id_column_name]), labels.drop(columns=[id_column_name]).iloc[:, 0])
    with open(os.path.join(model_directory_path, "model.pkl"), "wb") as f:
        pickle.dump(model, f)
    print(f"trained on {len(X_train)} rows")


def infer(X_test, model_directory_path, id_column_name, prediction_column_name):
    with open(os.path.join(model_directory_path, "model.pkl"), "rb") as f:
        model = pickle.load(f)
    probabilities = model.predict_proba(X_test.drop(columns=[id_column_name]))[:, 1]
    print(f"predicted {len(X_test)} rows")
    return pd.DataFrame({id_column_name: X_test[id_column_name], prediction_column_name: probabilities.round(6)})
