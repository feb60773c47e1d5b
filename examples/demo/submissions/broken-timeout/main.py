"""Never finishes: killed at the time limit, failed/timeout."""
import time

print("thinking very hard...", flush=True)
while True:
    time.sleep(1)
