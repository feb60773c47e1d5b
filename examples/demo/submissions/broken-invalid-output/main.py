"""Writes predictions with the wrong column name and a probability above 1: failed/invalid_output."""
import csv

with open("data/features.csv") as f:
    ids = [row["id"] for row in csv.DictReader(f)]
with open("submission/submission.csv", "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["id", "probability"])
    for row_id in ids:
        out.writerow([row_id, 1.5])
