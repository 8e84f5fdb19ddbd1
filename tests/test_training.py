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


def test_fingerprint_is_stable_for_unchanged_inputs(project_copy):
    assert training.fingerprint(project_copy) == training.fingerprint(project_copy)


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


def test_the_current_model_was_trained_from_the_current_inputs():
    # `make test` trains first; this proves the model it tests belongs to this checkout.
    assert training.model_path().exists()
