"""Broken on purpose: returns the response itself, not a one-element list of it (invalid_output)."""


def handle(data, context):
    if data is None:
        return None
    example = data[0]["body"]
    return {"id": example["uid"], "malignant": 0.5}
