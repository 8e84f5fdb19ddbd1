"""The intent classifier takes its regularisation and class weights from config.yml."""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource

from bot.nlu.intent_classifier import TunedLogisticRegression
from bot.settings import PROJECT_ROOT


def make(tmp_path: Path, **config: object) -> TunedLogisticRegression:
    return TunedLogisticRegression({**TunedLogisticRegression.get_default_config(), **config},
                                   "intent_classifier", LocalModelStorage(tmp_path),
                                   Resource("intent_classifier"))


def test_c_and_class_weight_from_the_config_reach_the_regression(tmp_path: Path) -> None:
    unweighted = make(tmp_path, C=3.0, class_weight="none")
    assert unweighted.clf.C == 3.0 and unweighted.clf.class_weight is None
    assert make(tmp_path).clf.class_weight == "balanced"


def test_the_pipeline_uses_the_less_regularised_regression_chosen_by_measurement() -> None:
    pipeline = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())["pipeline"]
    [classifier] = [c for c in pipeline if c["name"].endswith("TunedLogisticRegression")]
    assert classifier["C"] > 1 and classifier["class_weight"] == "balanced"

