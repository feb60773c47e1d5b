"""The `pickle` kind, Numerai style: model.pkl holds predict(live_features[, live_benchmark_models]).

Numerai's model uploads (numerai/numerai-predict, predict.py) unpickle a cloudpickled function,
count its parameters with inspect.signature (1, or 2 to get the benchmark models too), call it and
check the returned table: None, not exactly a DataFrame, empty, any NaN, first column outside
[0, 1]. This harness does the same, plus what predict.py leaves open: a table without a
`prediction` column is refused, and sys.exit() inside predict is a crash, not a silent success.

Unpickling runs the participant's code (a pickle names callables that the loader calls), so it
happens after handover. Before it, the file is only READ: its opcodes are walked, and a symbolic
load (nothing imported, nothing called) tells which modules it needs and which Python compiled the
code objects cloudpickle stored. A pickle made with another Python is refused there, before its
bytecode reaches this interpreter: 3.8-3.10 code fails in the code constructor, but 3.12/3.13
bytecode constructs fine and then misbehaves or crashes the interpreter when called.
"""
import _compat_pickle
import codecs
import importlib.util
import inspect
import io
import os
import pickle
import pickletools
import re
import struct
import sys

from holdout_harness import protocol

WHAT = "predict"
PICKLE_HINT = "Write it with cloudpickle: open('model.pkl', 'wb').write(cloudpickle.dumps(predict)), then run holdout test again."
SIGNATURE_HINT = "Pickle a function predict(live_features) -> DataFrame, or predict(live_features, live_benchmark_models) -> DataFrame, indexed by id with a prediction column."
PACKAGE_HINT = "Ask for it with a package-request pull request (docs/runtime.md), or pickle a model that does not need it."
OUTPUT_HINT = "Return a pandas DataFrame indexed like live_features with a prediction column: pd.DataFrame({'prediction': p}, index=live_features.index)."

# Which byte values are opcodes, and how many inline cache units follow each, per Python version:
# generated from each version's own `opcode` module (examples/pickle/tools/bytecode_tables.py).
# Only used to NAME the Python that made a pickle; whether code fits THIS interpreter is decided by
# its live `opcode` module (runtime_table), so a new base image needs no edit here.
KNOWN_TABLES = {
    "3.8": ("1-6,9-12,15-17,19-20,22-29,50-57,59-73,75-79,81-98,100-116,122,124-126,130-133,135-138,141-158,160-163", ""),
    "3.9": ("1-6,9-12,15-17,19-20,22-29,48-52,54-57,59-79,82-87,89-98,100-118,121-122,124-126,130-133,135-138,141-148,154-157,160-165", ""),
    "3.10": ("1-6,9-12,15-17,19-20,22-34,49-52,54-57,59-79,82-87,89-119,121-122,124-126,129-133,135-138,141-148,152,154-157,160-165", ""),
    "3.11": (
        "0-2,9-12,15,25,30-33,35-37,49-54,60-61,68-71,74-75,82-112,114-120,122-126,128-140,142,144-149,151-152,155-157,160,162-166,171-176",
        "25:4 60:1 92:1 95:4 106:4 107:2 116:5 122:1 160:10 166:1 171:4",
    ),
    "3.12": (
        "0-5,9,11-12,15,17,25-27,30-33,35-37,49-55,60-61,68-69,71,74-75,83,85,87,89-110,114-147,149-152,155-157,162-165,171-176",
        "25:1 60:1 92:1 93:1 95:4 106:9 107:1 116:4 122:1 123:1 141:1 171:3",
    ),
    "3.13": ("0-2,4-118,149", "5:1 39:1 40:3 45:1 53:3 58:1 59:1 72:1 77:1 82:9 91:4 93:1 97:1 98:1 99:1 100:1 104:1 108:4 117:1"),
}
# How many arguments cloudpickle passes to types.CodeType on each Python (its _code_reduce).
ARITY = {"3.8": 16, "3.9": 16, "3.10": 16, "3.11": 18, "3.12": 18, "3.13": 18}
# Bytes that other formats start with, for "model.pkl is not a pickle: it is ...".
MAGIC = (
    (b"version https://git-lfs", "a Git LFS pointer, not the file itself", "Commit the file itself (not through Git LFS), or fetch LFS objects before the check runs."),
    (b"PK\x03\x04", "a zip archive (torch.save and numpy.savez write these)", PICKLE_HINT),
    (b"\x1f\x8b", "gzip-compressed (joblib.dump with compress does this)", PICKLE_HINT),
    (b"\x78\x9c", "zlib-compressed (joblib.dump with compress does this)", PICKLE_HINT),
    (b"\x93NUMPY", "a NumPy .npy array", PICKLE_HINT),
    (b"\x89HDF", "an HDF5 file (Keras .h5)", PICKLE_HINT),
    (b"PAR1", "a Parquet file", PICKLE_HINT),
)


# --- settings and data: the organizer's, checked before anything of the participant runs ---


def read_settings(config):
    settings = config.get("pickle") or {}
    if not isinstance(settings, dict):
        protocol.harness_error("The pickle settings (submission.pickle) are not an object.")
    file = settings.get("file") or "model.pkl"
    features = settings.get("features") or "live_features.csv"
    benchmarks = settings.get("benchmarks") or None
    for key, value in (("file", file), ("features", features), ("benchmarks", benchmarks)):
        if value is not None and (not isinstance(value, str) or os.path.isabs(value) or ".." in value.split("/")):
            protocol.harness_error("submission.pickle.%s must be a relative path inside its folder, not %r." % (key, value))
    output = config.get("output") or {}
    id_column = output.get("id_column") or "id"
    columns = list(output.get("columns") or ["prediction"])
    if len(columns) != 1:
        protocol.harness_error(
            "The pickle kind writes one prediction column, but scoring expects %d (%s)." % (len(columns), ", ".join(columns)),
            "Set scoring to one prediction column for a pickle competition.",
        )
    return file, features, benchmarks, id_column, columns[0]


def read_table(name, id_column, header_only=False):
    """A data file under the data folder (CSV or Parquet), indexed by the id column (else its first column)."""
    import pandas as pd

    path = os.path.join(protocol.data_dir(), name)
    if not os.path.isfile(path):
        protocol.harness_error("The competition's data has no %s." % name, "Put %s in the data folder, or fix submission.pickle in competition.yml." % name)
    try:
        if name.endswith(".parquet"):
            table = pd.read_parquet(path)
        else:
            table = pd.read_csv(path, nrows=0 if header_only else None)
    except Exception as exc:  # noqa: BLE001 — any reader failure is the data's, i.e. ours
        protocol.harness_error("The competition's %s could not be read: %s" % (name, protocol.describe(exc)))
    if table.index.name == id_column:
        return table  # Parquet written from an indexed frame, as Numerai's live.parquet is
    if id_column in table.columns:
        return table.set_index(id_column)
    if len(table.columns) == 0:
        protocol.harness_error("The competition's %s has no columns." % name)
    return table.set_index(table.columns[0])


def read_model(file):
    path = os.path.join(protocol.workdir(), file)
    if not os.path.isfile(path):
        protocol.fail("invalid_submission", "The submission has no %s." % file, "Put the pickled predict function at %s. %s" % (file, PICKLE_HINT))
    with open(path, "rb") as f:
        return f.read()


# --- reading the pickle without running it ---


def check_format(data, file):
    """Refuse an empty file and other formats that are often mistaken for a pickle."""
    if not data:
        protocol.fail("invalid_submission", "%s is empty." % file, PICKLE_HINT)
    for magic, what, hint in MAGIC:
        if data.startswith(magic):
            protocol.fail("invalid_submission", "%s is not a pickle: it is %s." % (file, what), hint)


def check_structure(data, file):
    """Refuse what is not a whole pickle, from its opcodes alone (pickletools runs nothing)."""
    protocol_version = 0
    try:
        for opcode, arg, _ in pickletools.genops(io.BytesIO(data)):
            if opcode.name == "PROTO":
                protocol_version = arg
    except ValueError as exc:
        text = str(exc)
        if b"NumpyArrayWrapper" in data:
            protocol.fail(
                "invalid_submission",
                "%s was written by joblib.dump, which stores arrays beside the pickle, so pickle cannot read it." % file,
                "Pickle the predict function with cloudpickle instead: cloudpickle.dumps(predict) stores the model inside it.",
            )
        if data[:1] != b"\x80":
            protocol.fail("invalid_submission", "%s is not a pickle (it starts with %r)." % (file, data[:8]), PICKLE_HINT)
        if "exhausted" in text or "not enough data" in text or "expected" in text and "bytes" in text:
            protocol.fail(
                "invalid_submission",
                "%s is truncated: it ends (at %d bytes) before the pickle does." % (file, len(data)),
                "Commit the whole file: pickle it again and check its size, then run holdout test again.",
            )
        protocol.fail("invalid_submission", "%s is not a valid pickle: %s." % (file, text), PICKLE_HINT)
    if protocol_version > pickle.HIGHEST_PROTOCOL:
        protocol.fail(
            "invalid_submission",
            "%s uses pickle protocol %d; the runtime's Python %s reads up to %d, so it was made with a newer Python." % (file, protocol_version, python_version(), pickle.HIGHEST_PROTOCOL),
            "Pickle with Python %s (the runtime's), or pass protocol=%d to cloudpickle.dumps." % (python_version(), pickle.HIGHEST_PROTOCOL),
        )


class Symbol:
    """What a symbolic load builds instead of objects: a global it names, or a call/new it makes.

    Every Symbol made is kept in `made`, reachable from the root or not: cloudpickle's state
    setters (_function_setstate(func, state)) are calls whose result the pickle pops.
    """

    made = []

    def __new__(cls, *args, **kwargs):
        # NEWOBJ calls cls.__new__(cls, *args) with a Symbol as cls: record it as a call.
        if isinstance(cls, Symbol):
            return Symbol.call(cls, args, kwargs)
        return object.__new__(cls)

    def __init__(self, *args, **kwargs):
        pass

    @staticmethod
    def named(module, name):
        s = object.__new__(Symbol)
        s.module, s.name, s.callee, s.args, s.kwargs, s.state, s.items = module, name, None, (), {}, None, []
        Symbol.made.append(s)
        return s

    @staticmethod
    def call(callee, args, kwargs):
        if (callee.module, callee.name) in PURE and not kwargs and all(isinstance(a, str) for a in args):
            # Protocols 0-2 have no bytes opcode: bytes arrive as _codecs.encode(text, 'latin1').
            try:
                return PURE[(callee.module, callee.name)](*args)
            except Exception:  # noqa: BLE001 — left symbolic
                pass
        s = object.__new__(Symbol)
        s.module, s.name, s.callee, s.args, s.kwargs, s.state, s.items = None, None, callee, tuple(args), dict(kwargs), None, []
        Symbol.made.append(s)
        return s

    def __call__(self, *args, **kwargs):
        return Symbol.call(self, args, kwargs)

    def __setstate__(self, state):
        self.state = state

    def __setitem__(self, key, value):
        self.items.append((key, value))

    def append(self, value):
        self.items.append(value)

    def extend(self, values):
        self.items.extend(values)

    def add(self, value):
        self.items.append(value)


BIG = 1 << 20
# Globals a symbolic load evaluates (on text arguments only, so no size is chosen by the file):
# how protocols 0-2 spell bytes.
PURE = {("_codecs", "encode"): codecs.encode, ("builtins", "bytes"): bytes, ("builtins", "bytearray"): bytearray}


class SymbolicUnpickler(pickle._Unpickler):
    """The pure-Python unpickler with every global replaced by a Symbol: nothing is imported or run.

    Large byte strings (model weights) are dropped, so reading the pickle twice does not double
    the memory a model needs; code objects' bytecode is small and kept.
    """

    dispatch = dict(pickle._Unpickler.dispatch)

    def __init__(self, data):
        self.stream = io.BytesIO(data)
        super().__init__(self.stream)
        self.globals = []

    def find_class(self, module, name):
        # As pickle's own find_class: protocol 0-2 pickles spell Python 3's modules the Python 2 way.
        if self.proto < 3 and self.fix_imports:
            if (module, name) in _compat_pickle.NAME_MAPPING:
                module, name = _compat_pickle.NAME_MAPPING[(module, name)]
            elif module in _compat_pickle.IMPORT_MAPPING:
                module = _compat_pickle.IMPORT_MAPPING[module]
        self.globals.append((module, name))
        return Symbol.named(module, name)

    def persistent_load(self, pid):
        return Symbol.named("<persistent>", str(pid)[:40])

    def _bytes(self, n):
        if n <= BIG:
            return self.read(n)
        # Skipped, not read: copying a model's weights would cost time the participant pays for.
        # Framing puts large objects outside frames, so the stream is where they are.
        frame = self._unframer.current_frame
        if frame is not None and frame.tell() < len(frame.getbuffer()):
            self.read(n)
        else:
            self._unframer.current_frame = None
            self.stream.seek(n, io.SEEK_CUR)
        return b""

    def load_binbytes8(self):
        (n,) = struct.unpack("<Q", self.read(8))
        self.append(self._bytes(n))

    def load_bytearray8(self):
        (n,) = struct.unpack("<Q", self.read(8))
        self.append(bytearray(self._bytes(n)))

    def load_binbytes(self):
        (n,) = struct.unpack("<I", self.read(4))
        self.append(self._bytes(n))

    def load_binunicode(self):
        (n,) = struct.unpack("<I", self.read(4))
        self.append(str(self._bytes(n), "utf-8", "surrogatepass"))

    def load_binunicode8(self):
        (n,) = struct.unpack("<Q", self.read(8))
        self.append(str(self._bytes(n), "utf-8", "surrogatepass"))

    dispatch[pickle.BINBYTES8[0]] = load_binbytes8
    dispatch[pickle.BYTEARRAY8[0]] = load_bytearray8
    dispatch[pickle.BINBYTES[0]] = load_binbytes
    dispatch[pickle.BINUNICODE[0]] = load_binunicode
    dispatch[pickle.BINUNICODE8[0]] = load_binunicode8


def symbolic_load(data):
    """(every Symbol made, the globals named) of the pickle, or None when the symbolic load cannot follow it."""
    unpickler = SymbolicUnpickler(data)
    Symbol.made = []
    try:
        unpickler.load()
    except Exception:  # noqa: BLE001 — inconclusive: the real load (after handover) will tell
        return None
    finally:
        made, Symbol.made = Symbol.made, []
    return made, unpickler.globals


def is_code_type(symbol):
    """cloudpickle names types.CodeType as _builtin_type('CodeType'); other picklers as types.CodeType."""
    if symbol is None:
        return False
    if (symbol.module, symbol.name) == ("types", "CodeType"):
        return True
    callee = symbol.callee
    return callee is not None and callee.name == "_builtin_type" and (callee.module or "").startswith("cloudpickle") and symbol.args == ("CodeType",)


def code_arguments(symbols):
    return [s.args for s in symbols if s.callee is not None and is_code_type(s.callee)]


def imported_modules(symbols):
    """Modules cloudpickle stores by name (subimport('lightgbm')): imported when the pickle loads."""
    found = []
    for s in symbols:
        callee = s.callee
        if callee is not None and callee.name == "subimport" and (callee.module or "").startswith("cloudpickle"):
            if s.args and isinstance(s.args[0], str):
                found.append((s.args[0], ""))
    return found


def parse_table(valid, caches):
    ops = set()
    for part in valid.split(","):
        low, _, high = part.partition("-")
        ops.update(range(int(low), int(high or low) + 1))
    return frozenset(ops), {int(k): int(v) for k, v in (pair.split(":") for pair in caches.split())}


def runtime_table():
    """This interpreter's opcodes and inline caches, from its own opcode module."""
    import opcode

    specialized = set(getattr(opcode, "_specialized_opmap", None) or {}) | set(getattr(opcode, "_specialized_instructions", None) or [])
    valid = frozenset(op for name, op in opcode.opmap.items() if op < 256 and not name.startswith("INSTRUMENTED_") and name not in specialized)
    entries = getattr(opcode, "_inline_cache_entries", None)
    if isinstance(entries, dict):
        caches = {opcode.opmap[name]: n for name, n in entries.items() if n and name in opcode.opmap and opcode.opmap[name] < 256}
    else:
        caches = {op: n for op, n in enumerate(entries or []) if n}
    return valid, caches


def fits(code, table):
    """Whether bytecode decodes under a version's table: known opcodes, zeroed caches, ends on a boundary."""
    valid, caches = table
    if not isinstance(code, (bytes, bytearray)) or len(code) % 2:
        return False
    i, n = 0, len(code)
    while i < n:
        op = code[i]
        if op not in valid:
            return False
        i += 2
        for _ in range(caches.get(op, 0)):
            if i >= n or code[i] or code[i + 1]:
                return False
            i += 2
    return i == n


def python_version():
    return "%d.%d" % sys.version_info[:2]


def makers(arguments):
    """The known Pythons whose cloudpickle could have written every one of these code objects."""
    candidates = []
    for version, (valid, caches) in KNOWN_TABLES.items():
        table = parse_table(valid, caches)
        ok = True
        for args in arguments:
            if len(args) != ARITY[version] or not fits(args[6], table):
                ok = False
                break
            if ARITY[version] == 16:
                # 3.10's co_linetable covers the whole bytecode; 3.8/3.9's co_lnotab stops at the last line's start.
                table_bytes = args[13] if isinstance(args[13], (bytes, bytearray)) else b""
                covers = sum(table_bytes[0::2]) == len(args[6])
                if covers != (version == "3.10"):
                    ok = False
                    break
        if ok:
            candidates.append(version)
    return candidates


def runtime_fits(arguments):
    expected = 18 if sys.version_info >= (3, 11) else 16
    table = runtime_table()
    return all(len(args) == expected and fits(args[6], table) for args in arguments)


def check_python(arguments, file):
    # Evidence only: a code object whose bytecode the symbolic load could not spell out as bytes
    # says nothing either way (the real load will).
    arguments = [a for a in arguments if len(a) > 6 and isinstance(a[6], (bytes, bytearray))]
    if not arguments or runtime_fits(arguments):
        return
    found = [v for v in makers(arguments) if v != python_version()]
    if len(found) == 1:
        made = "Python %s" % found[0]
    elif found:
        made = "Python %s or %s" % (", ".join(found[:-1]), found[-1])
    elif all(len(a) <= 15 for a in arguments):
        made = "Python 3.7 or older"
    else:
        made = "a Python other than %s" % python_version()
    protocol.fail(
        "invalid_submission",
        "%s was made with %s; the runtime has Python %s." % (file, made, sys.version.split()[0]),
        "Pickle predict with Python %s (the runtime's; e.g. in a %s virtual environment or the competition's runtime image), then run holdout test again." % (python_version(), python_version()),
    )


def installed_version(top):
    try:
        from importlib import metadata

        for dist in metadata.packages_distributions().get(top, [top]):
            return metadata.version(dist)
    except Exception:  # noqa: BLE001 — a version is only a nicety in the message
        return None
    return None


def cloudpickle_version():
    try:
        import cloudpickle

        return cloudpickle.__version__
    except Exception:  # noqa: BLE001
        return None


def check_globals(names, file):
    """Refuse a pickle that names code this runtime cannot have, before anything of it runs."""
    for module, name in names:
        if module == "__main__":
            main_reference(name, file)
    for module in sorted({m.split(".")[0] for m, _ in names}):
        if module in ("__main__", "<persistent>") or module in sys.builtin_module_names:
            continue
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing_module(module, file)
    # cloudpickle's own helpers move between its versions; importing cloudpickle runs only the
    # runtime's library (the submission's folder is not on sys.path), so it is safe here.
    for module, name in names:
        if module.split(".")[0] != "cloudpickle":
            continue
        try:
            found = hasattr(importlib.import_module(module), name)
        except ImportError:
            found = False
        if not found:
            other_cloudpickle("%s.%s" % (module, name), file)


def main_reference(name, file):
    protocol.fail(
        "invalid_submission",
        "%s refers to %s in __main__ (the notebook or script that pickled it) instead of holding it." % (file, name),
        "Pickle with cloudpickle, which stores what __main__ defines by value: cloudpickle.dumps(predict). Plain pickle and joblib store only its name.",
    )


def missing_module(dotted, file):
    top = dotted.split(".")[0]
    if top != dotted and importlib.util.find_spec(top) is not None:
        version = installed_version(top)
        have = "%s %s" % (top, version) if version else top
        protocol.fail(
            "invalid_submission",
            "%s needs the module %s, which %s in the runtime does not have: it was pickled with another version of %s." % (file, dotted, have, top),
            "Pickle with %s (the runtime's), or ask for the version you use with a package-request pull request (docs/runtime.md)." % have,
        )
    protocol.fail(
        "invalid_submission",
        "%s needs the module %s, which the runtime does not have." % (file, top),
        "%s If %s is your own module, call cloudpickle.register_pickle_by_value(%s) before pickling." % (PACKAGE_HINT, top, top),
    )


def other_cloudpickle(name, file):
    have = cloudpickle_version() or "unknown"
    protocol.fail(
        "invalid_submission",
        "%s was made with another cloudpickle version (it needs %s); the runtime has cloudpickle %s." % (file, name, have),
        "Pickle with cloudpickle %s (pip install cloudpickle==%s), or ask for yours with a package-request pull request." % (have, have),
    )


def inspect_pickle(data, file):
    check_format(data, file)
    loaded = symbolic_load(data)
    if loaded is None:
        # Why it could not be followed: a broken file is refused here; a whole one the symbolic
        # load could not follow goes on to the real load, which tells.
        check_structure(data, file)
        return
    symbols, names = loaded
    # The Python first: a pickle from another Python usually comes with another cloudpickle too,
    # and the Python is what the participant has to change first.
    check_python(code_arguments(symbols), file)
    check_globals(names + imported_modules(symbols), file)


# --- unpickling: the participant's code runs from here on ---


CODE_ERRORS = ("code() argument", "code expected", "code() takes", "bad marshal data", "unknown opcode")


def unpickle(data, file):
    """pickle.loads, with the failures a model upload typically meets classified."""

    def load():
        try:
            return pickle.loads(data), None
        except ModuleNotFoundError as exc:
            return None, ("module", exc)
        except (pickle.UnpicklingError, EOFError) as exc:
            return None, ("corrupt", exc)
        except AttributeError as exc:
            if "Can't get attribute" in str(exc):
                return None, ("attribute", exc)
            raise
        except (TypeError, SystemError, ValueError) as exc:
            if any(marker in str(exc) for marker in CODE_ERRORS):
                return None, ("python", exc)
            raise

    model, problem = protocol.call_participant(load, what="Unpickling %s" % file)
    if problem is None:
        return model
    kind, exc = problem
    print(protocol.participant_traceback(exc), file=sys.stderr, flush=True)
    if kind == "module":
        missing_module(exc.name or str(exc), file)
    if kind == "corrupt":
        protocol.fail("invalid_submission", "%s could not be unpickled: %s." % (file, protocol.describe(exc)), PICKLE_HINT)
    if kind == "attribute":
        # pickle's own words: Can't get attribute 'name' on <module 'module' from '...'>
        found = re.search(r"attribute '([^']+)' on <module '([^']+)'", str(exc))
        name, module = found.groups() if found else ("?", "?")
        if module == "__main__":
            main_reference(name, file)
        if module.split(".")[0] == "cloudpickle":
            other_cloudpickle("%s.%s" % (module, name), file)
        protocol.fail(
            "invalid_submission",
            "%s refers to %s.%s, which the runtime's %s does not have: it was pickled with another version of it." % (file, module, name, module.split(".")[0]),
            "Pickle with the library versions of the runtime image, or ask for yours with a package-request pull request.",
        )
    protocol.fail(
        "invalid_submission",
        "%s was made with another Python: its code does not load in the runtime's Python %s (%s)." % (file, sys.version.split()[0], protocol.describe(exc)),
        "Pickle predict with Python %s (the runtime's), then run holdout test again." % python_version(),
    )


def arity(model, file, has_benchmarks):
    """1 or 2, as numerai-predict counts: every parameter of inspect.signature."""
    if not callable(model):
        extra = " (a model object is not itself callable: wrap it in a function)" if hasattr(model, "predict") else ""
        protocol.fail("invalid_submission", "%s holds a %s, not a function%s." % (file, type(model).__name__, extra), SIGNATURE_HINT)
    try:
        signature = inspect.signature(model)
    except (TypeError, ValueError) as exc:
        protocol.fail("invalid_submission", "The parameters of the function in %s cannot be read (%s)." % (file, protocol.describe(exc)), SIGNATURE_HINT)
    count = len(signature.parameters)
    shown = "(%s)" % ", ".join(signature.parameters)
    if count not in (1, 2):
        protocol.fail("invalid_submission", "The function in %s takes %d parameters %s; it must take 1 or 2." % (file, count, shown), SIGNATURE_HINT)
    try:
        signature.bind(*([None] * count))
    except TypeError:
        protocol.fail("invalid_submission", "The function in %s cannot be called with %d positional arguments %s." % (file, count, shown), SIGNATURE_HINT)
    if count == 2 and not has_benchmarks:
        protocol.fail(
            "invalid_submission",
            "The function in %s takes 2 parameters %s, but this competition provides no benchmark models." % (file, shown),
            "Take one parameter: predict(live_features).",
        )
    return count


# --- the returned table: numerai-predict's checks in its order, then ours ---


def check_returned(predictions, given, id_column, column):
    """One call's table, as the (id, prediction) rows the scorer reads, or a failure.

    numerai-predict's checks in its order (None, not exactly a DataFrame, the row count, NaN,
    first column outside [0, 1]), then what it leaves open: no prediction column, no ids.
    """
    import pandas as pd

    def bad(message, hint=OUTPUT_HINT):
        protocol.fail("invalid_output", message, hint)

    if predictions is None:
        bad("predict returned None.")
    # Exactly a DataFrame, as numerai-predict checks (type(...) != pd.DataFrame): a subclass may
    # change what the checks below and to_csv see.
    if type(predictions) is not pd.DataFrame:
        hint = "Turn the Series into a table: series.to_frame('prediction')." if isinstance(predictions, pd.Series) else OUTPUT_HINT
        bad("predict returned a %s, not a pandas DataFrame." % type(predictions).__name__, hint)
    if len(predictions) == 0:
        bad("predict returned an empty DataFrame (0 rows; it was given %d)." % len(given))
    if len(predictions) != len(given):
        bad("predict returned %d rows; it was given %d." % (len(predictions), len(given)), "Return one row per row of live_features, indexed by its id.")
    if predictions.isna().any().any():
        where = predictions.columns[predictions.isna().any()][0]
        row = predictions.index[predictions[where].isna().to_numpy().ravel()][0] if not isinstance(predictions[where], pd.DataFrame) else "?"
        bad("predict returned NaN in the column %s (id %s)." % (where, row), "Return a number between 0 and 1 in every row (fill or clip missing values).")
    if len(predictions.columns):
        check_range(predictions, predictions.columns[0], bad)
    if "prediction" not in predictions.columns:
        have = ", ".join(str(c) for c in predictions.columns) or "no columns"
        bad("predict returned no prediction column (it has %s)." % have, "Name the column prediction: series.to_frame('prediction').")
    check_range(predictions, "prediction", bad)
    if isinstance(predictions.index, pd.RangeIndex) and not isinstance(given, pd.RangeIndex) and not predictions.index.equals(given):
        bad("predict returned a DataFrame indexed 0, 1, 2, ..., not by the ids of live_features.", "Keep the index: pd.DataFrame({'prediction': p}, index=live_features.index).")
    return pd.DataFrame({id_column: list(predictions.index), column: predictions["prediction"].to_numpy()})


def check_range(predictions, column, bad):
    import pandas as pd

    values = predictions[column]
    if isinstance(values, pd.DataFrame):
        bad("predict returned two columns named %s." % column, "Return one prediction column.")
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        bad("predict's column %s holds %s, not numbers." % (column, values.dtype), "Return numbers between 0 and 1.")
    outside = values[~values.between(0, 1)]
    if len(outside):
        value = float(outside.iloc[0])
        shown = "%.6g" % value
        bad("predict returned %s in the column %s (id %s); predictions must be between 0 and 1." % (shown, column, outside.index[0]), "Return numbers between 0 and 1 (e.g. a rank: series.rank(pct=True)).")


def by_era(features):
    """The frames predict is called with: one per era when there are several, as numerai-predict does."""
    if "era" not in features.columns or features["era"].nunique(dropna=False) < 2:
        return [features]
    # dropna=False: rows without an era are predicted too (the organizer's data, not their fault).
    return [frame for _, frame in features.groupby("era", sort=False, dropna=False)]


def main(config):
    import pandas as pd

    file, features_name, benchmarks_name, id_column, column = read_settings(config)
    features = read_table(features_name, id_column)
    # The benchmarks are the organizer's file: read whole before handover, so a malformed one is our
    # error, never the participant's crash (after handover the host cannot tell the two apart).
    table_of_benchmarks = read_table(benchmarks_name, id_column) if benchmarks_name else None
    ids = features.index.copy()
    data = read_model(file)
    inspect_pickle(data, file)

    protocol.handover()
    model = unpickle(data, file)
    del data
    count = arity(model, file, bool(benchmarks_name))
    benchmarks = None
    if count != 2:
        table_of_benchmarks = None
    if count == 2:
        # Only a two-parameter predict gets (and pays the memory for) the benchmark models, as on Numerai.
        benchmarks = table_of_benchmarks.reindex(ids)
        print("holdout: read %s for predict's second parameter (%d rows)" % (benchmarks_name, len(benchmarks)), file=sys.stderr, flush=True)
    frames = by_era(features)
    if len(frames) > 1:
        print("holdout: calling predict once per era (%d eras), as numerai-predict does" % len(frames), file=sys.stderr, flush=True)
    tables = []
    for frame in frames:
        # The ids, copied before the call: predict may change the frame it was given.
        given = frame.index.copy()
        arguments = [frame] if benchmarks is None else [frame, benchmarks.loc[given]]
        predictions = protocol.call_participant(model, *arguments, what=WHAT)
        tables.append(check_returned(predictions, given, id_column, column))
    table = tables[0] if len(tables) == 1 else pd.concat(tables, ignore_index=True)
    protocol.check_frame(table, list(ids), id_column, [column], WHAT)
    protocol.write_frame(table, protocol.output_file())
    protocol.done()
