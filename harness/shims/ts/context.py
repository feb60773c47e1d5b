"""TorchServe's Context: what a handler's initialize(context) and handle(data, context) receive."""


class Context:
    """The model's settings (system_properties, manifest) and the request's, as TorchServe passes them.

    model_dir is the working folder: Holdout flattens setup_config.json's model_files there at
    staging, as torch-model-archiver does with --extra-files. gpu_id is 0 on a GPU runner, else None.
    """

    def __init__(self, model_name, model_dir, manifest, batch_size, gpu, mms_version, limit_max_image_pixels=True, metrics=None, model_yaml_config=None):
        self.model_name = model_name
        self.manifest = manifest
        self._system_properties = {
            "model_dir": model_dir,
            "gpu_id": gpu,
            "batch_size": batch_size,
            "server_name": "MMS",
            "server_version": mms_version,
            "limit_max_image_pixels": limit_max_image_pixels,
        }
        self.request_ids = None
        self.request_processor = None
        self.metrics = metrics
        self.model_yaml_config = model_yaml_config or {}
        self._headers = {}
        self._status = {}

    @property
    def system_properties(self):
        return self._system_properties

    def get_request_id(self, idx=0):
        return (self.request_ids or {}).get(idx)

    def get_request_header(self, idx, key):
        return self._headers.get(idx, {}).get(key)

    def get_all_request_header(self, idx):
        return dict(self._headers.get(idx, {}))

    def set_response_content_type(self, idx, value):
        self._headers.setdefault(idx, {})["Content-Type"] = value

    def get_response_content_type(self, idx):
        return self._headers.get(idx, {}).get("Content-Type")

    def set_response_status(self, code=200, phrase="", idx=0):
        self._status[idx] = (code, phrase)

    def get_response_status(self, idx=0):
        return self._status.get(idx, (200, ""))

    def set_all_response_status(self, code=200, phrase=""):
        for idx in (self.request_ids or {0: None}):
            self._status[idx] = (code, phrase)
