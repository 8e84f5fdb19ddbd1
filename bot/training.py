"""Train the Rasa model only when what it learns from has changed.

The model file is named after a fingerprint of the training inputs (config, domain, data)
and the Rasa version, so an unchanged bot finds its model and starts without retraining.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Iterable, List

from bot.settings import PROJECT_ROOT

TRAINING_INPUTS = ("config.yml", "domain.yml", "data")
MODEL_PREFIX = "clinic-"
MODELS_KEPT = 3
YAML = {".yml", ".yaml"}


def training_files(root: Path = PROJECT_ROOT) -> List[Path]:
    files: List[Path] = []
    for name in TRAINING_INPUTS:
        path = root / name
        if path.is_dir():
            files.extend(p for p in path.rglob("*") if p.suffix in YAML and p.is_file())
        elif path.exists():
            files.append(path)
    return sorted(files)


def fingerprint(root: Path = PROJECT_ROOT, files: Iterable[Path] = ()) -> str:
    """A hash of every training input's path and content, and of the Rasa version."""
    import rasa

    digest = hashlib.sha256(f"rasa {rasa.__version__}\n".encode())
    for path in files or training_files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def model_path(root: Path = PROJECT_ROOT) -> Path:
    return root / "models" / f"{MODEL_PREFIX}{fingerprint(root)}.tar.gz"


def ensure_model(root: Path = PROJECT_ROOT, force: bool = False) -> Path:
    """Return the model for the current inputs, training it first if it does not exist yet."""
    path = model_path(root)
    if path.exists() and not force:
        print(f"Model is up to date: {path.relative_to(root)} (training inputs unchanged)")
        return path
    print("Training inputs changed: training a new model...", flush=True)
    subprocess.run(
        [
            sys.executable, "-m", "rasa", "train",
            "--config", "config.yml", "--domain", "domain.yml", "--data", "data",
            "--out", "models", "--fixed-model-name", path.name[: -len(".tar.gz")],
        ],
        cwd=root,
        check=True,
    )
    _remove_old_models(path)
    return path


def _remove_old_models(keep: Path) -> None:
    old = sorted(
        (p for p in keep.parent.glob(f"{MODEL_PREFIX}*.tar.gz") if p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for path in old[MODELS_KEPT - 1 :]:
        path.unlink()
