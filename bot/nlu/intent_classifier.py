"""Rasa's logistic regression with its two fixed settings made configurable.

Rasa 3.6's LogisticRegressionClassifier always weighs intents as "balanced" and regularises with
C=1. Here the retrieval intent `faq` holds every FAQ topic, hundreds of examples, so balancing
shrinks each of them to a sliver of an `inform` example and short questions ("and prp?") lose
to answers; C and class_weight are set in config.yml and chosen by `make eval`.
"""

from __future__ import annotations

from typing import Any, Dict

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class TunedLogisticRegression(LogisticRegressionClassifier):
    """LogisticRegressionClassifier with `C` and `class_weight` read from its config."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(),
                "C": 1.0, "class_weight": "balanced"}

    def __init__(self, config: Dict[str, Any], name: str, model_storage: ModelStorage,
                 resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        weight = self.config["class_weight"]
        self.clf.set_params(C=float(self.config["C"]),
                            class_weight=None if weight in (None, "none") else weight)
