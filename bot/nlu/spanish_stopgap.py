"""Until the assistant speaks Spanish (issue 13), a message in Spanish is `speak_spanish`.

The intent classifier learned English; a Spanish or Spanglish message ("cuanto cuesta el
microneedling?") would otherwise get a wrong English answer or a fallback. Placed after
RedFlagDecision and never over a red flag, so a red flag in Spanish still escalates (and is
not made a tie the fallback would swallow). A farewell or thanks the classifier recognised
("adiós", "gracias") keeps its intent: it needs no Spanish help.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message

from bot.intake.spanish import looks_spanish
from bot.nlu.red_flags import RED_FLAG_INTENTS

SPEAK_SPANISH = "speak_spanish"
KEPT_INTENTS = frozenset({"goodbye", "thank"})
MIN_KEPT_CONFIDENCE = 0.4


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SpanishStopGap(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SpanishStopGap:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get("text") or ""
            if not text or text.startswith("/") or not looks_spanish(text):
                continue
            intent = message.get("intent") or {}
            if intent.get("name") in RED_FLAG_INTENTS:
                continue
            if (intent.get("name") in KEPT_INTENTS
                    and (intent.get("confidence") or 0.0) >= MIN_KEPT_CONFIDENCE):
                continue
            ranking = [entry for entry in message.get("intent_ranking") or []
                       if entry.get("name") != SPEAK_SPANISH]
            chosen = {"name": SPEAK_SPANISH, "confidence": 1.0}
            message.set("intent", chosen, add_to_output=True)
            message.set("intent_ranking", [chosen, *ranking], add_to_output=True)
        return messages
