"""Broken on purpose: inference reads a feature the inputs do not have (crash, traceback in the log)."""
from dynalab.handler.base_handler import BaseDynaHandler


class Handler(BaseDynaHandler):
    def initialize(self, context):
        self.initialized = True

    def preprocess(self, data):
        return self._read_data(data)

    def inference(self, example):
        return example["tumour_size"] / 10

    def postprocess(self, inference_output, data):
        return [{"id": self._read_data(data)["uid"], "malignant": inference_output}]
