"""A visitor correcting an earlier answer while another question is pending.

"actually I'm 35 not 25", "wait, they're on my forehead too", "sorry I meant no to the blood
thinners", "no wait I'm not pregnant", "oops my number is 210 555 0199": the earlier answer is
changed and the pending question is asked again. With a marker word ("actually", "wait",
"sorry", "oops", ...) a message that names an earlier question is a correction. Without one it
is a correction only when it changes an answer, says nothing about the pending question, and
cannot be read as a plain answer to it (a yes or no, a name or consent takes nearly anything,
so there a named other topic wins); a list answer (areas, types, treatments) only with "too"
or "also". Consent itself is never corrected here. Spanish markers ("perdón", "espere",
"quise decir", "tengo 35, no 25") are read in the words of bot.intake.spanish_answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Sequence, Set, Tuple

from bot.intake import answers
from bot.intake.mentions import (
    LIST_SLOTS,
    NUMBER,
    QUESTIONS_ORDER,
    Mention,
    Span,
    mention,
    read_as,
)
from bot.intake.questions import LOOSELY_READ, QUESTIONS
from bot.intake.several_answers import reads_like_question

_MARKER_WORDS = (r"wait|actually|correction|sorry|i meant|i mean|oops|whoops|my bad|"
                 r"scratch that|change my answer(?: to)?|i made a mistake|let me correct(?: that)?|"
                 r"hold on|i lied|i said it wrong|typo|mistake")
# "no wait", "oh sorry, I meant": fillers before the marker words; the answer after them is
# kept whole ("sorry I meant no to ...").
MARKER = re.compile(
    rf"^\W*(?:(?:no|oh|ah|um|uh|hmm|ok|okay|and|also|btw|ps)\W+)*(?:{_MARKER_WORDS})\b"
    rf"(?:\W+(?:{_MARKER_WORDS})\b)*\W*", re.IGNORECASE)
# A marker in the middle: "I'm 35 actually", "I'm 35 not 25".
MARKER_INSIDE = re.compile(r"\b(actually|i meant|correction|wrong|mistake|typo|sorry)\b|"
                           r"\bshould (?:be|have been|say)\b|\bnot (\d+|a|an)\b",
                           re.IGNORECASE)
# Words that name a question's topic. A correction that names one changes that question only,
# and a number alone in it ("my age is wrong, it's 32") is read for that question.
TOPICS: Dict[str, re.Pattern[str]] = {
    slot: re.compile(pattern, re.IGNORECASE) for slot, pattern in {
        "age": r"\b(?:my age|age|how old|years old|yrs old|birthday|born)\b",
        "contact_phone": r"\b(?:my (?:phone |mobile |cell )?number|phone|mobile|cell|"
                         r"cellphone)\b",
        "contact_email": r"\b(?:e-?mail|email address)\b",
        "contact_name": r"\b(?:my name|name)\b",
        "scar_count": r"\b(?:how many|number of (?:scars|them)|scar count|count|scars|pits)\b",
        "scar_years": r"\b(?:how long|had them for|years? (?:i'?ve|i have) had)\b",
    }.items()
}
# Questions whose answer a bare number gives, and how it reads for each; a unit after the
# number ("10 years", "32 years old") leaves only the question it fits.
_UNIT = re.compile(r"\s*(?:(years? old|yrs? old|y ?o)|(years?|yrs?|months?|weeks?))\b",
                   re.IGNORECASE)
_NUMBER_READERS: Dict[str, Callable[[str, str | None], Any]] = {
    "age": lambda number, unit: answers.parse_age(number) if unit in (None, "old") else None,
    "scar_count": lambda number, unit: answers.parse_scar_count(number) if unit is None
    else None,
    "scar_years": lambda number, unit: answers.parse_years(f"{number} {unit or 'years'}")
    if unit != "old" else None,
}
_NUMBER = re.compile(rf"\b{NUMBER}\b", re.IGNORECASE)
# A number after these is the old, wrong answer: "it's 32 not 23", "from 23 to 32".
_OLD_NUMBER = re.compile(r"\b(?:not|from|instead of|said|wrote|typed|put|entered|than)\s*$",
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
    text = read_as(text)  # "perdón, tengo 35" is read as "sorry, i'm 35"
    start = MARKER.match(text)
    marked = bool(start) or bool(MARKER_INSIDE.search(text))
    body = text[start.end():] if start else text
    if mention(pending, body) is not None:
        return Corrections()  # about the question asked: an answer, not a correction
    changed: Dict[str, Any] = {}
    unchanged: List[str] = []
    found_all = {slot: found for slot in correctable
                 if slot != pending and answered.get(slot) is not None
                 and (found := mention(slot, body)) is not None}
    named = _named_topics(body, answered, [slot for slot in correctable if slot != pending])
    found_all = _read_named_numbers(body, named, found_all, answered)
    if named & set(found_all):
        # "my age is wrong, it's 32": the question named is the one corrected.
        found_all = {slot: found for slot, found in found_all.items() if slot in named}
    for slot, found in found_all.items():
        current = answered[slot]
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
        answers_pending = QUESTIONS[pending].read(text)[0] is not None
        if pending in _NUMBER_READERS and answers_pending:
            # "tengo 58" asked for an age is the age, not 58 scars: while a number is asked
            # for, a bare number changes an earlier answer only when the message names its
            # topic.
            changed = {slot: value for slot, value in changed.items()
                       if slot not in _NUMBER_READERS or TOPICS[slot].search(body)}
        if not changed or (pending not in LOOSELY_READ and answers_pending):
            return Corrections()
        return Corrections(changed)
    return Corrections(changed, unchanged)


def _named_topics(body: str, answered: Mapping[str, Any], candidates: Sequence[str]
                  ) -> Set[str]:
    """The answered questions whose topic the message names; a number given as the old
    answer ("it's 32 not 23") names the question that had it."""
    named = {slot for slot in candidates if slot in TOPICS and answered.get(slot) is not None
             and TOPICS[slot].search(body)}
    for match in _NUMBER.finditer(body):
        if _OLD_NUMBER.search(body[:match.start()]):
            old = answers.first_number(match.group(0))
            named |= {slot for slot in candidates
                      if old is not None and answered.get(slot) == old}
    return named


def _read_named_numbers(body: str, named: Set[str], found: Dict[str, Mention],
                        answered: Mapping[str, Any]) -> Dict[str, Mention]:
    """Read the corrected number for a named question that no words of its own answer.

    The number must not belong to another question's answer ("I've had them 10 years"), except
    a bare number taken for a scar count ("it's 32"), which yields to the named question.
    """
    wanting = [slot for slot in _NUMBER_READERS if slot in named and slot not in found]
    if not wanting:
        return found
    claimed: List[Tuple[str, Span]] = [
        (slot, span) for slot, mentioned in found.items() for span in mentioned.spans
        if not (slot == "scar_count" and _is_bare_count(body[span[0]:span[1]]))]
    result = dict(found)
    for match in _NUMBER.finditer(body):
        if _OLD_NUMBER.search(body[:match.start()]) or any(
                start <= match.start() < end for _, (start, end) in claimed):
            continue
        after = _UNIT.match(body[match.end():])
        unit = None if after is None else "old" if after.group(1) else after.group(2).lower()
        for slot in wanting:
            value = _NUMBER_READERS[slot](match.group(0), unit)
            if value is not None:
                result[slot] = Mention(value, ((match.start(), match.end()),))
        break
    return result


def _is_bare_count(fragment: str) -> bool:
    """A count read from a number without "scars", "of them" or a count word."""
    return not re.search(r"\b(?:scars?|pits|of them|few|couple|handful|dozens?|lots|loads|"
                         r"tons|many|countless)\b", fragment, re.IGNORECASE)
