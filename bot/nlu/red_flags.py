"""The NLU pipeline's red-flag decision: bot.safety.red_flags decides, not the classifier.

After the intent classifier, this component reads every message with
`bot.safety.red_flags.detect` (negation, questions about risks, figurative speech, Spanish).
A reported red flag becomes its `report_*` intent with full confidence, so the escalation
rules answer and the fallback cannot swallow it; a `report_*` guess of the classifier that the
detector does not confirm ("no swelling at all, only a little redness") gives way to the
classifier's next intent, so a false alarm never ends a visitor's intake.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message

from bot.safety.red_flags import KINDS, detect

INTENTS = {kind: f"report_{kind}" for kind in KINDS}
RED_FLAG_INTENTS = frozenset(INTENTS.values())


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class RedFlagDecision(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RedFlagDecision:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            decide(message)
        return messages


def decide(message: Message) -> None:
    """Set the message's intent to the red flag it reports, or take away an unconfirmed one."""
    text = message.get("text") or ""
    if text.startswith("/"):
        return  # a button's payload names its intent exactly
    ranking = list(message.get("intent_ranking") or [])
    flag = detect(text)
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
