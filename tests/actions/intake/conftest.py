"""The intake form's validation action, run as the action server runs it (rasa-sdk's
ActionExecutor, the real domain.yml), with the form's next question chosen as Rasa does."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Dict, List

import pytest
import yaml
from rasa_sdk.executor import ActionExecutor

from actions.intake import form as form_module
from actions.intake.form import ValidateIntakeForm
from bot.intake.questions import ANSWER_SLOTS, CONTACT_SLOTS
from bot.settings import PROJECT_ROOT

DOMAIN: Dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())

# A visitor who has answered every assessment and safety question.
ANSWERED: Dict[str, Any] = dict(
    scar_types=["icepick"], scar_count="up_to_10", scar_areas=["cheeks"],
    scar_visibility="hidden", scar_years="1_to_5", active_acne="none", skin_type="III",
    previous_treatments=["none"], isotretinoin_recent="no", pregnant_or_breastfeeding="no",
    keloid_tendency="no", bleeding_risk="yes", face_infection="no", immune_suppression="no",
    age=25,
)
CONTACT: Dict[str, Any] = dict(
    contact_name="Maria Lopez", contact_phone="+12105550123", contact_email="",
    contact_method="text",
)
ORDER = [*ANSWER_SLOTS, "data_consent", "marketing_consent", *CONTACT_SLOTS]


def answered_before(slot: str, **extra: Any) -> Dict[str, Any]:
    """The answers a visitor has given when `slot` is the pending question."""
    everything = {**ANSWERED, "data_consent": True, "marketing_consent": False, **CONTACT}
    slots = {name: value for name, value in everything.items()
             if ORDER.index(name) < ORDER.index(slot)}
    if slots.get("age") is not None:
        slots.update(severity_band="moderate", recommendation="good_candidate")
    return {**slots, **extra}


@dataclass
class Turn:
    """What the form did with one message."""

    events: List[Dict[str, Any]]
    responses: List[Dict[str, Any]]

    @property
    def slots(self) -> Dict[str, Any]:
        """Slots the message set, without the form's own bookkeeping."""
        return {e["name"]: e["value"] for e in self.events
                if e["event"] == "slot" and e["name"] != "requested_slot"}

    @property
    def said(self) -> List[str]:
        return [r.get("response") or r.get("text") or "" for r in self.responses]

    @property
    def rejected(self) -> bool:
        """No slot filled or cleared: Rasa rejects the form and a rule answers."""
        return not self.slots


@dataclass
class IntakeForm:
    """An intake in progress: each message runs the validation action, its events are
    applied, and the next question is the first required one without an answer."""

    slots: Dict[str, Any] = field(default_factory=dict)
    requested: str | None = "scar_types"

    def say(self, text: str, intent: str = "inform", confidence: float = 0.95,
            language: str | None = None, faq: str | None = None) -> Turn:
        """`language`: the language the message was detected in, set as a slot after it;
        `faq`: the FAQ answer the response selector picked ("age_limit"), for intent faq."""
        executor = ActionExecutor()
        executor.register_action(ValidateIntakeForm())
        events: List[Dict[str, Any]] = [
            {"event": "slot", "name": "language", "value": self.slots.get("language")},
            {"event": "user", "text": text,
             "parse_data": {"intent": {"name": intent, "confidence": confidence}}}]
        if language:
            events.append({"event": "slot", "name": "language", "value": language})
            self.slots["language"] = language
        tracker = {
            "sender_id": "conv-1",
            "slots": {**self.slots, "requested_slot": self.requested},
            "latest_message": {"text": text, "intent": {"name": intent, "confidence": confidence},
                               "entities": [], **_selected(faq)},
            "events": events,
            "paused": False, "followup_action": None,
            "active_loop": {"name": "intake_form"}, "latest_action_name": "action_listen",
        }
        answer = asyncio.run(executor.run({"next_action": "validate_intake_form",
                                           "sender_id": "conv-1", "tracker": tracker,
                                           "domain": DOMAIN}))
        turn = Turn(answer["events"], answer["responses"])
        if not turn.rejected:
            self.slots.update(turn.slots)
            required = [*ANSWER_SLOTS, "data_consent"]
            if self.slots.get("data_consent") is True:
                required += ["marketing_consent", *CONTACT_SLOTS]
            self.requested = next((s for s in required if self.slots.get(s) is None), None)
        return turn


def _selected(faq: str | None) -> Dict[str, Any]:
    """The response selector's part of the parse data, as Rasa sends it to the action server."""
    if faq is None:
        return {}
    return {"response_selector": {"faq": {"response": {
        "intent_response_key": f"faq/{faq}", "utter_action": f"utter_faq/{faq}"}}}}


@pytest.fixture(autouse=True)
def example_settings(make_settings, monkeypatch):
    """The result message quotes prices from settings: those of .env.example."""
    settings = make_settings()
    monkeypatch.setattr(form_module, "get_settings", lambda: settings)
    return settings


@pytest.fixture
def intake():
    """A form whose pending question is the first, or any: intake(requested=..., slots=...)."""
    def start(requested: str = "scar_types", **slots: Any) -> IntakeForm:
        return IntakeForm(slots=answered_before(requested, **slots), requested=requested)
    return start
