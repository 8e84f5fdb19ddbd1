"""Every button of every intake question means the same typed as tapped: its label exactly,
in lower case, or without punctuation and emoji reads as its payload."""

from __future__ import annotations

import re
from typing import Any, Dict, Iterator

import pytest
import yaml

from bot.intake.questions import QUESTIONS
from bot.settings import PROJECT_ROOT


def typed_versions(title: str) -> Dict[str, str]:
    """How a visitor might type a button's label."""
    bare = " ".join(re.sub(r"[^\w\s]", " ", title).split())
    return {"exact": title, "lower case": title.lower(), "no punctuation or emoji": bare,
            "lower case, no punctuation": bare.lower()}


def is_spanish(variation: Dict[str, Any]) -> bool:
    return {"type": "slot", "name": "language", "value": "es"} in (variation.get("condition") or [])


def question_buttons(spanish: bool = False) -> Iterator[Any]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    for name, variations in domain["responses"].items():
        slot = name.removeprefix("utter_ask_")
        if not name.startswith("utter_ask_") or slot not in QUESTIONS:
            continue
        for variation in variations:
            if is_spanish(variation) != spanish:
                continue
            for button in variation.get("buttons", []):
                if button["payload"].startswith("/"):
                    continue  # an intent payload: Rasa reads it, not the form
                for how, typed in typed_versions(button["title"]).items():
                    yield pytest.param(slot, button["payload"], typed,
                                       id=f"{slot}:{button['title']}:{how}")


BUTTONS = list(question_buttons())
SPANISH_BUTTONS = list(question_buttons(spanish=True))


def test_the_domain_has_buttons_for_the_questions():
    assert len({param.values[0] for param in BUTTONS}) >= 10


@pytest.mark.parametrize("slot, payload, typed", BUTTONS)
def test_a_buttons_label_typed_reads_as_its_payload(slot, payload, typed):
    by_payload, _ = QUESTIONS[slot].read(payload)
    assert by_payload is not None
    assert QUESTIONS[slot].read(typed)[0] == by_payload


def test_the_domain_has_spanish_buttons_for_the_questions():
    assert len({param.values[0] for param in SPANISH_BUTTONS}) >= 10


@pytest.mark.parametrize("slot, payload, typed", SPANISH_BUTTONS)
def test_a_spanish_buttons_label_typed_reads_as_its_payload(slot, payload, typed):
    assert QUESTIONS[slot].read(typed)[0] == QUESTIONS[slot].read(payload)[0]
