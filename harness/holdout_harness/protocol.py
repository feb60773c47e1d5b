"""How a harness tells the host what happened (see harness/README.md).

Lines on the original stdout, ``::holdout:<nonce>:: {json}``, which the host takes out of the log.
Before ``handover`` only harness code has run, so the host trusts every event; after it the
participant's code runs in this same process and could print anything, so the host then honours
only failures and ``done`` (a forged failure hurts no one but its author; a forged ``done`` only
hands the host an output it checks and scores itself).
"""
import json
import os
import sys
import traceback

# harness/: run.py and this package; their frames are left out of the participant's traceback.
HARNESS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXIT_DONE, EXIT_FAILED, EXIT_ERROR = 0, 1, 70

_state = {"nonce": "", "fd": None, "handed_over": False}


def start(nonce):
    """Keep a private copy of stdout, so a participant swapping sys.stdout cannot eat our lines."""
    _state["nonce"] = nonce
    try:
        _state["fd"] = os.dup(1)
    except OSError:
        _state["fd"] = 1


# The host cuts lines at 4 KiB: a protocol line must stay well under, whatever its texts hold.
MAX_LINE_BYTES = 3500


def emit(event, **fields):
    """One protocol line on the private stdout. It starts with a newline: an unfinished line the
    participant's code left (a progress bar, a child process still writing) cannot swallow it."""
    while True:
        body = json.dumps(dict(event=event, **fields), ensure_ascii=False)
        data = ("\n::holdout:%s:: %s\n" % (_state["nonce"], body)).encode("utf-8", "replace")
        longest = max((k for k, v in fields.items() if isinstance(v, str)), key=lambda k: len(fields[k]), default=None)
        if len(data) <= MAX_LINE_BYTES or longest is None or not fields[longest]:
            break
        fields[longest] = fields[longest][: len(fields[longest]) // 2] + "…"
    fd = _state["fd"] if _state["fd"] is not None else 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    while data:
        written = os.write(fd, data)
        data = data[written:]


def handed_over():
    return _state["handed_over"]


def handover():
    """Said once, right before the first participant code runs (import, unpickling, exec)."""
    if not _state["handed_over"]:
        emit("handover")
        _state["handed_over"] = True


def _exit(code):
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    # os._exit: no atexit handler or finalizer of the participant's runs after the verdict.
    os._exit(code)


def harness_error(message, hint="This is not the submission's fault: report it to the organizers with the log."):
    """Our own failure. After handover the host reads it as a crash, as it cannot tell it from a forgery."""
    emit("error", message=message, hint=hint)
    _exit(EXIT_ERROR)


def fail(reason, message, hint):
    """The participant's fault: reason is invalid_submission, crash or invalid_output."""
    emit("failed", reason=reason, message=message, hint=hint)
    _exit(EXIT_FAILED)


def done():
    emit("done")
    _exit(EXIT_DONE)


class participant_input:
    """Reading the participant's files before handover (a notebook, requirements.txt, a config):
    whatever goes wrong there — a name too long, JSON nested too deep, a version of 5,000 digits —
    is their file's fault, never our error. Their code has not run, so this is trusted.

        with protocol.participant_input("main.ipynb", "Save the notebook again from Jupyter."):
            ...
    """

    def __init__(self, what, hint):
        self.what, self.hint = what, hint

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is None or not isinstance(exc, Exception):
            return False
        traceback.print_exception(kind, exc, tb, file=sys.stderr)
        fail("invalid_submission", "%s could not be read: %s" % (self.what, describe(exc)), self.hint)


def warn(message):
    print("holdout: warning: %s" % message, file=sys.stderr, flush=True)


def participant_traceback(exc):
    """The traceback of exc without the harness's own frames: the participant sees their code."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.startswith(HARNESS_DIR + os.sep)]
    lines = ["Traceback (most recent call last):\n"]
    lines += traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines)


def describe(exc):
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    if len(first) > 300:
        first = first[:300] + "…"
    return "%s: %s" % (type(exc).__name__, first) if first else type(exc).__name__


def call_participant(fn, *args, what, **kwargs):
    """Run participant code; whatever escapes it (SystemExit too) is their crash, traceback on stderr."""
    handover()
    try:
        return fn(*args, **kwargs)
    except SystemExit as exc:
        print(participant_traceback(exc), file=sys.stderr, flush=True)
        fail(
            "crash",
            "%s called sys.exit(%s) before it finished." % (what, "" if exc.code is None else repr(exc.code)),
            "Return from the function instead of exiting: the harness writes the output after it returns.",
        )
    except BaseException as exc:  # noqa: BLE001 — a participant's KeyboardInterrupt is theirs too
        print(participant_traceback(exc), file=sys.stderr, flush=True)
        fail("crash", "%s raised %s" % (what, describe(exc)), "Fix the error shown in the traceback above, then run holdout test again.")


def workdir():
    return os.getcwd()


def data_dir():
    return os.environ.get("HOLDOUT_DATA_DIR", "")


def output_file():
    return os.environ.get("HOLDOUT_OUTPUT_FILE", "")


def import_participant_module(name, folder=None, what=None):
    """Import the participant's module the way crunch-cli loads user code: their folder first on sys.path."""
    import importlib

    folder = folder or workdir()
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return call_participant(importlib.import_module, name, what=what or ("importing %s.py" % name))


def check_frame(df, ids, id_column, columns, what):
    """Shared checks of a returned table: a DataFrame, the id column and exactly the columns, every id once, finite numbers."""
    import math

    import pandas as pd

    def bad(message, hint):
        fail("invalid_output", message, hint)

    if df is None:
        bad("%s returned None." % what, "Return a pandas DataFrame with the columns %s." % ", ".join([id_column] + list(columns)))
    if not isinstance(df, pd.DataFrame):
        bad("%s returned a %s, not a pandas DataFrame." % (what, type(df).__name__), "Return a pandas DataFrame with the columns %s." % ", ".join([id_column] + list(columns)))
    frame = df
    if id_column not in frame.columns and frame.index.name == id_column:
        frame = frame.reset_index()
    have = [str(c) for c in frame.columns]
    want = [id_column] + list(columns)
    missing = [c for c in want if c not in have]
    extra = [c for c in have if c not in want]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing %s" % ", ".join(missing))
        if extra:
            parts.append("unexpected %s" % ", ".join(extra))
        bad("%s returned the columns %s (%s)." % (what, ", ".join(have) or "(none)", "; ".join(parts)), "Return exactly the columns %s." % ", ".join(want))
    got = [str(v) for v in frame[id_column].tolist()]
    if ids is not None:
        expected = [str(v) for v in ids]
        if len(got) != len(expected):
            bad("%s returned %d rows; the input has %d." % (what, len(got), len(expected)), "Return one row per input row.")
        seen = set()
        for v in got:
            if v in seen:
                bad("%s returned the id %s twice." % (what, v[:80]), "Return one row per input id.")
            seen.add(v)
        expected_set = set(expected)
        unknown = [v for v in got if v not in expected_set]
        if unknown:
            bad("%s returned the id %s, which is not in the input." % (what, unknown[0][:80]), "Return the ids of the input rows, unchanged.")
    for c in columns:
        col = frame[c]
        for i, v in enumerate(col.tolist()):
            if v is None or (isinstance(v, float) and (math.isnan(v) or math.isinf(v))):
                bad("%s returned %s in column %s (id %s)." % (what, "NaN" if v is None or math.isnan(v) else "inf", c, got[i][:80]), "Return a finite number in every row.")
    return frame


def refuse_carriage_returns(columns, rows):
    """Python's csv module (3.11) quotes a value holding \n but not one holding a lone \r, and the
    host's CSV reader ends a record at either: such a value would split into rows nobody checked."""
    for row in rows:
        for column, value in zip(columns, row):
            if isinstance(value, str) and "\r" in value:
                fail(
                    "invalid_output",
                    "A value in column %s holds a carriage return (\\r), which would split its row in the predictions file." % column,
                    "Remove carriage returns from the values you return (e.g. value.replace('\\r', ' ')).",
                )


def write_frame(df, path):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    text_columns = [c for c in df.columns if df[c].dtype == object]
    refuse_carriage_returns([str(c) for c in text_columns], df[text_columns].itertuples(index=False, name=None))
    df.to_csv(path, index=False)
