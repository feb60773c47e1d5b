"""Dynalab's BaseDynaHandler: the TorchServe handler Dynalab's handler template subclasses."""
import os

from ts.torch_handler.base_handler import BaseHandler


class BaseDynaHandler(BaseHandler):
    def __init__(self):
        super().__init__()
        self.initialized = False

    def _handler_initialize(self, context):
        """(checkpoint path, model folder, device) from the context, as Dynalab's handlers expect."""
        manifest = context.manifest or {}
        properties = context.system_properties
        model_dir = properties["model_dir"]
        checkpoint = os.path.join(model_dir, (manifest.get("model") or {}).get("serializedFile", ""))
        return checkpoint, model_dir, _device(properties.get("gpu_id"))

    def _read_data(self, data):
        return data[0]["body"]


def _device(gpu_id):
    if gpu_id is None:
        return "cpu"
    try:  # torch only when a GPU was given: importing it costs seconds.
        import torch
    except ImportError:
        return "cpu"
    return "cuda:%s" % gpu_id if torch.cuda.is_available() else "cpu"
