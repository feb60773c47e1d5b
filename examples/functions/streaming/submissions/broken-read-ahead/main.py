"""Broken on purpose: infer() reads the next row before yielding the prediction of the current
one (it smooths over a window of two rows), which a live competition cannot allow."""


def train(X_train, model_directory_path):
    pass


def infer(X_test):
    yield None
    rows = iter(X_test)
    previous = next(rows)
    for row in rows:
        yield 0.5 if row["mean_radius"] > previous["mean_radius"] else 0.4
        previous = row
    yield 0.5
