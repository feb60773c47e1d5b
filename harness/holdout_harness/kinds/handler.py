"""The `handler` kind, Dynalab style: handler.py serves one example at a time, as TorchServe calls it.

Dynalab (facebookresearch/dynalab) deploys a model as a TorchServe handler: a module-level
`handle(data, context)` or a single handler class (initialize / preprocess / inference /
postprocess). Each example arrives as `data = [{"body": example}]` and the handler answers with a
one-element list holding the response (a dict, or that dict as a JSON string). This harness plays
TorchServe's part: it reads the task's inputs (JSON Lines with a "uid" each), loads handler.py the
way TorchServe's model loader does, feeds the examples one by one, checks every response against
the fields the task declares and writes the predictions CSV the scorer reads.

The inputs are the organizer's data: a bad line is our error, reported before handover. Everything
the handler returns is the participant's: a bad response is invalid_output naming the example.
"""
import csv
import importlib.util
import json
import math
import numbers
import os
import sys

from holdout_harness import protocol

FIELD_TYPES = ("str", "int", "float", "bool", "list", "dict")
# Keys a response may carry besides the declared fields: the echo of the input's uid, and the
# signature Dynalab's TaskIO.sign_response adds (accepted so their handlers run unchanged; unused).
ALWAYS_ALLOWED = ("id", "signature")
SHIMS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "shims")
HANDLER_HINT = "Define handle(data, context) in handler.py, or one handler class (e.g. class Handler(BaseDynaHandler)) with initialize, preprocess, inference and postprocess."


# --- settings and inputs: ours (the organizer's), checked before any participant code runs ---


def read_settings(config):
    settings = config.get("handler") or {}
    if not isinstance(settings, dict):
        protocol.harness_error("The handler settings are not an object.")
    file = settings.get("file") or "handler.py"
    if not isinstance(file, str) or not file.endswith(".py") or "/" in file or file.startswith("."):
        protocol.harness_error("submission.handler.file must be a .py file at the submission's root, not %r." % (file,))
    if file[:-3] in sys.modules:
        # e.g. json.py: importing it would return the module the harness already holds, not theirs.
        protocol.harness_error("submission.handler.file %s has the name of a module Python has already loaded; the handler must have another name." % file)
    inputs = settings.get("inputs") or "inputs.jsonl"
    fields = settings.get("fields")
    if not isinstance(fields, dict) or not fields:
        protocol.harness_error("submission.handler.fields must name at least one output field and its type (%s)." % ", ".join(FIELD_TYPES))
    for name, kind in fields.items():
        if kind not in FIELD_TYPES:
            protocol.harness_error("submission.handler.fields.%s is %r; a field's type is one of %s." % (name, kind, ", ".join(FIELD_TYPES)))
        if name in ALWAYS_ALLOWED:
            protocol.harness_error("submission.handler.fields may not declare %s: the harness checks it itself." % name)
    output = config.get("output") or {}
    id_column = output.get("id_column") or "id"
    return file, inputs, dict(fields), id_column


def read_inputs(name):
    """One JSON object per line, each with a uid (a string or an integer), no uid twice."""
    path = os.path.join(protocol.data_dir(), name)
    hint = "Fix %s in the competition's data: one JSON object per line, each with a unique \"uid\"." % name
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        protocol.harness_error("The task's inputs %s are not in the data folder." % name, hint)
    except (OSError, UnicodeDecodeError) as exc:
        protocol.harness_error("The task's inputs %s could not be read: %s" % (name, protocol.describe(exc)), hint)
    examples, seen = [], set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            example = json.loads(line)
        except ValueError as exc:
            protocol.harness_error("%s line %d is not JSON (%s)." % (name, number, exc), hint)
        if not isinstance(example, dict):
            protocol.harness_error("%s line %d is not a JSON object." % (name, number), hint)
        uid = example.get("uid")
        if isinstance(uid, bool) or not isinstance(uid, (str, int)) or uid == "":
            protocol.harness_error("%s line %d has no uid (a string or an integer)." % (name, number), hint)
        if uid in seen:
            protocol.harness_error("%s line %d repeats the uid %s." % (name, number, json.dumps(uid)), hint)
        seen.add(uid)
        examples.append(example)
    if not examples:
        protocol.harness_error("The task's inputs %s hold no examples." % name, hint)
    return examples


def setup_config(workdir):
    """Dynalab's setup_config.json (at the root or in .dynalab/<model>/), read for the manifest only.

    The host validated it and flattened its model_files at staging (src/submission/setup-config.ts);
    here it only names the checkpoint (manifest.model.serializedFile) and the model.
    """
    candidates = [("model", os.path.join(workdir, "setup_config.json"))]
    dynalab = os.path.join(workdir, ".dynalab")
    if os.path.isdir(dynalab):
        for model in sorted(os.listdir(dynalab)):
            candidates.append((model, os.path.join(dynalab, model, "setup_config.json")))
    for model, path in candidates:
        try:
            with open(path, encoding="utf-8") as f:
                parsed = json.load(f)
        except (OSError, ValueError, RecursionError, MemoryError):
            # The participant's file; the host validated it at staging (src/submission/setup-config.ts):
            # what Python cannot read here only loses the manifest, never becomes our error.
            continue
        if isinstance(parsed, dict):
            return model, parsed
    return "model", {}


def load_context_class():
    """TorchServe's Context from our `ts` shim, under a private name.

    Loaded by path rather than `import ts.context`, so a submission that ships its own `ts`
    package still gets it when handler.py imports ts (the shims are last on sys.path).
    """
    spec = importlib.util.spec_from_file_location("_holdout_ts_context", os.path.join(SHIMS_DIR, "ts", "context.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Context


def make_context(config, workdir, file):
    model, setup = setup_config(workdir)
    checkpoint = setup.get("checkpoint")
    manifest = {
        "runtime": "python",
        "model": {"modelName": model, "handler": file, "modelVersion": "1.0"},
    }
    if isinstance(checkpoint, str) and checkpoint:
        # torch-model-archiver puts the checkpoint at the archive's root: so does staging.
        manifest["model"]["serializedFile"] = os.path.basename(checkpoint)
    Context = load_context_class()
    return Context(
        model_name=model,
        model_dir=workdir,
        manifest=manifest,
        batch_size=1,
        gpu=0 if config.get("has_gpu") else None,
        mms_version="holdout",
    )


# --- the participant's handler ---


def own_classes(module):
    """Classes defined in handler.py itself (not imported into it), as TorchServe lists them."""
    found = []
    for value in vars(module).values():
        if isinstance(value, type) and getattr(value, "__module__", None) == module.__name__:
            found.append(value)
    return found


def is_handler_class(cls):
    return callable(getattr(cls, "handle", None)) or all(callable(getattr(cls, m, None)) for m in ("preprocess", "inference", "postprocess"))


def positional_count(fn):
    import inspect

    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return None
    count = 0
    for p in params:
        if p.kind == p.VAR_POSITIONAL:
            return None
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            count += 1
    return count


def run_pipeline(instance, data):
    """What TorchServe's BaseHandler.handle does, with Dynalab's postprocess(output, data) too."""
    output = instance.inference(instance.preprocess(data))
    if positional_count(instance.postprocess) == 1:
        return instance.postprocess(output)
    return instance.postprocess(output, data)


def entry_point(module, file, context):
    """TorchServe's model loader: a module-level handle wins; else the one handler class, initialized."""
    fn = getattr(module, "handle", None)
    if callable(fn) and not isinstance(fn, type):
        # TorchServe initializes a function handler by calling it with no data first.
        protocol.call_participant(fn, None, context, what="handle(None, context), the first call TorchServe makes to initialize a handler,")
        return fn, "handle()"
    classes = [c for c in own_classes(module) if is_handler_class(c)]
    if not classes:
        protocol.fail("invalid_submission", "%s defines no handle(data, context) function and no handler class." % file, HANDLER_HINT)
    if len(classes) > 1:
        names = ", ".join(sorted(c.__name__ for c in classes))
        protocol.fail(
            "invalid_submission",
            "%s defines several handler classes (%s); TorchServe expects exactly one." % (file, names),
            "Keep one handler class in %s, or define handle(data, context) to choose." % file,
        )
    cls = classes[0]
    instance = protocol.call_participant(cls, what="%s()" % cls.__name__)
    if callable(getattr(instance, "initialize", None)):
        protocol.call_participant(instance.initialize, context, what="%s.initialize(context)" % cls.__name__)
    if callable(getattr(instance, "handle", None)):
        return (lambda data, ctx: instance.handle(data, ctx)), "%s.handle()" % cls.__name__
    return (lambda data, ctx: run_pipeline(instance, data)), "%s's preprocess, inference and postprocess" % cls.__name__


# --- responses: the participant's, every fault is invalid_output naming the example ---


def shown(value):
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 80 else text[:80] + "…"


def a_type(value):
    name = type(value).__name__
    return ("an " if name[:1] in "aeiou" else "a ") + name


def type_ok(value, kind):
    if isinstance(value, bool):
        return kind == "bool"
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, numbers.Integral)
    if kind == "float":
        return isinstance(value, numbers.Real) and math.isfinite(float(value))
    if kind == "list":
        return isinstance(value, list)
    if kind == "dict":
        return isinstance(value, dict)
    return False


def fields_text(fields):
    return ", ".join("%s (%s)" % (name, kind) for name, kind in fields.items())


def check_response(returned, expected_id, fields, what):
    """The response to one example, as a dict; anything else ends the run as invalid_output."""
    uid = shown(expected_id)

    def bad(message, hint):
        protocol.fail("invalid_output", message, hint)

    shape_hint = 'Return a one-element list holding the response, as TorchServe expects: return [{"id": example["uid"], ...}].'
    if not isinstance(returned, list):
        bad("%s returned %s for the example with uid %s, not a list." % (what, "None" if returned is None else a_type(returned), uid), shape_hint)
    if len(returned) != 1:
        bad("%s returned a list of %d items for the example with uid %s; one response per example is expected." % (what, len(returned), uid), shape_hint)
    response = returned[0]
    if isinstance(response, (str, bytes, bytearray)):
        try:
            response = json.loads(response)
        except ValueError as exc:
            bad("The response to the example with uid %s is a string that is not JSON (%s)." % (uid, exc), "Return the response as a dict, or json.dumps of that dict.")
        if not isinstance(response, dict):
            bad("The response to the example with uid %s is a JSON string that does not hold an object." % uid, "Return the response as a dict, or json.dumps of that dict.")
    if not isinstance(response, dict):
        bad("The response to the example with uid %s is %s, not a dict or a JSON string." % (uid, a_type(response)), "Return [response] where response is a dict with id and %s." % fields_text(fields))
    if "id" not in response:
        bad("The response to the example with uid %s has no id." % uid, 'Set response["id"] = example["uid"], the uid of the example in data[0]["body"].')
    got = response["id"]
    if isinstance(got, bool) or type(got) is not type(expected_id) or got != expected_id:
        bad("The response to the example with uid %s has the id %s; it must echo the input's uid." % (uid, shown(got)), 'Set response["id"] = example["uid"], unchanged (same value and type).')
    missing = [name for name in fields if name not in response]
    if missing:
        bad("The response to the example with uid %s lacks the field %s." % (uid, ", ".join(missing)), "Return every field the task declares: %s." % fields_text(fields))
    extra = [str(k) for k in response if k not in fields and k not in ALWAYS_ALLOWED]
    if extra:
        bad(
            "The response to the example with uid %s has the field %s, which the task does not declare." % (uid, ", ".join(extra)),
            "Return only id and the declared fields: %s." % fields_text(fields),
        )
    for name, kind in fields.items():
        value = response[name]
        if not type_ok(value, kind):
            what_it_is = "not a finite number" if kind == "float" and isinstance(value, numbers.Real) and not isinstance(value, bool) else a_type(value)
            bad(
                "The response to the example with uid %s has %s = %s (%s); the task declares %s." % (uid, name, shown(value), what_it_is, kind),
                "Return %s as a %s." % (name, kind),
            )
        if kind in ("list", "dict"):
            try:
                json.dumps(value, allow_nan=False)
            except (TypeError, ValueError) as exc:
                bad("The response to the example with uid %s has a %s that is not JSON (%s)." % (uid, name, exc), "Fill %s with plain str, int, float, bool, list and dict values." % name)
    return response


def cell(value, kind):
    if kind == "str":
        return value
    if kind == "int":
        return str(int(value))
    if kind == "float":
        return repr(float(value))
    # bool, list and dict: as JSON, so that one CSV cell holds them unambiguously.
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def write_predictions(rows, path, id_column, fields):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    protocol.refuse_carriage_returns([id_column] + list(fields), rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow([id_column] + list(fields))
        writer.writerows(rows)


def main(config):
    file, inputs, fields, id_column = read_settings(config)
    examples = read_inputs(inputs)
    workdir = protocol.workdir()
    output = protocol.output_file()
    if not output:
        protocol.harness_error("HOLDOUT_OUTPUT_FILE is not set.")
    if not os.path.isfile(os.path.join(workdir, file)):
        protocol.fail("invalid_submission", "The submission has no %s at its root." % file, HANDLER_HINT)
    context = make_context(config, workdir, file)
    # Dynalab's ROOTPATH is where the project lies: here, the working folder (the dynalab shim reads it).
    os.environ["ROOTPATH"] = workdir
    module = protocol.import_participant_module(file[:-3], workdir, what="importing %s" % file)
    handle, what = entry_point(module, file, context)
    rows = []
    for example in examples:
        # Kept aside: the handler gets the example itself and may change it.
        uid = example["uid"]
        data = [{"body": example}]
        context.request_ids = {0: str(uid)}
        returned = protocol.call_participant(handle, data, context, what="%s on the example with uid %s" % (what, shown(uid)))
        response = check_response(returned, uid, fields, what)
        rows.append([str(uid)] + [cell(response[name], kind) for name, kind in fields.items()])
    write_predictions(rows, output, id_column, fields)
    protocol.done()
