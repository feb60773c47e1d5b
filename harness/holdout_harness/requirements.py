"""Checks a submission's requirements against the runtime image; installs nothing.

There is no network when a submission runs, so requirements.txt (and a notebook's import-line
specifiers) are promises to check, not packages to install: every requirement must already be
satisfied by the image. Parsing and version comparison are PEP 440 / PEP 508 through `packaging`
(the library pip itself vendors), never a hand-written parser.

Reads files only and runs no participant code: call it before handover, so its verdicts are
trusted by the host.

pip option lines: `-r`/`--requirement` files are followed (inside the submission only); options
that only tell pip where or how to download (`--index-url`, `--find-links`, `--hash`, `--pre`,
`-c` …) are skipped with a warning on stderr, since nothing is downloaded; `-e`/`--editable`
and any other option are refused, as they ask for an install that cannot happen.
"""
import os
import re
import sys

from holdout_harness import protocol

PACKAGE_REQUEST = "ask for it with a package-request pull request (docs/participants.md)"

# Options that only steer pip's downloads: meaningless without a download, harmless to skip.
# Each maps to whether it takes a value (the next token when not written as --opt=value).
SKIPPED_OPTIONS = {
    "-i": True,
    "--index-url": True,
    "--extra-index-url": True,
    "-f": True,
    "--find-links": True,
    "--trusted-host": True,
    "--no-index": False,
    "--pre": False,
    "--prefer-binary": False,
    "--only-binary": True,
    "--no-binary": True,
    "--require-hashes": False,
    "-c": True,
    "--constraint": True,
    "--use-feature": True,
}
INCLUDE_OPTIONS = ("-r", "--requirement")
EDITABLE_OPTIONS = ("-e", "--editable")

# pip's own comment rule: '#' at the start of a line or after whitespace starts a comment.
COMMENT = re.compile(r"(^|\s+)#.*$")
# Per-requirement hash options (pip-compile --generate-hashes): they only guard downloads.
HASH_OPTION = re.compile(r"\s--hash[=\s]\S+")

FIX_LINE = "Fix the line (one requirement per line, e.g. pandas>=2.0, PEP 508), then run holdout test again."


class Problem(Exception):
    """A requirement the submission states wrongly or the image cannot satisfy: invalid_submission."""

    def __init__(self, message, hint):
        super().__init__(message)
        self.message = message
        self.hint = hint


# --- reading requirements.txt ----------------------------------------------------------------


def logical_lines(text):
    """(line number, text) of each logical line: comments removed, backslash continuations joined."""
    out = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = COMMENT.sub("", raw)
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = (pending + line).strip()
        pending = ""
        if line:
            out.append((start, line))
    if pending.strip():
        out.append((start, pending.strip()))
    return out


def option_of(line):
    """(option, value) of a pip option line, value None when the option takes none."""
    head, _, rest = line.partition(" ")
    if "=" in head and head.startswith("--"):
        head, _, value = head.partition("=")
        return head, value.strip()
    if head.startswith("-") and not head.startswith("--") and len(head) > 2:
        return head[:2], head[2:].strip()  # -rfile.txt, as pip accepts
    return head, rest.strip() or None


def parse_requirements_text(text, source, workdir, seen=None):
    """Entries (name, specifier, where, url) and warnings of one requirements file, following -r.

    Raises Problem for a line it cannot read or an option that asks for an install.
    """
    from packaging.requirements import InvalidRequirement, Requirement

    seen = set() if seen is None else seen
    entries, warnings = [], []
    for number, line in logical_lines(text):
        where = "%s line %d" % (source, number)
        if line.startswith("-"):
            option, value = option_of(line)
            if option in INCLUDE_OPTIONS:
                sub_entries, sub_warnings = include(value, source, where, workdir, seen)
                entries += sub_entries
                warnings += sub_warnings
            elif option in SKIPPED_OPTIONS:
                warnings.append("%s: %s is skipped: nothing is downloaded at run time, every requirement is checked against the runtime image." % (where, option))
            elif option in EDITABLE_OPTIONS:
                raise Problem(
                    "%s asks for an editable install (%s); nothing is installed at run time." % (where, line[:120]),
                    "Put that code in the submission folder instead and remove the line from %s." % source,
                )
            else:
                raise Problem(
                    "%s has the pip option %s, which the runtime cannot honour." % (where, option),
                    "Remove the line: requirements are checked against the runtime image, nothing is installed.",
                )
            continue
        line = HASH_OPTION.sub("", " " + line).strip()
        try:
            requirement = Requirement(line)
        except InvalidRequirement as exc:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else "not PEP 508"
            raise Problem("%s cannot be read as a requirement: %r (%s)." % (where, line[:120], detail), FIX_LINE) from None
        # A marker that is false here (say `; sys_platform == "win32"`) does not apply to this runtime.
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        entries.append((requirement.name, str(requirement.specifier), where, requirement.url))
    return entries, warnings


def include(value, source, where, workdir, seen):
    """Follow `-r other.txt`: relative to the including file, inside the submission only."""
    if not value:
        raise Problem("%s has -r without a file name." % where, FIX_LINE)
    base = os.path.dirname(os.path.join(workdir, source))
    path = os.path.realpath(os.path.join(base, value))
    root = os.path.realpath(workdir)
    if not path.startswith(root + os.sep):
        raise Problem("%s includes %s, which is outside the submission." % (where, value), "Put the included file in the submission folder, or list its requirements in %s." % source)
    if path in seen:
        return [], []
    seen.add(path)
    name = os.path.relpath(path, root)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        raise Problem("%s includes %s, which the submission does not have." % (where, value), "Add the file or remove the line.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Problem("%s includes %s, which cannot be read: %s." % (where, value, exc), "Save it as UTF-8 text.") from None
    return parse_requirements_text(text, name, workdir, seen)


# --- checking against the image -------------------------------------------------------------


def stdlib_names():
    return set(getattr(sys, "stdlib_module_names", ()))


_import_names = []


def import_names():
    """Top-level import name → distributions (scanned once: it reads every installed package)."""
    if not _import_names:
        from importlib import metadata

        _import_names.append(getattr(metadata, "packages_distributions", lambda: {})())
    return _import_names[0]


def installed(name):
    """(distribution name, version) the image has for `name`, a distribution name or, as a
    notebook's import lines name modules, an import name (sklearn → scikit-learn); (name, None)
    when it has none."""
    from importlib import metadata

    try:
        return name, metadata.version(name)
    except metadata.PackageNotFoundError:
        pass
    providers = import_names().get(name) or []
    for dist in providers:
        try:
            return dist, metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return name, None


def installed_version(name):
    return installed(name)[1]


def bare_name(name):
    """`name[extra]` → name: extras are not checked (the image holds what it holds)."""
    return name.split("[", 1)[0].strip()


def candidate_versions(specifiers, installed):
    """Versions that witness whether a set of specifiers can be satisfied at all.

    Every version a specifier names, a version just above it and 0 / just above 0 cover the
    boundaries of ==, !=, <, <=, >, >=, ~= and ==X.*; the installed version is always one, so a
    set the image satisfies is never called contradictory.
    """
    from packaging.version import InvalidVersion, Version

    texts = {"0", "0.0.0.0.1"}
    for spec in specifiers:
        base = spec.version[:-2] if spec.version.endswith(".*") else spec.version
        texts.add(base)
        texts.add(base + ".0.0.0.1")
    if installed:
        texts.add(installed)
    out = []
    for text in texts:
        try:
            out.append(Version(text))
        except InvalidVersion:
            continue
    return out


def contradiction(name, stated, installed):
    """A message when the specifiers stated for one name cannot all hold together, else None."""
    from packaging.specifiers import SpecifierSet

    combined = SpecifierSet("")
    for spec, _ in stated:
        combined &= SpecifierSet(spec)
    if not list(combined):
        return None
    if any(combined.contains(v, prereleases=True) for v in candidate_versions(combined, installed)):
        return None
    parts = ["%s (%s)" % (spec or "any version", where) for spec, where in stated]
    return "%s is asked for as %s, which no version satisfies." % (name, " and ".join(parts))


def unmet(name, specifier, installed):
    """Whether the installed version (None: not installed) fails the specifier."""
    from packaging.specifiers import SpecifierSet
    from packaging.version import InvalidVersion, Version

    if installed is None:
        return True
    spec = SpecifierSet(specifier)
    if not list(spec):
        return False
    try:
        return not spec.contains(Version(installed), prereleases=True)
    except InvalidVersion:
        return not spec.contains(installed, prereleases=True)


def check_entries(entries):
    """Problems (message lines) and warnings for (name, specifier, where, url) entries.

    Raises Problem for a specifier that is not PEP 440 or specifiers that contradict each other.
    """
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.utils import canonicalize_name

    stdlib = stdlib_names()
    groups, order, warnings = {}, [], []
    for name, specifier, where, url in entries:
        name = bare_name(name)
        specifier = (specifier or "").strip()
        if name in stdlib or name.lower() in stdlib:
            warnings.append("%s: %s is part of Python's standard library, so it is not checked." % (where, name))
            continue
        try:
            SpecifierSet(specifier)
        except InvalidSpecifier:
            raise Problem("%s: %r is not a version specifier for %s." % (where, specifier, name), "Write a PEP 440 specifier such as ==2.2.2 or >=1.2,<2.0.") from None
        if url:
            warnings.append("%s: %s @ %s: the URL is ignored; only that %s is installed is checked." % (where, name, url[:80], name))
        dist, version = installed(name)
        key = canonicalize_name(dist)
        if key not in groups:
            groups[key] = (name, dist, version, [])
            order.append(key)
        groups[key][3].append((specifier, where))
    problems = []
    for key in order:
        name, dist, installed_as, stated = groups[key]
        conflict = contradiction(name, stated, installed_as)
        if conflict:
            raise Problem(conflict, "Keep one version specifier for %s, then run holdout test again." % name)
        for specifier, where in stated:
            if unmet(name, specifier, installed_as):
                has = "the runtime image has %s %s" % (dist, installed_as) if installed_as else "the runtime image does not have %s (not installed)" % name
                problems.append("%s: %s%s is not met: %s" % (where, name, specifier, has))
    return problems, warnings


def report(problems, warnings):
    for warning in warnings:
        protocol.warn(warning)
    if not problems:
        return
    if len(problems) == 1:
        message = problems[0] + "."
    else:
        shown = problems[:5]
        more = "" if len(problems) <= 5 else "; and %d more" % (len(problems) - 5)
        message = "%d requirements are not met: %s%s." % (len(problems), "; ".join(shown), more)
    protocol.fail(
        "invalid_submission",
        message,
        "Nothing is installed at run time (there is no network): use a version the runtime image has, or %s." % PACKAGE_REQUEST,
    )


def check_requirements(workdir, name="requirements.txt"):
    """Check workdir/requirements.txt, if present; fail('invalid_submission', …) on any problem."""
    path = os.path.join(workdir, name)
    if not os.path.isfile(path):
        return
    try:
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
    except UnicodeDecodeError:
        protocol.fail("invalid_submission", "%s is not UTF-8 text." % name, "Save it as UTF-8 (pip freeze > requirements.txt writes UTF-8), then run holdout test again.")
    # What the parser or packaging cannot take (a NUL byte, a 5,000-digit version, a marker that
    # does not compare) is the file's fault too: participant_input makes it invalid_submission.
    with protocol.participant_input(name, "Write one requirement per line as pip freeze does (name==version), then run holdout test again."):
        try:
            entries, warnings = parse_requirements_text(text, name, workdir, {os.path.realpath(path)})
            problems, more = check_entries(entries)
        except Problem as problem:
            protocol.fail("invalid_submission", problem.message, problem.hint)
    report(problems, warnings + more)


def check_specifiers(pairs):
    """Check (name, specifier, where) triples, e.g. a notebook's `import pandas  # ==2.2.2` lines.

    Same verdicts as requirements.txt: unmet or contradictory specifiers are invalid_submission;
    standard-library names are ignored with a warning; `name[extra]` is checked as `name`.
    """
    entries = [(name, spec, where, None) for name, spec, where in pairs]
    with protocol.participant_input("The version specifiers", "Write them as PEP 440 specifiers, e.g. # == 2.2.2 or # >= 1.2, < 2.0."):
        try:
            problems, warnings = check_entries(entries)
        except Problem as problem:
            protocol.fail("invalid_submission", problem.message, problem.hint)
    report(problems, warnings)
