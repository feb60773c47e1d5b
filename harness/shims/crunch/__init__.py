"""A stand-in for crunch-cli's `crunch` module, for notebooks converted to main.py.

CrunchDAO notebooks start with `import crunch` and `crunch = crunch.load_notebook()`. Converted,
the import stays (imports are kept) and the second line too when a `@crunch/keep:on` section holds
it; neither may fail in the sandbox, where crunch-cli is not installed and there is no network.
Inside Holdout the harness, not the notebook, loads the data and calls train()/infer(), so what
crunch-cli does for a notebook session (download data, run a local test, submit) is refused with
words that say so. A submission shipping its own `crunch` module wins: shims are last on sys.path.
"""

__all__ = ["is_inside_runner", "load_notebook"]

# crunch-cli's flag for "running in the platform's runner, not in a notebook": code that checks it
# (to skip local-only work) takes the runner's path here.
is_inside_runner = True

_IN_HOLDOUT = (
    "crunch.%s() is for a notebook session; in Holdout the harness loads the data and calls your "
    "train() and infer() itself. Remove the call from the code that runs (or leave it outside "
    "@crunch/keep:on sections), then submit again."
)


class _Notebook:
    """What `crunch.load_notebook()` returns: crunch-cli's session object, minus what needs the
    platform. Attributes it does not know fall through to this module, as crunch-cli's do."""

    is_inside_runner = True

    def _refuse(self, name):
        def refused(*args, **kwargs):
            raise RuntimeError(_IN_HOLDOUT % name)

        return refused

    def __getattr__(self, name):
        if name in ("load_data", "test", "submit"):
            return self._refuse(name)
        try:
            return globals()[name]
        except KeyError:
            raise AttributeError("the crunch module provided by Holdout has no %r" % name) from None


def load_notebook(*args, **kwargs):
    """crunch-cli's entry point for notebooks: a no-op here that returns a stand-in session."""
    return _Notebook()
