"""Broken on purpose: the response has the id but not the malignant field (invalid_output)."""


def handle(data, context):
    if data is None:
        return None
    example = data[0]["body"]
    return [{"id": example["uid"], "probability": 0.5}]
