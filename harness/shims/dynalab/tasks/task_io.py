"""Dynalab's TaskIO and ROOTPATH, as far as a handler uses them.

ROOTPATH is where the project lies (Dynalab: /home/model-server/code); under Holdout it is the
working folder, which the harness exports as $ROOTPATH before handler.py is imported.
TaskIO(task).sign_response adds the "signature" field Dynalab's handlers add; Holdout accepts and
ignores it (the output fields are checked against competition.yml's submission.handler.fields).
"""
import hashlib
import json
import os

ROOTPATH = os.environ.get("ROOTPATH") or os.getcwd()


class TaskIO:
    def __init__(self, task_code, task_info_path=None):
        self.task_code = task_code
        self.task_info = {"task": task_code, "config": {}}
        paths = [task_info_path] if task_info_path else [os.path.join(".dynalab", "%s.json" % task_code), os.path.join(ROOTPATH, "%s.json" % task_code)]
        for path in paths:
            try:
                with open(path, encoding="utf-8") as f:
                    info = json.load(f)
            except (OSError, ValueError):
                continue
            if isinstance(info, dict):
                self.task_info = info
                break

    def generate_response_signature(self, response, data, secret=""):
        """A digest of the task, the example and the response (Dynalab's own is checked by Dynabench only)."""
        digest = hashlib.sha1()
        digest.update(os.environ.get("MY_SECRET", secret).encode("utf-8"))
        digest.update(str(self.task_info.get("task", self.task_code)).encode("utf-8"))
        for source, skip in ((data, ("uid",)), (response, ("id", "signature"))):
            for key in sorted(k for k in source if k not in skip):
                digest.update(str(source[key]).encode("utf-8"))
        return digest.hexdigest()

    def sign_response(self, response, data):
        response["signature"] = self.generate_response_signature(response, data)

    def verify_response(self, response, data):
        """The checks a handler can run on itself; the harness makes its own, against the declared fields."""
        assert "id" in response and response["id"] == data["uid"], "the response's id must echo the input's uid"
        assert response.get("signature") == self.generate_response_signature(response, data), "the signature does not match"
