"""Broken on purpose: requirements.txt asks for a scikit-learn the runtime image does not have."""
import pandas as pd


def train(X_train, model_directory_path):
    pass


def infer(X_test, id_column_name, prediction_column_name):
    return pd.DataFrame({id_column_name: X_test[id_column_name], prediction_column_name: 0.5})
