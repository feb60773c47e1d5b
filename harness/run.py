"""The entry point of every harness: `python3 -I /.holdout/harness/run.py` (see harness/README.md).

Reads HOLDOUT_HARNESS (JSON), removes it from the environment the participant's code will see, and
runs the kind's `main(config)`. What escapes before handover is our error; after it, their crash.
"""
import importlib
import json
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# Shims go last: a module of the same name in the submission wins.
sys.path.append(os.path.join(HERE, "shims"))

from holdout_harness import protocol  # noqa: E402

KINDS = ("script", "functions", "pickle", "handler")


def main():
    raw = os.environ.pop("HOLDOUT_HARNESS", None)
    try:
        config = json.loads(raw or "")
    except ValueError:
        config = None
    protocol.start(config.get("nonce", "") if isinstance(config, dict) else "")
    if not isinstance(config, dict) or config.get("version") != 1 or config.get("kind") not in KINDS:
        protocol.harness_error("The harness got no usable HOLDOUT_HARNESS settings (version 1 and one of %s)." % ", ".join(KINDS))
    # The participant's code sees the working folder as the script would: cwd, and on sys.path.
    try:
        module = importlib.import_module("holdout_harness.kinds.%s" % config["kind"])
    except Exception as exc:  # noqa: BLE001
        traceback.print_exc()
        protocol.harness_error("The %s harness could not start: %s" % (config["kind"], protocol.describe(exc)))
    try:
        module.main(config)
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001
        if protocol.handed_over():
            print(protocol.participant_traceback(exc), file=sys.stderr, flush=True)
            protocol.fail("crash", "The submission failed: %s" % protocol.describe(exc), "Fix the error shown in the traceback above, then run holdout test again.")
        traceback.print_exc()
        protocol.harness_error("The %s harness failed: %s" % (config["kind"], protocol.describe(exc)))
    # A kind's main ends with done() or fail(); returning means it forgot to say.
    protocol.harness_error("The %s harness ended without a verdict." % config["kind"])


if __name__ == "__main__":
    main()
