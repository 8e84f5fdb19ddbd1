"""An unchanged bot never retrains: the model is found by a fingerprint of its inputs."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from bot import training
from bot.settings import PROJECT_ROOT


@pytest.fixture
def project_copy(tmp_path):
    for name in ("config.yml", "domain.yml"):
        shutil.copy(PROJECT_ROOT / name, tmp_path / name)
    shutil.copytree(PROJECT_ROOT / "data", tmp_path / "data")
    return tmp_path


def test_a_copy_of_the_inputs_in_another_folder_has_the_same_fingerprint(project_copy, tmp_path):
    # Paths count relative to the project, so a checkout elsewhere finds the same model.
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(project_copy, elsewhere)
    assert training.fingerprint(elsewhere) == training.fingerprint(project_copy)


@pytest.mark.parametrize("unrelated", [
    "README.md", "actions/clinic_info.py", "tests/test_stories.yml", "data/nlu/notes.txt",
    "models/clinic-old.tar.gz", ".env",
])
def test_fingerprint_ignores_files_the_model_does_not_learn_from(project_copy, unrelated):
    before = training.fingerprint(project_copy)
    path = project_copy / unrelated
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("not a training input\n")
    assert training.fingerprint(project_copy) == before


@pytest.mark.parametrize("changed", ["config.yml", "domain.yml", "data/nlu/costs.yml"])
def test_fingerprint_changes_when_any_training_input_changes(project_copy, changed):
    before = training.fingerprint(project_copy)
    with (project_copy / changed).open("a") as file:
        file.write("\n# edited\n")
    assert training.fingerprint(project_copy) != before


def test_a_new_data_file_changes_the_fingerprint(project_copy):
    before = training.fingerprint(project_copy)
    (project_copy / "data" / "nlu" / "new_topic.yml").write_text('version: "3.1"\n')
    assert training.fingerprint(project_copy) != before


def test_existing_model_for_the_same_inputs_is_reused_without_training(project_copy, monkeypatch):
    existing = training.model_path(project_copy)
    existing.parent.mkdir()
    existing.write_bytes(b"model")

    def no_training(*args, **kwargs):
        raise AssertionError("rasa train must not run for unchanged inputs")

    monkeypatch.setattr(subprocess, "run", no_training)
    assert training.ensure_model(project_copy) == existing


@pytest.mark.e2e  # needs `make model`: left out of `make test-fast`, which trains nothing
def test_the_current_model_was_trained_from_the_current_inputs():
    # `make test` trains first; this proves the model it tests belongs to this checkout.
    assert training.model_path().exists()
