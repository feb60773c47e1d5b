"""Print the KNOWN_TABLES entry of harness/holdout_harness/kinds/pickle.py for the running Python.

The pickle harness names the Python that made a model.pkl from the bytecode cloudpickle stored:
which byte values are opcodes, and how many zeroed inline-cache units follow each (3.11+). Those
facts come from each version's own `opcode` module, so the entry for a version is made by running
this with that version, e.g. for every Python pyenv has:

  for v in 3.8 3.9 3.10 3.11 3.12 3.13; do python$v examples/pickle/tools/bytecode_tables.py; done

and pasting the lines into KNOWN_TABLES (and ARITY: 16 arguments to types.CodeType for 3.8-3.10,
18 from 3.11 on). The runtime's own version needs no entry to be checked: the harness reads its
live opcode module for that (runtime_table), and this mirrors that function.
"""
import opcode
import sys


def table():
    specialized = set(getattr(opcode, "_specialized_opmap", None) or {}) | set(getattr(opcode, "_specialized_instructions", None) or [])
    valid = sorted(op for name, op in opcode.opmap.items() if op < 256 and not name.startswith("INSTRUMENTED_") and name not in specialized)
    entries = getattr(opcode, "_inline_cache_entries", None)
    if isinstance(entries, dict):
        caches = {opcode.opmap[name]: n for name, n in entries.items() if n and name in opcode.opmap and opcode.opmap[name] < 256}
    else:
        caches = {op: n for op, n in enumerate(entries or []) if n}
    return valid, caches


def ranges(values):
    spans, start, prev = [], values[0], values[0]
    for v in values[1:]:
        if v != prev + 1:
            spans.append((start, prev))
            start = v
        prev = v
    spans.append((start, prev))
    return ",".join(str(a) if a == b else "%d-%d" % (a, b) for a, b in spans)


valid, caches = table()
version = "%d.%d" % sys.version_info[:2]
print('    "%s": ("%s", "%s"),' % (version, ranges(valid), " ".join("%d:%d" % kv for kv in sorted(caches.items()))))
