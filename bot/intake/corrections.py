"""A visitor correcting an earlier answer while another question is pending.

"actually I'm 35 not 25", "wait, they're on my forehead too", "sorry I meant no to the blood
thinners", "no wait I'm not pregnant", "oops my number is 210 555 0199": the earlier answer is
changed and the pending question is asked again. With a marker word ("actually", "wait",
"sorry", "oops", ...) a message that names an earlier question is a correction. Without one it
is a correction only when it changes an answer, says nothing about the pending question, and
cannot be read as a plain answer to it (a yes or no, a name or consent takes nearly anything,
so there a named other topic wins); a list answer (areas, types, treatments) only with "too"
or "also". Consent itself is never corrected here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Sequence

from bot.intake.mentions import LIST_SLOTS, QUESTIONS_ORDER, mention
from bot.intake.questions import LOOSELY_READ, QUESTIONS
from bot.intake.several_answers import reads_like_question

_MARKER_WORDS = (r"wait|actually|correction|sorry|i meant|i mean|oops|whoops|my bad|"
                 r"scratch that|change my answer(?: to)?|i made a mistake|let me correct(?: that)?|"
                 r"hold on|i lied|i said it wrong|typo|mistake")
# "no wait", "oh sorry, I meant": fillers before the marker words; the answer after them is
# kept whole ("sorry I meant no to ...").
MARKER = re.compile(
    rf"^\W*(?:(?:no|oh|ah|um|uh|hmm|ok|okay)\W+)*(?:{_MARKER_WORDS})\b"
    rf"(?:\W+(?:{_MARKER_WORDS})\b)*\W*", re.IGNORECASE)
# A marker in the middle: "I'm 35 actually", "I'm 35 not 25".
MARKER_INSIDE = re.compile(r"\b(actually|i meant|correction)\b|\bnot (\d+|a|an)\b",
                           re.IGNORECASE)
ADDING = re.compile(r"\b(too|also|as well|aswell|plus|and also|in addition)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Corrections:
    """Changed answers, and the questions a marked message repeated unchanged."""

    changed: Dict[str, Any] = field(default_factory=dict)
    unchanged: List[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.unchanged)


def find_corrections(
    text: str, pending: str, answered: Mapping[str, Any], correctable: Sequence[str]
) -> Corrections:
    """The corrections a message makes to answered questions among `correctable`."""
    if not text.strip() or reads_like_question(text):
        return Corrections()
    start = MARKER.match(text)
    marked = bool(start) or bool(MARKER_INSIDE.search(text))
    body = text[start.end():] if start else text
    if mention(pending, body) is not None:
        return Corrections()  # about the question asked: an answer, not a correction
    changed: Dict[str, Any] = {}
    unchanged: List[str] = []
    for slot in correctable:
        current = answered.get(slot)
        if slot == pending or current is None:
            continue
        found = mention(slot, body)
        if found is None:
            continue
        value = found.value
        if slot in LIST_SLOTS and ADDING.search(body):
            order = list(QUESTIONS_ORDER[slot])
            value = sorted(dict.fromkeys([*current, *value]),
                           key=lambda item: order.index(item) if item in order else 99)
        if value == current:
            unchanged.append(slot)
        else:
            changed[slot] = value
    if not marked:
        # A list answer named in passing ("I had it for acne on my chin") is not a change;
        # "they're on my forehead too" is.
        if not ADDING.search(body):
            changed = {slot: value for slot, value in changed.items() if slot not in LIST_SLOTS}
        if not changed or (pending not in LOOSELY_READ
                           and QUESTIONS[pending].read(text)[0] is not None):
            return Corrections()
        return Corrections(changed)
    return Corrections(changed, unchanged)
