"""Runtime smoke test: every package of the environment file imports, and on a GPU
image on a machine with a GPU, CUDA works.

    python3 test_environment.py /opt/holdout/environment.yml

Run by `holdout build --test` and the package-request workflow inside each image,
with the network off. It exits 0 when everything passed and 1 otherwise, printing
one line per check. It never skips: when HOLDOUT_EXPECT_GPU=1 (set by Holdout when
the image is run with GPUs), a GPU image without a usable CUDA fails.

Only the standard library is used, so the test runs in any image with a Python.
"""
import importlib
import os
import re
import sys

# Conda names whose import name differs. Extend when a package request needs it.
IMPORT_NAMES = {
    "scikit-learn": "sklearn",
    "pytorch": "torch",
    "pytorch-cpu": "torch",
    "pytorch-gpu": "torch",
    "pyyaml": "yaml",
    "pillow": "PIL",
    "py-opencv": "cv2",
    "opencv": "cv2",
    "opencv-python": "cv2",
    "opencv-python-headless": "cv2",
    "beautifulsoup4": "bs4",
    "python-dateutil": "dateutil",
    "py-xgboost": "xgboost",
    "scikit-image": "skimage",
    "pytorch-lightning": "pytorch_lightning",
    "tensorflow-cpu": "tensorflow",
    "tensorflow-gpu": "tensorflow",
    "protobuf": "google.protobuf",
}

# Packages that are not Python modules: interpreters, tools, CUDA libraries.
NOT_IMPORTABLE = re.compile(
    r"^(python|pip|setuptools|wheel|conda|mamba|micromamba|cuda-.*|cudatoolkit|cudnn|nccl|pytorch-cuda|"
    r"lib.*|_.*|ca-certificates|openssl|tzdata|git|make|cmake|compilers?|c-compiler|cxx-compiler|.*-devel)$"
)

SPEC = re.compile(r"^\s*-\s+(?:[^\s:]+::)?([A-Za-z0-9_][A-Za-z0-9_.-]*)")


def listed_packages(path):
    """Names under `dependencies:` and its `pip:` list, without a YAML library."""
    names, in_deps = [], False
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            if not line.startswith((" ", "-")):
                in_deps = line.startswith("dependencies:")
                continue
            if not in_deps or re.match(r"^\s*-\s+pip:\s*$", line):
                continue
            match = SPEC.match(line)
            if match:
                names.append(match.group(1).lower())
    return names


def import_name(package):
    if package in IMPORT_NAMES:
        return IMPORT_NAMES[package]
    return package.replace("-", "_")


def check_imports(packages):
    failures = []
    for package in packages:
        if NOT_IMPORTABLE.match(package):
            continue
        module = import_name(package)
        try:
            importlib.import_module(module)
            print(f"ok     import {module}  ({package})")
        except Exception as error:  # noqa: BLE001 - any import failure is a test failure
            print(f"FAILED import {module}  ({package}): {type(error).__name__}: {error}")
            failures.append(package)
    return failures


def check_cuda():
    """On a GPU machine: CUDA must be usable by the framework the image carries."""
    try:
        torch = importlib.import_module("torch")
    except ImportError:
        torch = None
    if torch is not None:
        if not torch.cuda.is_available():
            return f"torch {torch.__version__} is installed but CUDA is not usable (torch.cuda.is_available() is False; torch built for CUDA {torch.version.cuda})"
        x = torch.ones(2, 2, device="cuda")
        if float((x @ x).sum().item()) != 8.0:
            return "a matrix product on the GPU gave a wrong result"
        print(f"ok     CUDA {torch.version.cuda} on {torch.cuda.get_device_name(0)}")
        return None
    if not os.path.exists("/dev/nvidiactl"):
        return "CUDA is not usable: no NVIDIA device is visible in the container (run it with --gpus all)"
    return "CUDA is not usable: no GPU framework (torch) is installed to check it with"


def main(argv):
    path = argv[1] if len(argv) > 1 else "/opt/holdout/environment.yml"
    packages = listed_packages(path)
    if not packages:
        print(f"FAILED no packages found in {path}")
        return 1
    failures = [f"import {name}" for name in check_imports(packages)]
    if os.environ.get("HOLDOUT_EXPECT_GPU") == "1":
        problem = check_cuda()
        if problem:
            print(f"FAILED {problem}")
            failures.append("cuda")
    if failures:
        print(f"runtime tests: {len(failures)} failed: {', '.join(failures)}")
        return 1
    print(f"runtime tests: passed ({len(packages)} packages listed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
