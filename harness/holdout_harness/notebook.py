"""Turn a submitted notebook (main.ipynb) into the script that runs (main.py), as CrunchDAO does.

The rules follow crunchdao/crunch-convert (its tests are the specification), written again here
with the standard library only (ast, json, re, tokenize), because this file runs inside the
participants' runtime image where nothing else can be assumed:

- imports, functions and classes are kept; every other top-level statement is commented out
  (a compound statement - if/for/try/with - whole), so exploring the data, plotting or training
  in the notebook does not run again when the submission is loaded;
- `# @crunch/keep:on` ... `# @crunch/keep:off` keeps everything in between, `# @crunch/keep:none`
  comments out even imports and functions (`@holdout/keep:...` is the same); markers apply until
  the end of their cell;
- shell and magic lines (`!pip install x`, `%matplotlib inline`, `pip install x`) are commented;
  an indented one becomes `pass  #...` so the block around it still parses; a cell magic other
  than a timing one (`%%bash`, `%%writefile`) makes the whole cell a comment;
- `import pandas  # == 2.2.2` (and `# >= 1.2, < 2.0`, `# [extra] >= 1`, `# dist-name == 1`,
  `# @latest`, `# @ignore`) declares what the runtime must satisfy: collected here, checked by
  requirements.py; two different ones for the same import are refused;
- a Markdown cell starting with `---` / `file: name` / `---` front matter embeds a text file.

Converting runs none of the participant's code: the notebook is read as JSON and parsed, and the
result is compiled (never executed) to prove it parses. A fault in the notebook raises
NotebookError (the participant's to fix, naming the cell); anything else is our bug and
propagates.

CLI (what `holdout convert` runs in the runtime image):
    python3 notebook.py IN.ipynb|- [--out main.py] [--json]
"""
import argparse
import ast
import io
import json
import posixpath
import re
import sys
import tokenize
from typing import Dict, List, NamedTuple, Optional, Tuple

__all__ = ["convert", "Converted", "Requirement", "NotebookError"]

# ---------------------------------------------------------------------------------------- results


class Requirement(NamedTuple):
    """One import-line version specifier. `name + specifier` is a PEP 508 requirement
    ("pandas==2.2.2", "scikit-learn[extra]>=1.2,<2.0"); `name` is the distribution the participant
    wrote (`import sklearn  # scikit-learn >= 1.2`), else the imported module's top-level name
    (an import name: map it to its distribution before checking). `specifier` is "" for `@latest`
    (any version, but the package must be there). `where` is "cell 3, line 2 (import sklearn)"."""

    name: str
    specifier: str
    where: str


class Converted(NamedTuple):
    source: str  # main.py; "" for a notebook with no code
    files: Dict[str, str]  # embedded files: normalized relative path -> text
    requirements: List[Requirement]  # standard-library and shimmed imports left out
    warnings: List[str]  # each a sentence ending with what to do


class NotebookError(Exception):
    """A fault in the notebook that the participant must fix. `cell_index` is the cell's number
    as counted from the top of the notebook, Markdown cells included, starting at 1 (None for
    the notebook as a whole). `hint` says what to do."""

    def __init__(self, message: str, cell_index: Optional[int] = None, hint: str = ""):
        self.message = message
        self.cell_index = cell_index
        self.hint = hint or "Fix the notebook, then submit again (holdout convert main.ipynb shows what will run)."
        super().__init__(message)

    def __str__(self) -> str:
        return "%s %s" % (self.message, self.hint)


# ------------------------------------------------------------------------------------- constants

# A cell's own keep mode, changed by markers, reset at the start of every cell.
NECESSARY, EVERYTHING, NOTHING = "necessary", "everything", "nothing"
MARKERS = {}
for _prefix in ("@crunch/keep:", "@holdout/keep:"):
    MARKERS[_prefix + "on"] = EVERYTHING
    MARKERS[_prefix + "off"] = NECESSARY
    MARKERS[_prefix + "none"] = NOTHING

KEPT_STATEMENTS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
COMPOUND_STATEMENTS = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.With, ast.AsyncWith) + tuple(
    getattr(ast, name) for name in ("TryStar", "Match") if hasattr(ast, name)
)

# `!cmd`, `%magic`, `pip install x` typed without the `!` (IPython runs it; `pip = 3` is Python),
# and IPython's help lines `df.head?`, `??model` (a name with ? before or after it, alone on its line).
MAGIC_LINE = re.compile(
    r"^([ \t]*)(!|%|pip3?[ \t]+[A-Za-z]|\?{1,2}[A-Za-z_][\w.]*[ \t]*$|[A-Za-z_][\w.]*\?{1,2}[ \t]*$)"
)
CELL_MAGIC = re.compile(r"^%%([A-Za-z_][\w-]*)")
# Cell magics whose body is Python that runs as usual: only their first line is commented.
PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "memit", "debug"}

# Imports whose requirements are not checked: the runtime provides them (harness/shims).
SHIMMED = {"crunch", "dynalab", "ts"}

# `# name ...` where `...` starts like a specifier: that comment is a version specifier (crunch's rule).
SPEC_START = re.compile(r"^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)?\s*(@|\[|!=|[<>=~])")
EXTRAS = re.compile(r"^\[\s*((?:[A-Za-z0-9][A-Za-z0-9._-]*)(?:\s*,\s*[A-Za-z0-9][A-Za-z0-9._-]*)*)?\s*\]")
ONE_SPEC = re.compile(r"^\s*(~=|===|==|!=|<=|>=|<|>)\s*(\S+?)\s*$")
# PEP 440 public and local versions (case-insensitive), as packaging accepts them.
VERSION = re.compile(
    r"^v?(?:\d+!)?\d+(?:\.\d+)*"
    r"(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?\d*)?"
    r"(?:-\d+|[-_.]?(?:post|rev|r)[-_.]?\d*)?"
    r"(?:[-_.]?dev[-_.]?\d*)?"
    r"(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$",
    re.IGNORECASE,
)

FRONT_MATTER_FENCE = "---"
FRONT_MATTER_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")

STDLIB = set(getattr(sys, "stdlib_module_names", ())) | set(sys.builtin_module_names) | {"__future__"}


# --------------------------------------------------------------------------------------- reading


def _load_cells(text) -> Tuple[list, dict]:
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as e:
            raise NotebookError(
                "The notebook is not UTF-8 text (byte %d)." % e.start,
                hint="Save it again from Jupyter, Colab or Kaggle (File > Download > .ipynb), then submit again.",
            ) from None
    text = text.lstrip("\ufeff")
    try:
        notebook = json.loads(text)
    except RecursionError:
        raise NotebookError(
            "The notebook's JSON is nested too deeply to be a notebook file.",
            hint="Save the notebook again from Jupyter (File > Save) and submit the .ipynb file it writes.",
        ) from None
    except ValueError as e:
        where = " (line %d, column %d: %s)" % (e.lineno, e.colno, e.msg) if isinstance(e, json.JSONDecodeError) else ""
        raise NotebookError(
            "The notebook is not valid JSON%s, so it is not a notebook file." % where,
            hint="Save it again from Jupyter, Colab or Kaggle (File > Download > .ipynb), or submit a main.py instead.",
        ) from None
    if isinstance(notebook, dict) and "worksheets" in notebook and "cells" not in notebook:
        raise NotebookError(
            "The notebook is in the old nbformat 3 layout.",
            hint="Open it in Jupyter and save it again (that writes nbformat 4), then submit again.",
        )
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise NotebookError(
            "The file is JSON but not a Jupyter notebook: it has no list of cells.",
            hint="Save the notebook from Jupyter, Colab or Kaggle (File > Download > .ipynb), or submit a main.py instead.",
        )
    metadata = notebook.get("metadata") if isinstance(notebook.get("metadata"), dict) else {}
    language = _language_of(metadata)
    if language and language != "python":
        raise NotebookError(
            "The notebook's kernel language is %s; only Python notebooks run here." % language,
            hint="Submit a Python notebook (kernel Python 3), or a main.py.",
        )
    return notebook["cells"], metadata


def _language_of(metadata: dict) -> str:
    for section in ("kernelspec", "language_info"):
        info = metadata.get(section)
        if isinstance(info, dict):
            value = info.get("language") if section == "kernelspec" else info.get("name")
            if isinstance(value, str) and value.strip():
                return value.strip().lower()
    return ""


def _cell_lines(cell, number: int) -> Tuple[str, List[str]]:
    if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
        raise NotebookError(
            "Cell %d of the notebook is damaged: it has no cell_type." % number,
            number,
            "Save the notebook again from Jupyter, Colab or Kaggle, then submit again.",
        )
    source = cell.get("source", "")
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        source = "".join(source)  # nbformat 4: lines that keep their "\n"
    if not isinstance(source, str):
        raise NotebookError(
            "Cell %d of the notebook is damaged: its source is not text." % number,
            number,
            "Save the notebook again from Jupyter, Colab or Kaggle, then submit again.",
        )
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    return cell["cell_type"], source.split("\n")


# ----------------------------------------------------------------------------- magic and indents


def _inside_open_token(lines: List[str]) -> bool:
    """Whether the text `lines` ends inside a string or an open bracket (so a next line starting
    with `%` or `!` is Python, not a magic)."""
    try:
        for _ in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            pass
    except tokenize.TokenError:
        # "EOF in multi-line string/statement" (Python 3.11), "unterminated triple-quoted string"
        # (3.12+, whose tokenizer reports every error this way): the text stops inside a token.
        return True
    except (SyntaxError, ValueError):
        return False  # tokenize's own complaints about the text before: not our question
    return False


def _comment_magics(lines: List[str], number: int, warnings: List[str]) -> List[str]:
    lines = list(lines)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None:
        cell_magic = CELL_MAGIC.match(lines[first])
        if cell_magic:
            name = cell_magic.group(1)
            if name not in PYTHON_CELL_MAGICS:
                hint = (
                    "embed the file in a Markdown cell with ---/file: name/--- front matter instead"
                    if name == "writefile"
                    else "do in Python what the cell does, if the submission needs it"
                )
                warnings.append("Cell %d is a %%%%%s cell, not Python: it is commented out; %s." % (number, name, hint))
                return ["#" + line if line else line for line in lines]
            lines[first] = "#" + lines[first]
    # Lines before `known_complete` end outside any token: each check tokenizes only the lines
    # since the last magic line (a cell of many magics stays linear, not quadratic).
    known_complete = 0
    for i, line in enumerate(lines):
        match = MAGIC_LINE.match(line)
        if not match or _inside_open_token(lines[known_complete:i]):
            continue
        indent = match.group(1)
        rest = line[len(indent) :]
        # An indented magic is inside a block: `pass` keeps the block non-empty.
        lines[i] = "%spass  #%s" % (indent, rest) if indent else "#" + rest
        known_complete = i + 1
    return lines


def _dedent_cell(lines: List[str]) -> List[str]:
    """IPython runs a cell whose lines all share a leading indent (it strips it): so do we."""
    first = next((line for line in lines if line.strip()), "")
    indent = first[: len(first) - len(first.lstrip(" \t"))]
    if not indent or not all(line.startswith(indent) or not line.strip() for line in lines):
        return lines
    return [line[len(indent) :] if line.startswith(indent) else line.lstrip(" \t") for line in lines]


# ------------------------------------------------------------------------------------ code cells


def _parse_cell(lines: List[str], number: int) -> ast.Module:
    source = "\n".join(lines)
    try:
        return compile(
            source,
            "<cell %d>" % number,
            "exec",
            ast.PyCF_ONLY_AST | getattr(ast, "PyCF_ALLOW_TOP_LEVEL_AWAIT", 0),
            dont_inherit=True,
        )
    except SyntaxError as e:
        raise NotebookError(_syntax_message("Cell %d does not parse as Python" % number, e, lines), number, _CELL_HINT) from None
    except (ValueError, RecursionError, MemoryError) as e:
        raise NotebookError("Cell %d does not parse as Python: %s." % (number, e), number, _CELL_HINT) from None


_CELL_HINT = (
    "Fix that line in the notebook, or delete the cell (cells count from the top, Markdown cells included, "
    "starting at 1), then submit again."
)


def _syntax_message(prefix: str, e: SyntaxError, lines: List[str]) -> str:
    line = e.lineno or 0
    text = lines[line - 1].strip() if 0 < line <= len(lines) else (e.text or "").strip()
    if len(text) > 80:
        text = text[:77] + "..."
    at = " at line %d" % line if line else ""
    shown = ": %s" % text if text else ""
    return "%s: %s%s%s" % (prefix, e.msg or "invalid syntax", at, shown)


def _first_line(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", None) or []
    return min([node.lineno] + [d.lineno for d in decorators])


def _char_col(line: str, byte_col: int) -> int:
    """ast's column offsets count UTF-8 bytes; strings index characters."""
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", "ignore"))


def _groups(tree: ast.Module) -> List[Tuple[int, int, List[ast.stmt]]]:
    """Top-level statements grouped by the lines they share (`a = 1; import b` is one group)."""
    groups: List[Tuple[int, int, List[ast.stmt]]] = []
    for node in tree.body:
        start, end = _first_line(node), node.end_lineno or node.lineno
        if groups and start <= groups[-1][1]:
            first, _, nodes = groups[-1]
            groups[-1] = (first, max(end, groups[-1][1]), nodes + [node])
        else:
            groups.append((start, end, [node]))
    return groups


def _marker_of(line: str) -> Optional[str]:
    stripped = line.strip()
    if not stripped.startswith("#"):
        return None
    words = stripped.strip("# \t").split()
    return MARKERS.get(words[0]) if words else None


def _count_imports(node: ast.AST) -> int:
    return sum(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(node))


class _Line(NamedTuple):
    text: str
    cell: int
    line: int  # 1-based line in the cell


def _convert_code_cell(lines: List[str], number: int, state: "_State") -> List[_Line]:
    lines = _comment_magics(_dedent_cell(lines), number, state.warnings)
    if not "\n".join(lines).strip():
        return []
    tree = _parse_cell(lines, number)
    source = "\n".join(lines)
    starts = {start: (end, nodes) for start, end, nodes in _groups(tree)}
    out: List[_Line] = []
    mode = NECESSARY
    i = 1
    while i <= len(lines):
        if i not in starts:
            line = lines[i - 1]
            mode = _marker_of(line) or mode
            out.append(_Line(line, number, i))
            i += 1
            continue
        end, nodes = starts[i]
        span = lines[i - 1 : end]
        if mode == EVERYTHING:
            kept = nodes
        elif mode == NOTHING:
            kept = []
        else:
            kept = [n for n in nodes if isinstance(n, KEPT_STATEMENTS)]
        if len(kept) == len(nodes):
            out.extend(_Line(text, number, i + k) for k, text in enumerate(span))
        else:
            out.extend(_Line("#" + text, number, i + k) for k, text in enumerate(span))
            # A line mixing kept and commented statements (`x = 1; import y`): the kept ones
            # follow the commented line, each on its own.
            for node in kept:
                segment = ast.get_source_segment(source, node) or ""
                out.extend(_Line(text, number, node.lineno + k) for k, text in enumerate(segment.split("\n")))
            for node in nodes:
                count = _count_imports(node) if isinstance(node, COMPOUND_STATEMENTS) and node not in kept else 0
                if count:
                    state.warnings.append(
                        "Cell %d, line %d: %d import%s inside a top-level %s statement %s commented out with it and will not run; "
                        "move %s to the top level, or put # @crunch/keep:on above the statement."
                        % (
                            number,
                            _first_line(node),
                            count,
                            "s" if count > 1 else "",
                            type(node).__name__.lower().replace("trystar", "try"),
                            "are" if count > 1 else "is",
                            "them" if count > 1 else "it",
                        )
                    )
        for node in kept:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                _collect_import(node, lines, nodes, number, state)
        i = end + 1
    return out


# ---------------------------------------------------------------------------- version specifiers


class _Wanted(NamedTuple):
    name: Optional[str]  # the distribution, when the participant named one
    extras: Tuple[str, ...]
    specs: Tuple[str, ...]
    where: str
    cell: int


def _collect_import(node, lines: List[str], nodes: List[ast.stmt], number: int, state: "_State") -> None:
    if isinstance(node, ast.ImportFrom):
        if node.level or not node.module:
            return  # a relative import: the submission's own module
        modules = [node.module]
    else:
        modules = [alias.name for alias in node.names]
    # The comment at the end of the import's last line, when nothing else follows the import.
    if node is not nodes[-1] and nodes[-1].end_lineno == node.end_lineno:
        comment = ""
    else:
        last = lines[node.end_lineno - 1]
        rest = last[_char_col(last, node.end_col_offset) :].strip()
        comment = rest if rest.startswith("#") else ""
    statement = lines[node.lineno - 1].strip() if node.lineno == node.end_lineno else lines[node.lineno - 1].strip() + " ..."
    where = "cell %d, line %d" % (number, node.end_lineno)
    wanted = _parse_specifier(comment, "%s (%s)" % (where, statement), number)
    if wanted is None:
        return
    for module in modules:
        top = module.split(".")[0]
        state.add(top, wanted._replace(where="%s (%s)" % (where, statement)))


def _parse_specifier(comment: str, where: str, number: int) -> Optional[_Wanted]:
    text = comment.strip().strip("#").strip()
    match = SPEC_START.match(text)
    if not match:
        return None  # an ordinary comment
    name = match.group(1)
    rest = text[match.start(2) :].strip()

    def refuse(why: str) -> NotebookError:
        return NotebookError(
            "Cell %d: the comment '%s' after the import at %s reads as a version specifier, but %s."
            % (number, comment.strip(), where.split(" (")[0], why),
            number,
            "Write a specifier like '# == 2.2.2', '# >= 1.2, < 2.0', '# [extra] >= 1', '# @latest' or '# @ignore', "
            "or move the comment to a line of its own, then submit again.",
        )

    if rest.startswith("@"):
        directive = rest[1:].strip()
        if directive == "ignore":
            return None
        if directive == "latest":
            return _Wanted(name, (), (), where, number)
        raise refuse("'@%s' is not one (only @latest and @ignore are; there is no network to fetch a URL)" % directive)
    extras: Tuple[str, ...] = ()
    extras_match = EXTRAS.match(rest)
    if rest.startswith("["):
        if not extras_match:
            raise refuse("its extras '[...]' are not a comma-separated list of names")
        extras = tuple(sorted({e.strip().lower() for e in (extras_match.group(1) or "").split(",") if e.strip()}))
        rest = rest[extras_match.end() :].strip()
    specs: List[str] = []
    if rest:
        for part in rest.split(","):
            one = ONE_SPEC.match(part)
            if not one:
                raise refuse("'%s' is not an operator (==, !=, >=, <=, >, <, ~=, ===) followed by a version" % part.strip())
            operator, version = one.groups()
            if not _valid_version(operator, version):
                raise refuse("'%s' is not a valid version for %s" % (version, operator))
            specs.append(operator + version)
    return _Wanted(name, extras, tuple(specs), where, number)


def _valid_version(operator: str, version: str) -> bool:
    if operator == "===":
        return bool(re.match(r"^[^\s;,]+$", version))
    if version.endswith(".*"):
        return operator in ("==", "!=") and bool(VERSION.match(version[:-2])) and "+" not in version
    if not VERSION.match(version):
        return False
    if operator == "~=":
        release = re.match(r"^v?(?:\d+!)?(\d+(?:\.\d+)*)", version, re.IGNORECASE)
        return bool(release) and "." in release.group(1) and "+" not in version
    return operator in ("==", "!=") or "+" not in version


def _describe(wanted: _Wanted) -> str:
    text = wanted.name or ""
    if wanted.extras:
        text += "[%s]" % ",".join(wanted.extras)
    text += ",".join(wanted.specs)
    return "'%s'" % (text or "@latest")


# --------------------------------------------------------------------------------------- state


class _State:
    def __init__(self) -> None:
        self.warnings: List[str] = []
        self.wanted: Dict[str, _Wanted] = {}  # by top-level import name, as crunch merges them

    def add(self, module: str, new: _Wanted) -> None:
        old = self.wanted.get(module)
        if old is None:
            self.wanted[module] = new
            return
        different = [
            what
            for what, a, b in (("package names", old.name, new.name), ("extras", old.extras, new.extras), ("versions", old.specs, new.specs))
            if a and b and sorted(a if isinstance(a, tuple) else [a]) != sorted(b if isinstance(b, tuple) else [b])
        ]
        if different:
            raise NotebookError(
                "The notebook asks for two different %s of %s: %s at %s, and %s at %s."
                % (" and ".join(different), module, _describe(old), old.where, _describe(new), new.where),
                new.cell,
                "Keep one version specifier for %s (on one import line) and remove the other, then submit again." % module,
            )
        # One with details wins over one without, as crunch merges them; `where` points at the details.
        detailed = old if (old.extras or old.specs) or not (new.extras or new.specs) else new
        self.wanted[module] = _Wanted(
            old.name or new.name, old.extras or new.extras, old.specs or new.specs, detailed.where, detailed.cell
        )

    def requirements(self) -> List[Requirement]:
        result: List[Requirement] = []
        by_name: Dict[str, Tuple[str, Requirement]] = {}
        for module, wanted in self.wanted.items():
            if module in STDLIB or module in SHIMMED:
                continue  # the runtime has them whatever the comment says
            name = wanted.name or module
            specifier = ("[%s]" % ",".join(wanted.extras) if wanted.extras else "") + ",".join(wanted.specs)
            requirement = Requirement(name, specifier, wanted.where)
            key = re.sub(r"[-_.]+", "-", name).lower()
            seen = by_name.get(key)
            if seen and seen[1].specifier and specifier and _same_spec(seen[1].specifier) != _same_spec(specifier):
                raise NotebookError(
                    "The notebook asks for two different versions of %s: '%s' at %s, and '%s' at %s."
                    % (name, seen[1].specifier, seen[1].where, specifier, wanted.where),
                    wanted.cell,
                    "Keep one version specifier for %s and remove the other, then submit again." % name,
                )
            by_name[key] = (module, requirement)
            result.append(requirement)
        return result


def _same_spec(specifier: str) -> List[str]:
    """A specifier in a form where ">=1,<2" and "<2,>=1" compare equal."""
    return sorted(re.split(r"[,\[\]]", specifier))


# ---------------------------------------------------------------------------------- embedded files


def _embedded_file(lines: List[str], number: int, reserved: List[str]) -> Optional[Tuple[str, str]]:
    """(path, text) of a Markdown cell that embeds a file, or None for an ordinary one."""
    if not lines or lines[0].rstrip() != FRONT_MATTER_FENCE:
        return None
    header: List[str] = []
    for k in range(1, len(lines)):
        line = lines[k].rstrip()
        if line == FRONT_MATTER_FENCE:
            break
        if not line.strip():
            return None  # a rule (---) followed by text: crunch's rule, not front matter
        header.append(line)
    else:
        return None
    body = lines[k + 1 :]
    fields: Dict[str, str] = {}
    parsed = [FRONT_MATTER_LINE.match(line) for line in header]
    # Only front matter naming a file embeds one: a Markdown cell between two rules stays Markdown.
    if not any(m and m.group(1) == "file" for m in parsed):
        return None
    hint = "Write the cell as ---, then file: name.txt, then ---, then the file's text; then submit again."
    for line, m in zip(header, parsed):
        if not m:
            raise NotebookError(
                "Cell %d embeds a file, but its front matter line '%s' is not 'key: value'." % (number, line.strip()), number, hint
            )
        fields[m.group(1)] = _yaml_scalar(m.group(2))
    path = _safe_path(fields.get("file", ""), number, reserved)
    return path, "\n".join(body).strip()


def _yaml_scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return re.split(r"\s+#", value, maxsplit=1)[0].strip()


def _safe_path(name: str, number: int, reserved: List[str]) -> str:
    hint = "Name the file with a relative path inside the submission (file: notes/params.yaml), then submit again."
    if not name.strip():
        raise NotebookError("Cell %d embeds a file but names none (file: is empty)." % number, number, hint)
    if any(ord(c) < 32 for c in name):
        raise NotebookError("Cell %d embeds a file whose name has control characters." % number, number, hint)
    normalized = posixpath.normpath(name.strip().replace("\\", "/"))
    if normalized.startswith("/") or re.match(r"^[A-Za-z]:", normalized) or normalized == "." or normalized.split("/")[0] == "..":
        raise NotebookError(
            "Cell %d embeds the file '%s', which is outside the submission's folder." % (number, name), number, hint
        )
    if normalized.lower() in reserved:
        raise NotebookError(
            "Cell %d embeds the file '%s', but that name is the converted notebook's own." % (number, name),
            number,
            "Give the embedded file another name, then submit again.",
        )
    return normalized


# ------------------------------------------------------------------------------------------ main


def convert(notebook_json_text, reserved=("main.py",)) -> Converted:
    """The notebook (its JSON text, str or bytes) as the script that runs. `reserved`: file names
    an embedded file may not take (the script written from the result)."""
    cells, _ = _load_cells(notebook_json_text)
    reserved_names = [r.lower() for r in reserved]
    state = _State()
    blocks: List[List[_Line]] = []
    files: Dict[str, str] = {}
    file_cells: Dict[str, Tuple[str, int]] = {}
    for index, cell in enumerate(cells):
        number = index + 1
        cell_type, lines = _cell_lines(cell, number)
        if cell_type == "code":
            block = _convert_code_cell(lines, number, state)
            while block and not block[0].text:
                block.pop(0)
            while block and not block[-1].text:
                block.pop()
            if block:
                blocks.append(block)
        elif cell_type == "markdown":
            embedded = _embedded_file(lines, number, reserved_names)
            if embedded is None:
                continue
            path, text = embedded
            key = path.lower()
            if key in file_cells:
                first_name, first_cell = file_cells[key]
                named = " (named '%s' and '%s')" % (first_name, path) if first_name != path else ""
                raise NotebookError(
                    "Cells %d and %d both embed the file '%s'%s." % (first_cell, number, first_name, named),
                    number,
                    "Keep one Markdown cell per embedded file (names differing only in case are the same file), then submit again.",
                )
            file_cells[key] = (path, number)
            files[path] = text
        # raw cells (and any other type) are not code: left out, as Jupyter does when it runs
    out: List[_Line] = []
    for block in blocks:
        if out:
            out.extend([_Line("", block[0].cell, 0), _Line("", block[0].cell, 0)])
        out.extend(block)
    source = "\n".join(line.text for line in out) + "\n" if out else ""
    _check_compiles(source, out)
    return Converted(source, files, state.requirements(), state.warnings)


def _check_compiles(source: str, out: List[_Line]) -> None:
    """The script must compile as a whole (never run here): a kept `return` or top-level
    `await`, or a `from __future__` import after other code, is caught now, named by cell."""
    try:
        compile(source, "main.py", "exec", dont_inherit=True)
    except (RecursionError, MemoryError):
        raise NotebookError(
            "The converted notebook is too deeply nested to compile.",
            hint="Simplify the most deeply nested expression or block, then submit again.",
        ) from None
    except SyntaxError as e:
        line = out[e.lineno - 1] if e.lineno and 0 < e.lineno <= len(out) else None
        if line is None:
            raise
        raise NotebookError(
            "Cell %d does not compile as part of the script: %s at line %d: %s"
            % (line.cell, e.msg, line.line, line.text.strip()[:80]),
            line.cell,
            "Fix that line (in a section kept with @crunch/keep:on, top-level code must be valid in a script), then submit again.",
        ) from None


def _cli(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(prog="notebook.py", description="Convert a notebook into the script that runs.")
    parser.add_argument("notebook", help="the .ipynb file, or - for standard input")
    parser.add_argument("--out", help="write the script here instead of printing it")
    parser.add_argument("--json", action="store_true", help="print one JSON object: source, files, requirements, warnings")
    args = parser.parse_args(argv)
    try:
        if args.notebook == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.notebook, "rb") as f:
                data = f.read()
    except OSError as e:
        print("notebook.py: cannot read %s: %s" % (args.notebook, e.strerror), file=sys.stderr)
        return 2
    try:
        result = convert(data)
    except NotebookError as e:
        if args.json:
            print(json.dumps({"ok": False, "error": {"message": e.message, "hint": e.hint, "cell": e.cell_index}}))
        else:
            print("notebook.py: %s\nhint: %s" % (e.message, e.hint), file=sys.stderr)
        return 1
    if args.json:
        print(
            json.dumps(
                {
                    "ok": True,
                    "source": result.source,
                    "files": result.files,
                    "requirements": [r._asdict() for r in result.requirements],
                    "warnings": result.warnings,
                }
            )
        )
        return 0
    for warning in result.warnings:
        print("warning: %s" % warning, file=sys.stderr)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(result.source)
    else:
        sys.stdout.write(result.source)
    return 0


if __name__ == "__main__":
    sys.exit(_cli(sys.argv[1:]))
