"""A Dynalab-style handler, class style, written as Dynalab's handler template asks.

The checkpoint (configs/model.json, named in .dynalab/lr-class/setup_config.json) is flattened
into the model folder: _handler_initialize gives its path. The model's code stays in src/ and is
imported from ROOTPATH, the project's root (Dynalab README, "Extra model files", way 2).
"""
import json
import sys

from dynalab.handler.base_handler import BaseDynaHandler
from dynalab.tasks.task_io import ROOTPATH, TaskIO

sys.path.append(ROOTPATH)
from src import logistic  # noqa: E402


class Handler(BaseDynaHandler):
    def initialize(self, context):
        model_pt_path, _, self.device = self._handler_initialize(context)
        self.taskIO = TaskIO("breast-cancer")
        with open(model_pt_path) as f:
            self.model = json.load(f)
        self.initialized = True

    def preprocess(self, data):
        return self._read_data(data)

    def inference(self, example):
        return logistic.probability(self.model, example)

    def postprocess(self, inference_output, data):
        example = self._read_data(data)
        response = {"id": example["uid"], "malignant": round(inference_output, 6)}
        self.taskIO.sign_response(response, example)
        return [response]
