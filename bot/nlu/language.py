"""Marks each message that is clearly English or Spanish with a `language` entity.

The `language` slot is mapped from this entity (domain.yml), so the conversation switches
language on the first clear message, in any turn and inside forms, and a lone "no", "ok" or a
name leaves it as it was (bot.language.detect). A button's payload carries its own entity
(`/switch_language{"language":"es"}`) and is never read, nor is a button's payload sent as
text that the channel marks as chosen (its words are English in either language). Intents are
left untouched.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language.detect import language_of_message

ENTITY = "language"
EXTRACTOR = "LanguageDetector"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            language = language_of_message(text, message.get("metadata"))
            if language is None:
                continue
            entity = {"entity": ENTITY, "value": language, "start": 0, "end": len(text),
                      "confidence": 1.0, "extractor": EXTRACTOR}
            others = [found for found in message.get(ENTITIES) or []
                      if found.get("entity") != ENTITY]
            message.set(ENTITIES, [*others, entity], add_to_output=True)
        return messages

