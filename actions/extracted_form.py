"""A form whose extraction already checks every value it reads."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict


class ExtractedForm(FormValidationAction, ABC):
    """Validation passes on every slot extraction set. rasa-sdk would validate only the
    form's required slots and drop the rest (a result, a proven number) that extraction set.
    Abstract, so the action server does not register this base class as an action."""

    @abstractmethod
    def name(self) -> str:
        """validate_<form name>"""

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return [SlotSet(slot, value) for slot, value in tracker.slots_to_validate().items()]
