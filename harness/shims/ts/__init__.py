"""A small stand-in for TorchServe's `ts` package, so handlers written for Dynalab import under Holdout.

Only what a handler touches: ts.context.Context and ts.torch_handler.base_handler.BaseHandler.
Holdout's handler harness plays the server (harness/holdout_harness/kinds/handler.py); there is no
HTTP, no model archive and no torch here. A submission that ships its own `ts` package wins (the
shims are last on sys.path).
"""
