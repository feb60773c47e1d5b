"""main.py sits in a subfolder, not at the submission root: failed/invalid_submission."""
print("never runs")
