"""A small stand-in for the parts of facebookresearch/dynalab a handler imports, for Holdout.

dynalab.handler.base_handler.BaseDynaHandler and dynalab.tasks.task_io (TaskIO, ROOTPATH). The
Dynabench API, the CLI and the task definitions are not here: Holdout's competition.yml declares
the task's inputs and output fields instead. A submission's own `dynalab` package wins.
"""
