"""The NLU pipeline's red-flag decision: bot.safety decides, not the intent classifier.

After the intent classifier, this component reads every message with
`bot.safety.red_flags.detect` (word patterns with negation, questions about risks, figurative
speech, Spanish) and, as a second reading, its own small classifier trained on the `report_*`
examples at `rasa train` (bot/safety/classifier.py).
A reported red flag becomes its `report_*` intent with full confidence, so the escalation
rules answer and the fallback cannot swallow it; a `report_*` guess of the classifier that the
detector does not confirm ("no swelling at all, only a little redness") gives way to the
classifier's next intent, so a false alarm never ends a visitor's intake. An unsure guess
(below 0.7) at distress or at after-hours care, whose replies name 988 and 911, becomes
`nlu_fallback`: the visitor is asked to say it another way.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.safety.classifier import RedFlagClassifier
from bot.safety.red_flags import KINDS, KindGuesser, detect

INTENTS = {kind: f"report_{kind}" for kind in KINDS}
RED_FLAG_INTENTS = frozenset(INTENTS.values())
# Look-alikes of red flags whose replies speak of 988, urgent care or 911: said to a price or
# skin question they scare a visitor as a false alarm would, so an unsure guess is not used.
LOOK_ALIKE_INTENTS = frozenset({"share_distress", "ask_after_hours_care"})
LOOK_ALIKE_MIN_CONFIDENCE = 0.7


MODEL_FILE = "red_flag_classifier.pkl"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class RedFlagDecision(GraphComponent):
    def __init__(
        self,
        model_storage: ModelStorage,
        resource: Resource,
        classifier: RedFlagClassifier | None = None,
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._classifier = classifier

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RedFlagDecision:
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        self._classifier = RedFlagClassifier.train(
            (example.get("text"), example.get("intent"))
            for example in training_data.intent_examples)
        with self._model_storage.write_to(self._resource) as directory:
            self._classifier.save(directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> RedFlagDecision:
        with model_storage.read_from(resource) as directory:
            classifier = RedFlagClassifier.load(directory / MODEL_FILE)
        return cls(model_storage, resource, classifier)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            decide(message, self._classifier)
        return messages


def decide(message: Message, second_reading: KindGuesser | None = None) -> None:
    """Set the message's intent to the red flag it reports, or take away an unconfirmed one."""
    text = message.get("text") or ""
    if text.startswith("/"):
        return  # a button's payload names its intent exactly
    ranking = list(message.get("intent_ranking") or [])
    flag = detect(text, second_reading=second_reading)
    if flag:
        flagged = {"name": INTENTS[flag.kind], "confidence": 1.0}
        ranking = [flagged, *(r for r in ranking if r["name"] != flagged["name"])]
        message.set("intent", flagged, add_to_output=True)
        message.set("intent_ranking", ranking, add_to_output=True)
        return
    intent = message.get("intent") or {}
    if intent.get("name") in RED_FLAG_INTENTS:
        others = [r for r in ranking if r["name"] not in RED_FLAG_INTENTS]
        fallback = others[0] if others else {"name": "nlu_fallback", "confidence": 0.0}
        message.set("intent", fallback, add_to_output=True)
        message.set("intent_ranking", others, add_to_output=True)
    elif (intent.get("name") in LOOK_ALIKE_INTENTS
          and (intent.get("confidence") or 0.0) < LOOK_ALIKE_MIN_CONFIDENCE):
        # The visitor is asked to say it another way: the runner-up of an unsure guess is no
        # surer ("affirm" for a question about a wedding).
        unsure = {"name": "nlu_fallback", "confidence": intent.get("confidence") or 0.0}
        message.set("intent", unsure, add_to_output=True)
        message.set("intent_ranking", [unsure, *ranking], add_to_output=True)
