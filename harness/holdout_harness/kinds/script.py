"""A notebook where a script is expected: main.ipynb is converted to main.py, then run as a script.

Converting reads the notebook as data (no participant code runs), so its faults are reported
before handover; then the converted source runs as __main__, like `python main.py`.
"""
import os
import runpy
import sys

from holdout_harness import protocol


def notebook_of(entry):
    stem, _ = os.path.splitext(entry)
    return stem + ".ipynb"


def converted_source(entry, workdir):
    """Convert <entry stem>.ipynb; write main.py and the embedded files where the script will run."""
    from holdout_harness import notebook

    path = os.path.join(workdir, notebook_of(entry))
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except UnicodeDecodeError:
        protocol.fail("invalid_submission", "%s is not UTF-8 text, so it is not a notebook." % notebook_of(entry), "Save the notebook again from Jupyter (File > Save) and commit the .ipynb file.")
    try:
        converted = notebook.convert(text, reserved=(entry,))
    except notebook.NotebookError as exc:
        protocol.fail("invalid_submission", "%s: %s" % (notebook_of(entry), exc.message), exc.hint)
    if converted.requirements:
        from holdout_harness import requirements

        requirements.check_specifiers(converted.requirements)
    for warning in converted.warnings:
        protocol.warn(warning)
    return converted


def write_converted(converted, entry, workdir):
    """Into the working copy when it is writable, else into /tmp (the read-only mount stays as it is)."""
    target = workdir if os.access(workdir, os.W_OK) else os.path.join("/tmp", "holdout-notebook")
    if converted.files and target != workdir:
        # The notebook's code opens them relative to the working folder, which is read-only here.
        protocol.fail(
            "invalid_submission",
            "The notebook embeds files (%s), but this competition's working folder is read-only (limits.workdir: 0), so they cannot be placed next to main.py." % ", ".join(sorted(converted.files)[:5]),
            "Submit those files as files of the submission instead of Markdown cells.",
        )
    os.makedirs(target, exist_ok=True)
    for name, text in sorted(converted.files.items()):
        full = os.path.normpath(os.path.join(target, name))
        if not full.startswith(target + os.sep):
            protocol.fail("invalid_submission", "The notebook embeds a file named %s, outside its folder." % name, "Name embedded files with plain relative paths.")
        if os.path.exists(full):
            protocol.fail("invalid_submission", "The notebook embeds %s, but the submission already has a file of that name." % name, "Rename the embedded file or the submission's file.")
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)
    script = os.path.join(target, entry)
    with open(script, "w", encoding="utf-8") as f:
        f.write(converted.source)
    return script


def main(config):
    entry = config.get("entry") or "main.py"
    workdir = protocol.workdir()
    if os.path.exists(os.path.join(workdir, entry)):
        script = os.path.join(workdir, entry)
    else:
        hint = "Fix the notebook, check it with holdout convert %s, then run holdout test again." % notebook_of(entry)
        with protocol.participant_input(notebook_of(entry), hint):
            script = write_converted(converted_source(entry, workdir), entry, workdir)
    sys.argv = [script]
    if workdir not in sys.path:
        sys.path.insert(0, workdir)
    protocol.handover()
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        # A script may end with sys.exit(0): that is a normal end, as it is for `python main.py`.
        if exc.code not in (None, 0):
            print(protocol.participant_traceback(exc), file=sys.stderr, flush=True)
            protocol.fail("crash", "The notebook's code exited with %r." % (exc.code,), "Let the notebook run to its end, or fix what made it exit.")
    except BaseException as exc:  # noqa: BLE001
        print(protocol.participant_traceback(exc), file=sys.stderr, flush=True)
        protocol.fail("crash", "The notebook's code raised %s" % protocol.describe(exc), "Fix the error shown in the traceback above (holdout convert shows the code that ran), then run holdout test again.")
    protocol.done()
