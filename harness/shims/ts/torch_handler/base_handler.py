"""TorchServe's BaseHandler, without torch: the class Dynalab's BaseDynaHandler builds on.

initialize records the context; handle runs preprocess -> inference -> postprocess, as
TorchServe's does. Loading a model is the subclass's job (Dynalab handlers always do it in their
own initialize), so inference here only calls self.model when a subclass set one.
"""
import inspect


def _positional_count(fn):
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


class BaseHandler:
    def __init__(self):
        self.model = None
        self.mapping = None
        self.device = None
        self.initialized = False
        self.context = None
        self.manifest = None
        self.map_location = None
        self.explain = False
        self.target = 0

    def initialize(self, context):
        self.context = context
        self.manifest = context.manifest
        properties = context.system_properties
        self.model_dir = properties.get("model_dir")
        gpu = properties.get("gpu_id")
        self.map_location = "cpu" if gpu is None else "cuda"
        self.device = "cpu" if gpu is None else "cuda:%s" % gpu
        self.initialized = True

    def preprocess(self, data):
        return data

    def inference(self, data, *args, **kwargs):
        if self.model is None:
            raise NotImplementedError("BaseHandler.inference needs self.model: set it in initialize, or override inference")
        return self.model(data, *args, **kwargs)

    def postprocess(self, data):
        return data.tolist() if hasattr(data, "tolist") else data

    def handle(self, data, context):
        self.context = context
        output = self.inference(self.preprocess(data))
        # Dynalab's handlers take postprocess(inference_output, data); TorchServe's takes one argument.
        if _positional_count(self.postprocess) == 1:
            return self.postprocess(output)
        return self.postprocess(output, data)
