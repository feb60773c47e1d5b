"""Writes more than the output folder may hold (limits.output): failed/output_too_large."""
with open("submission/submission.csv", "w") as f:
    f.write("id,malignant\n")
    for i in range(10_000_000):
        f.write(f"t{i:08d},0.500000\n")
