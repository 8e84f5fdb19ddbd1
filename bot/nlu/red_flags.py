"""A safety net after the intent classifier: red-flag wording always wins.

A statistical classifier can miss a short or unusual message ("i can't breathe", "kill me
now"). This component reads the red-flag word patterns from the training data
(`regex:` entries in data/nlu/red_flags.yml, the same ones RegexFeaturizer uses) and, when one
matches, sets the message's intent to that red flag with full confidence, so the escalation
rules answer and the fallback cannot swallow it. Thoughts of self-harm and symptoms (pus,
fever, hives, trouble breathing) override any reading, even a question; a question that only
names the topic ("can micro-needling cause an infection?") stays an FAQ.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

# regex name in the training data -> the intent it stands for, strongest first.
RED_FLAG_PATTERNS = {
    "self_harm_words": "report_self_harm",
    "allergic_reaction_words": "report_allergic_reaction",
    "infection_words": "report_infection",
}
ALWAYS = {"report_self_harm"}
QUESTION = re.compile(
    r"\?\s*$|^\s*(can|could|does|do|is|are|will|would|what|how|why|should)\b", re.IGNORECASE
)
PATTERNS_FILE = "red_flag_patterns.json"
GENERAL_TOPIC_WORDS = ("infect", "allergic reaction")


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class RedFlagOverride(GraphComponent):
    def __init__(
        self,
        model_storage: ModelStorage,
        resource: Resource,
        patterns: Dict[str, str] | None = None,
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._patterns = patterns or {}
        self._compiled = [
            (intent, re.compile(pattern, re.IGNORECASE))
            for intent, pattern in self._patterns.items()
        ]

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RedFlagOverride:
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        found = {entry["name"]: entry["pattern"] for entry in training_data.regex_features}
        patterns = {
            intent: found[name] for name, intent in RED_FLAG_PATTERNS.items() if name in found
        }
        missing = set(RED_FLAG_PATTERNS) - set(found)
        if missing:
            raise ValueError(f"red-flag patterns missing from the training data: {missing}")
        with self._model_storage.write_to(self._resource) as directory:
            (directory / PATTERNS_FILE).write_text(json.dumps(patterns))
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> RedFlagOverride:
        with model_storage.read_from(resource) as directory:
            patterns = json.loads((directory / PATTERNS_FILE).read_text())
        return cls(model_storage, resource, patterns)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get("text") or ""
            intent = self.red_flag(text)
            if intent:
                flagged = {"name": intent, "confidence": 1.0}
                ranking = [r for r in message.get("intent_ranking") or [] if r["name"] != intent]
                message.set("intent", flagged, add_to_output=True)
                message.set("intent_ranking", [flagged, *ranking], add_to_output=True)
        return messages

    def red_flag(self, text: str) -> str | None:
        """The red-flag intent whose wording `text` contains, if any."""
        for intent, pattern in self._compiled:
            words = [match.group(0).lower() for match in pattern.finditer(text)]
            if not words:
                continue
            if intent in ALWAYS or not QUESTION.search(text):
                return intent
            # A question naming a symptom ("is a fever normal after?") is still a red flag;
            # one that only names the topic ("can it cause an infection?") is an FAQ.
            if any(not word.startswith(GENERAL_TOPIC_WORDS) for word in words):
                return intent
        return None
