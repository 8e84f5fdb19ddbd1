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


def question_buttons() -> Iterator[Any]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    for name, variations in domain["responses"].items():
        slot = name.removeprefix("utter_ask_")
        if not name.startswith("utter_ask_") or slot not in QUESTIONS:
            continue
        for variation in variations:
            for button in variation.get("buttons", []):
                if button["payload"].startswith("/"):
                    continue  # an intent payload: Rasa reads it, not the form
                for how, typed in typed_versions(button["title"]).items():
                    yield pytest.param(slot, button["payload"], typed,
                                       id=f"{slot}:{button['title']}:{how}")


BUTTONS = list(question_buttons())


def test_the_domain_has_buttons_for_the_questions():
    assert len({param.values[0] for param in BUTTONS}) >= 10


@pytest.mark.parametrize("slot, payload, typed", BUTTONS)
def test_a_buttons_label_typed_reads_as_its_payload(slot, payload, typed):
    by_payload, _ = QUESTIONS[slot].read(payload)
    assert by_payload is not None
    assert QUESTIONS[slot].read(typed)[0] == by_payload
