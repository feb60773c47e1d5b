"""The `functions` kind: the submission's module defines functions the harness calls.

Covers CrunchDAO's `train(...)` / `infer(...)` in main.py (or main.ipynb) and DrivenData's
"organizer harness imports solution.py, calls preprocess() then predict() per item": the
organizer names the module, the functions and how infer is fed (competition.yml
submission.functions, handed over verbatim in HOLDOUT_HARNESS; docs/organizers.md).

One run is one phase (the host runs train and infer as separate sandbox runs):
  train  train(...) is called, the resources folder (model_directory_path) is writable; no output.
  infer  [prepare(...) once, then] infer(...), fed in one of three ways:
         frame   (default) called once; returns a DataFrame, checked and written;
         stream  a generator fed the rows of one argument one at a time (CrunchDAO's streaming
                 protocol: first yield None when ready, then one value per row, never reading ahead);
         items   called once per row of one argument, the row's columns passed by name; each call
                 returns the prediction of that row (DrivenData's per-item predict()).

Parameters are filled by name, with crunch-cli's rules (its `smart_call`): the organizer's
`arguments` and a few built-in names; X_train / x_train style aliases; a parameter with a default
keeps its default; one nobody provides gets None and a warning; *args / **kwargs get nothing.

Everything up to the import of the participant's module (settings, requirements.txt, the module
file, the data files' presence) is checked before handover, so those verdicts are trusted.
"""
import inspect
import os
import sys
import tempfile
import types

from holdout_harness import protocol, requirements

# crunch-cli passes each of these under both spellings (its runners' specific values).
ALIASES = (("X_train", "x_train"), ("y_train", "Y_train"), ("X_test", "x_test"), ("y_test", "Y_test"))
# One column name and the list of them, as crunch-cli passes both.
SINGULAR_PLURAL = (
    ("prediction_column_name", "prediction_column_names"),
    ("target_column_name", "target_column_names"),
    ("feature_column_name", "feature_column_names"),
)
SPEC_KEYS = ("file", "value", "path", "scratch")
READERS = (".csv", ".parquet")
DOCS = "docs/participants.md"


class _End:
    """A generator's end (StopIteration), told apart from any value it may yield."""


END = _End()


class Derived:
    """A value made from another name's: the first of a list, or a one-element list."""

    def __init__(self, how, name):
        self.how = how
        self.name = name


# --- settings (pure, before handover) ---------------------------------------------------------


def organizer_error(message):
    protocol.harness_error(message, "This is the competition's configuration, not the submission: report it to the organizers with the log.")


def phase_of_name(name):
    """crunch-cli gives X_train / y_train to train only and X_test to infer only."""
    lower = name.lower()
    if lower.endswith("_train"):
        return "train"
    if lower.endswith("_test"):
        return "infer"
    return "both"


def settings_of(config):
    """The functions settings with their defaults; organizer mistakes are our error (before handover)."""
    raw = config.get("functions") or {}
    if not isinstance(raw, dict):
        organizer_error("submission.functions must be a mapping.")
    module = str(raw.get("module") or "main")
    for suffix in (".py", ".ipynb"):
        if module.endswith(suffix):
            module = module[: -len(suffix)]
    arguments = raw.get("arguments") or {}
    if not isinstance(arguments, dict):
        organizer_error("submission.functions.arguments must map parameter names to {file|value|path|scratch}.")
    specs = {}
    for name, spec in arguments.items():
        if not isinstance(spec, dict) or sum(1 for k in SPEC_KEYS if k in spec) != 1:
            organizer_error("submission.functions.arguments.%s must have exactly one of %s." % (name, ", ".join(SPEC_KEYS)))
        phase = spec.get("phase") or phase_of_name(name)
        if phase not in ("train", "infer", "both"):
            organizer_error("submission.functions.arguments.%s.phase must be train, infer or both." % name)
        if "file" in spec and not str(spec["file"]).lower().endswith(READERS):
            organizer_error("submission.functions.arguments.%s.file must be a .csv or .parquet file." % name)
        specs[name] = dict(spec, phase=phase)
    settings = {
        "module": module,
        "train": raw.get("train", "train"),
        "infer": raw.get("infer") or "infer",
        "prepare": raw.get("prepare"),
        "prepare_as": raw.get("prepare_as") or "assets",
        "arguments": specs,
        "stream": raw.get("stream"),
        "items": raw.get("items"),
        "ids": raw.get("ids"),
        "phase": config.get("phase") or "infer",
    }
    if settings["phase"] not in ("train", "infer"):
        organizer_error("The functions harness got the phase %r; it runs train or infer." % settings["phase"])
    if settings["phase"] == "train" and not settings["train"]:
        organizer_error("The host asked for a train phase, but submission.functions.train is null.")
    if settings["stream"] and settings["items"]:
        organizer_error("submission.functions sets both stream and items; infer is fed one way.")
    for key in ("stream", "items"):
        name = settings[key]
        if name and "file" not in specs.get(name, {}):
            organizer_error("submission.functions.%s names %s, which must be an argument with a file." % (key, name))
    return settings


def data_path(relative):
    """A path under the data folder; one that leaves it is the organizer's mistake."""
    root = os.path.realpath(protocol.data_dir() or ".")
    full = os.path.realpath(os.path.join(root, str(relative)))
    if full != root and not full.startswith(root + os.sep):
        organizer_error("The data path %s leaves the data folder." % relative)
    return full


def check_data(settings):
    """Every data path stays in the data folder; the file infer is fed from is there (other files
    may belong to the other phase: their parameters get None, with a warning)."""
    for spec in settings["arguments"].values():
        if "file" in spec or "path" in spec:
            data_path(spec.get("file", spec.get("path")))
    for key in ("stream", "items"):
        name = settings[key]
        if name and settings["phase"] == "infer":
            path = data_path(settings["arguments"][name]["file"])
            if not os.path.isfile(path):
                organizer_error("The data folder has no %s (the argument %s that infer is fed from)." % (settings["arguments"][name]["file"], name))


def module_source(settings, workdir):
    """The folder to import the module from; a notebook is converted first (helper: kinds/script.py)."""
    name = settings["module"]
    if os.path.isfile(os.path.join(workdir, name + ".py")) or os.path.isfile(os.path.join(workdir, name, "__init__.py")):
        return workdir
    if os.path.isfile(os.path.join(workdir, name + ".ipynb")):
        from holdout_harness.kinds import script

        hint = "Fix the notebook, check it with holdout convert %s.ipynb, then run holdout test again." % name
        with protocol.participant_input(name + ".ipynb", hint):
            converted = script.converted_source(name + ".py", workdir)
            return os.path.dirname(script.write_converted(converted, name + ".py", workdir))
    wanted = [settings["train"], settings["infer"]] if settings["phase"] == "train" else [settings["infer"]]
    protocol.fail(
        "invalid_submission",
        "The submission has no %s.py (nor %s.ipynb); this competition calls %s from it." % (name, name, " and ".join("%s()" % w for w in wanted if w)),
        "Add %s.py defining %s at its top level (%s), then run holdout test again." % (name, ", ".join("def %s(...)" % w for w in wanted if w), DOCS),
    )


# --- values the parameters get -----------------------------------------------------------------


class Values:
    """What each parameter name gets in this phase: the organizer's arguments first, then built-ins.

    Files are read on first use, once per file: a phase reads only what its functions ask for.
    """

    def __init__(self, settings, config):
        self.phase = settings["phase"]
        self.specs = {}
        self.other_phase = set()
        self.cache = {}
        self.fixed = {}
        for name, spec in settings["arguments"].items():
            if spec["phase"] in ("both", self.phase):
                self.specs[name] = spec
            else:
                self.other_phase.add(name)
        for a, b in ALIASES:
            for name, alias in ((a, b), (b, a)):
                if name in self.specs and alias not in self.specs and alias not in settings["arguments"]:
                    self.specs[alias] = self.specs[name]
                if name in self.other_phase and alias not in settings["arguments"]:
                    self.other_phase.add(alias)
        output = config.get("output") or {}
        columns = list(output.get("columns") or [])
        builtins = {
            "data_directory_path": protocol.data_dir(),
            "has_gpu": bool(config.get("has_gpu")),
            "has_trained": has_trained(config, self.phase),
        }
        if config.get("resources_dir"):
            builtins["model_directory_path"] = config["resources_dir"]
        if output.get("id_column"):
            builtins["id_column_name"] = output["id_column"]
        if columns:
            builtins["prediction_column_names"] = columns
        for name, value in builtins.items():
            if name not in self.specs:
                self.fixed[name] = value
        for one, many in SINGULAR_PLURAL:
            if self.has(many) and not self.has(one) and one not in self.other_phase:
                self.fixed[one] = Derived("first", many)
            if self.has(one) and not self.has(many) and many not in self.other_phase:
                self.fixed[many] = Derived("list", one)

    def has(self, name):
        return name in self.specs or name in self.fixed

    def names(self):
        return sorted(set(self.specs) | set(self.fixed))

    def get(self, name):
        if name in self.fixed:
            value = self.fixed[name]
            if isinstance(value, Derived):
                other = self.get(value.name)
                if value.how == "list":
                    return [other]
                return list(other)[0] if other is not None and len(other) else None
            return value
        spec = self.specs[name]
        if "value" in spec:
            return spec["value"]
        if "path" in spec:
            return data_path(spec["path"])
        if "scratch" in spec:
            key = ("scratch", name)
            if key not in self.cache:
                self.cache[key] = tempfile.mkdtemp(prefix="holdout-%s-" % name)
            return self.cache[key]
        return self.frame(spec["file"], name)

    def frame(self, relative, name):
        path = data_path(relative)
        if path not in self.cache:
            self.cache[path] = read_frame(path, relative, name)
            if self.cache[path] is None:
                warn_once("%s gets None: the data folder of this %s phase has no %s." % (name, self.phase, relative))
        return self.cache[path]


def aliases_of(name):
    """name and its crunch-cli aliases (X_test → x_test)."""
    for group in ALIASES:
        if name in group:
            return group
    return (name,)


def read_frame(path, relative, name):
    import pandas as pd

    if not os.path.isfile(path):
        return None
    try:
        if path.lower().endswith(".parquet"):
            return pd.read_parquet(path)
        return pd.read_csv(path)
    except Exception as exc:  # noqa: BLE001 — the organizer's file
        protocol.harness_error("The data file %s (argument %s) could not be read: %s" % (relative, name, protocol.describe(exc)))


def has_trained(config, phase):
    """crunch-cli's has_trained: train → True; infer → the host's word, else whether resources exist."""
    if phase == "train":
        return True
    if "has_trained" in config:
        return bool(config["has_trained"])
    folder = config.get("resources_dir")
    try:
        return bool(folder) and any(os.scandir(folder))
    except OSError:
        return False


# --- calling participant functions ---------------------------------------------------------------

_warned = set()


def warn_once(message):
    if message not in _warned:
        _warned.add(message)
        protocol.warn(message)


def function_of(module, name, source):
    # The module's namespace, not getattr: a module-level __getattr__ would run their code here.
    fn = vars(module).get(name)
    if fn is None:
        protocol.fail(
            "invalid_submission",
            "%s defines no function %s(); this competition calls it." % (source, name),
            "Define def %s(...) at the top level of %s (%s), then run holdout test again." % (name, source, DOCS),
        )
    if not callable(fn):
        protocol.fail(
            "invalid_submission",
            "%s defines %s, but it is a %s, not a function." % (source, name, type(fn).__name__),
            "Make %s a function: def %s(...) (%s)." % (name, name, DOCS),
        )
    return fn


def arguments_for(fn, label, values, extra=None):
    """crunch-cli's rules: by name; defaults kept; unknown → None + warning; *args/**kwargs nothing."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        protocol.fail("invalid_submission", "The parameters of %s cannot be read." % label, "Make %s a plain Python function (def), then run holdout test again." % label)
    args, kwargs = [], {}
    for name, parameter in signature.parameters.items():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            warn_once("%s: %s%s gets nothing; parameters are filled by name only." % (label, "*" if parameter.kind == parameter.VAR_POSITIONAL else "**", name))
            continue
        if parameter.default is not parameter.empty:
            warn_once("%s: %s keeps its default value (%s)." % (label, name, short_repr(parameter.default)))
            continue
        if extra is not None and name in extra:
            value = extra[name]
        elif values.has(name):
            value = values.get(name)
        else:
            if name in values.other_phase:
                why = "it is given to the other phase only"
            else:
                why = "nothing of that name is provided (%s)" % provided_words(values, extra)
            warn_once("%s: %s gets None: %s." % (label, name, why))
            value = None
        if parameter.kind == parameter.POSITIONAL_ONLY:
            args.append(value)
        else:
            kwargs[name] = value
    return args, kwargs


def provided_words(values, extra):
    names = values.names() + sorted(extra or ())
    shown = ", ".join(names[:12])
    return "provided: %s%s" % (shown, ", and %d more" % (len(names) - 12) if len(names) > 12 else "")


def short_repr(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def call(fn, label, values, extra=None):
    args, kwargs = arguments_for(fn, label, values, extra)
    # A closure, not call_participant(fn, *args, **kwargs): their parameter names could be `what`.
    return protocol.call_participant(lambda: fn(*args, **kwargs), what=label)


def advance(generator, label):
    def step():
        try:
            return next(generator)
        except StopIteration:
            return END

    return protocol.call_participant(step, what=label)


# --- infer outputs ---------------------------------------------------------------------------------


def row_values(value, columns, label, ident):
    """One prediction (scalar, sequence or mapping) as the list of the output columns' values."""
    import pandas as pd

    where = "for id %s" % str(ident)[:80]
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if hasattr(value, "ndim") and getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        value = value.item()
    if value is None:
        protocol.fail("invalid_output", "%s returned None %s." % (label, where), "Return the prediction of every row: %s." % shape_words(columns))
    if isinstance(value, dict):
        keys = [str(k) for k in value]
        if sorted(keys) != sorted(columns):
            protocol.fail("invalid_output", "%s returned the keys %s %s; expected %s." % (label, ", ".join(keys) or "(none)", where, ", ".join(columns)), "Return %s." % shape_words(columns))
        return [value[k] for k in columns]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        if len(value) != len(columns):
            protocol.fail("invalid_output", "%s returned %d values %s; expected %d (%s)." % (label, len(value), where, len(columns), ", ".join(columns)), "Return %s." % shape_words(columns))
        return list(value)
    if len(columns) != 1:
        protocol.fail("invalid_output", "%s returned one value %s; expected %d (%s)." % (label, where, len(columns), ", ".join(columns)), "Return %s." % shape_words(columns))
    return [value]


def shape_words(columns):
    if len(columns) == 1:
        return "one value per row (the %s)" % columns[0]
    return "a tuple of %d values per row (%s) or a dict with those keys" % (len(columns), ", ".join(columns))


def collected_frame(ids, rows, id_column, columns):
    import pandas as pd

    frame = pd.DataFrame(rows, columns=columns)
    frame.insert(0, id_column, list(ids))
    return frame


def id_list(frame, id_column, name):
    if frame is None:
        organizer_error("The data file of the argument %s is missing." % name)
    if id_column not in frame.columns:
        organizer_error("The data file of the argument %s has no %s column." % (name, id_column))
    return frame[id_column].tolist()


class Stream:
    """The rows of one argument, handed to a streaming infer one at a time.

    The harness counts rows read and predictions yielded: reading a row before yielding the
    prediction of the previous one (reading ahead) is refused, as in crunch-cli, because a live
    competition cannot give tomorrow's row today. This is a rule of the protocol, not a wall:
    the file itself is in the (readable) data folder and this object lives in their process.
    """

    def __init__(self, frame, name, label):
        self._rows = frame
        self.name = name
        self.label = label
        self.ready = False
        self.read = 0
        self.answered = 0

    def __iter__(self):
        return self

    def __len__(self):
        return len(self._rows)

    def __next__(self):
        if self.read >= len(self._rows):
            raise StopIteration
        if not self.ready:
            protocol.fail(
                "invalid_submission",
                "%s read a row of %s before its first yield." % (self.label, self.name),
                "Yield None once, when the model is ready, before reading the first row (CrunchDAO's streaming protocol, %s)." % DOCS,
            )
        if self.read != self.answered:
            protocol.fail(
                "invalid_submission",
                "%s read row %d of %s before yielding the prediction of row %d." % (self.label, self.read + 1, self.name, self.read),
                "Yield one prediction for each row before reading the next: rows come one at a time, as they would live.",
            )
        self.read += 1
        return self._rows.iloc[self.read - 1]


def infer_stream(fn, label, values, settings, id_column, columns):
    name = settings["stream"]
    frame = values.frame(settings["arguments"][name]["file"], name)
    ids = id_list(frame, id_column, name)
    stream = Stream(frame, name, label)
    generator = call(fn, label, values, extra={alias: stream for alias in aliases_of(name)})
    if not isinstance(generator, types.GeneratorType):
        protocol.fail(
            "invalid_submission",
            "%s returned a %s, not a generator; this competition streams %s one row at a time." % (label, type(generator).__name__, name),
            "Write %s as a generator: yield None when ready, then read one row of %s and yield its prediction, row after row (%s)." % (label, name, DOCS),
        )
    first = advance(generator, label)
    if first is END:
        protocol.fail("invalid_submission", "%s ended before its first yield." % label, "Yield None once, when the model is ready, then one prediction per row of %s." % name)
    if first is not None:
        protocol.fail(
            "invalid_submission",
            "%s first yielded a %s; the first yield must be None (ready)." % (label, type(first).__name__),
            "Yield None once, when the model is ready, before reading the first row of %s." % name,
        )
    stream.ready = True
    rows = []
    while True:
        value = advance(generator, label)
        if value is END:
            break
        if stream.answered == stream.read:
            if stream.read == 0:
                what = "a prediction before reading the first row of %s" % name
            elif stream.read == len(ids):
                what = "more predictions than %s has rows (%d)" % (name, len(ids))
            else:
                what = "a second prediction for row %d of %s" % (stream.read, name)
            protocol.fail("invalid_output", "%s yielded %s." % (label, what), "Yield exactly one prediction for each row read, right after reading it.")
        rows.append(row_values(value, columns, label, ids[stream.answered]))
        stream.answered += 1
    if stream.answered != len(ids):
        protocol.fail(
            "invalid_output",
            "%s yielded %d predictions for the %d rows of %s." % (label, stream.answered, len(ids), name),
            "Read every row of %s and yield one prediction for each." % name,
        )
    return collected_frame(ids, rows, id_column, columns), ids


def infer_items(fn, label, values, settings, id_column, columns):
    name = settings["items"]
    frame = values.frame(settings["arguments"][name]["file"], name)
    ids = id_list(frame, id_column, name)
    rows = []
    for record, ident in zip(frame.to_dict("records"), ids):
        value = call(fn, label, values, extra={str(k): v for k, v in record.items()})
        if isinstance(value, types.GeneratorType):
            protocol.fail("invalid_output", "%s returned a generator for id %s." % (label, str(ident)[:80]), "Return the prediction of the row: %s." % shape_words(columns))
        rows.append(row_values(value, columns, label, ident))
    return collected_frame(ids, rows, id_column, columns), ids


def expected_ids(settings, values, id_column):
    """The ids infer must return, when the organizer said where they are (ids:, or X_test)."""
    name = settings["ids"] or next((n for n in ("X_test", "x_test") if n in values.specs and "file" in values.specs[n]), None)
    if not name or name not in values.specs or "file" not in values.specs[name]:
        return None
    frame = values.frame(values.specs[name]["file"], name)
    if frame is None or id_column not in frame.columns:
        return None
    return frame[id_column].tolist()


def infer_frame(fn, label, values, settings, id_column, columns):
    # The ids before infer runs: it gets the same frame and may change it in place.
    ids = expected_ids(settings, values, id_column)
    result = call(fn, label, values)
    if isinstance(result, types.GeneratorType):
        protocol.fail(
            "invalid_output",
            "%s returned a generator; this competition expects one DataFrame." % label,
            "Return a pandas DataFrame with the columns %s (no yield)." % ", ".join([id_column] + columns),
        )
    return result, ids


# --- the phases ---------------------------------------------------------------------------------


def run_train(module, source, settings, values):
    train = function_of(module, settings["train"], source)
    # Fail before a long training when the infer phase could not run anyway.
    function_of(module, settings["infer"], source)
    if settings["prepare"]:
        function_of(module, settings["prepare"], source)
    call(train, "%s()" % settings["train"], values)
    protocol.done()


def run_infer(module, source, settings, values, config):
    output = config.get("output") or {}
    id_column = output.get("id_column") or "id"
    columns = list(output.get("columns") or [])
    prepare = function_of(module, settings["prepare"], source) if settings["prepare"] else None
    infer = function_of(module, settings["infer"], source)
    label = "%s()" % settings["infer"]
    if prepare is not None:
        prepared = call(prepare, "%s()" % settings["prepare"], values)
        values.fixed[settings["prepare_as"]] = prepared
    if settings["stream"]:
        result, ids = infer_stream(infer, label, values, settings, id_column, columns)
    elif settings["items"]:
        result, ids = infer_items(infer, label, values, settings, id_column, columns)
    else:
        result, ids = infer_frame(infer, label, values, settings, id_column, columns)
    frame = protocol.check_frame(result, ids, id_column, columns, label)
    path = protocol.output_file()
    if not path:
        protocol.harness_error("HOLDOUT_OUTPUT_FILE is not set, so the predictions have nowhere to go.")
    protocol.write_frame(frame[[id_column] + columns], path)
    protocol.done()


def preload(settings, values, config):
    """The organizer's files the infer phase feeds or checks against, read before handover: a missing
    or malformed one is then our error, never the participant's crash (after handover the host cannot
    tell the harness's complaint from a forgery)."""
    id_column = (config.get("output") or {}).get("id_column") or "id"
    for key in ("stream", "items"):
        name = settings[key]
        spec = values.specs.get(name) or {} if name else {}
        if "file" in spec:
            id_list(values.frame(spec["file"], name), id_column, name)
    expected_ids(settings, values, id_column)


def main(config):
    settings = settings_of(config)
    workdir = protocol.workdir()
    # Before handover: nothing of the participant has run, so these verdicts are trusted.
    requirements.check_requirements(workdir)
    check_data(settings)
    if settings["phase"] == "train" and config.get("resources_dir"):
        try:
            os.makedirs(config["resources_dir"], exist_ok=True)
        except OSError as exc:
            protocol.harness_error("The resources folder %s cannot be made: %s" % (config["resources_dir"], exc))
    folder = module_source(settings, workdir)
    values = Values(settings, config)
    if settings["phase"] != "train":
        preload(settings, values, config)
    if workdir not in sys.path:
        sys.path.insert(0, workdir)
    source = settings["module"] + ".py"
    module = protocol.import_participant_module(settings["module"], folder, what="importing %s" % source)
    if settings["phase"] == "train":
        run_train(module, source, settings, values)
    else:
        run_infer(module, source, settings, values, config)
