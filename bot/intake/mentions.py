"""Where a message speaks explicitly about one of the intake's questions, and what it says.

The question that was asked is read loosely ("yeah", "a few", "fair"); another question is read
from a message only when the message names it unmistakably: "around 12" (a count), "cheeks and
chin", "I'm 34", "I'm not pregnant", "no blood thinners", "my number is 210 555 0199". These
mentions let one message answer several questions and let a visitor correct an earlier answer
at any point. A safety question is never taken from a vague word: its topic must be named.

A message is cut into fragments at punctuation and at "and", "but", "plus", ...; each question
is read from the fragments that mention it, and reports the spans it used. A Spanish message
is read in the English words of bot.intake.spanish_answers ("tengo 34 años y no estoy
embarazada"); the spans are those of that reading (`read_as`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Sequence, Tuple

import phonenumbers

from bot import contact
from bot.intake import answers, skin_type
from bot.intake.questions import (
    ACTIVE_ACNE,
    CONTACT_METHODS,
    CONTACT_TIMES,
    QUESTIONS,
    SCAR_AREAS,
)
from bot.intake.spanish_answers import as_english, fold

Span = Tuple[int, int]


@dataclass(frozen=True)
class Mention:
    value: Any
    spans: Tuple[Span, ...]


_NUMBER_WORDS = "|".join(sorted((*answers._UNITS, *answers._TENS), key=len, reverse=True))
NUMBER = rf"(?:\d+|(?:{_NUMBER_WORDS})(?:[\s-](?:{_NUMBER_WORDS}))?)"
# "and" joins two answers ("rolling and I'm 34"), except between numbers ("between 10 and 20").
_SPLIT = re.compile(
    r"[,;!?\n]+|(?<!\d)\.|\.(?!\d)|\s+-\s+|"
    r"\s+(?:and|but|plus|also|though|although|so|&)\s+",
    re.IGNORECASE,
)
_TITLE_BEFORE = re.compile(r"\b(?:mr|mrs|ms|dr|sr|sra|srta|jr|st)$", re.IGNORECASE)
_ENDS_WITH_NUMBER = re.compile(rf"\b{NUMBER}\s*$", re.IGNORECASE)
_STARTS_WITH_NUMBER = re.compile(rf"^\s*{NUMBER}\b", re.IGNORECASE)


def fragments(text: str) -> List[Span]:
    """The spans of the message's fragments, without the separators."""
    spans, start = [], 0
    for separator in _SPLIT.finditer(text):
        before, word = text[start:separator.start()], separator.group(0).strip().lower()
        if word == "and" and _ENDS_WITH_NUMBER.search(before) and _STARTS_WITH_NUMBER.match(
                text[separator.end():]):
            continue
        if word == "." and _TITLE_BEFORE.search(before):
            continue  # "Mrs. Dolores Villarreal" is one name
        spans.append((start, separator.start()))
        start = separator.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _normal(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", fold(text).replace("-", " ")))


def read_as(text: str) -> str:
    """The text as the readers read it: Spanish answer phrases in English words. Spans of a
    mention are positions in this text."""
    return as_english(text)


# --- what each question's fragments look like ---------------------------------------------

_AGE = re.compile(
    rf"\b(?:i'?m|im|i am|age|aged|age is|turning|turned|just turned)\s+"
    rf"(?:about\s+|almost\s+|nearly\s+|just\s+|only\s+)?({NUMBER})\b"
    rf"(?!\s*(?:scars?|years? ago|months?|weeks?|of them|percent))"
    rf"|\b({NUMBER})\s*(?:years? old|yrs? old|y o|yo)\b"
)
_YEARS = re.compile(
    rf"\b(?:{NUMBER}|a|a few|a couple of|couple of|a couple)\s*\+?\s*(?:years?|yrs?|months?)\b"
    rf"(?!\s*old)"
    r"|\bsince (?:i was (?:a |in )?)?(?:teen|teenager|kid|child|high school|college|"
    r"middle school|my teens|puberty)\b|\b(?:less than|under) (?:a|one|1) year\b"
)
_NOT_A_COUNT = re.compile(
    r"\b(years?|yrs?|months?|weeks?|days?|old|age|aged|times?|breakouts?|sessions?|"
    r"treatments?|aspirin|pills?|mg|am|pm|o'?clock)\b|\b(i'?m|im|i am)\s+\d"
)
_COUNT_WORDS = (r"lots|loads|tons|dozens|hundreds|too many|so many|countless|a few|a couple|"
                r"a handful|handful|not many|a dozen|dozen")
_COUNT_FILLERS = {
    "about", "around", "roughly", "approximately", "approx", "maybe", "probably", "like", "more",
    "closer", "to", "or", "so", "ish", "scars", "scar", "of", "them", "i", "have", "ive",
    "i've", "got", "there", "are", "theres", "there's", "it's", "its", "it", "is", "at",
    "least", "over", "than", "less", "under", "up", "nearly", "almost", "just", "only", "say",
    "guess", "i'd", "id", "a", "total", "in", "all", "some", "between", "and", "really",
    "actually", "prob", "fewer", "above", "probs", "ones", "those", "these",
}
_COUNT_OF_SCARS = re.compile(
    rf"\b(?:{NUMBER}|{_COUNT_WORDS})\s+(?:\w+\s+)?(?:scars|of them|pits)\b")


def _count(fragment: str) -> Any:
    normal = _normal(fragment)
    if _NOT_A_COUNT.search(normal) or sum(ch.isdigit() for ch in normal) >= 5:
        return None
    if len(re.findall(rf"\b(?:{_NUMBER_WORDS}|oh)\b", normal)) >= 4:
        return None  # a phone number said digit by digit
    counted = re.sub(rf"\b(?:{NUMBER}|{_COUNT_WORDS})\b", " # ", normal).split()
    rest = [word for word in counted if word != "#" and word not in _COUNT_FILLERS]
    if "#" not in counted or (rest and not _COUNT_OF_SCARS.search(normal)):
        return None
    if counted == ["#"] and not re.search(_COUNT_WORDS, normal):
        return None  # a bare "34" could be an age or anything else
    return answers.parse_scar_count(normal)


def _age(fragment: str) -> Any:
    match = _AGE.search(_normal(fragment))
    return answers.parse_age(match.group(1) or match.group(2)) if match else None


# Words around a duration that keep it about the scars ("I've had them for about 5 years");
# anything else ("stopped it 2 months back") makes it about something else.
_YEARS_FILLERS = {
    "for", "about", "around", "over", "more", "than", "less", "almost", "nearly", "like",
    "maybe", "roughly", "i've", "ive", "i", "had", "have", "them", "they've", "theyve", "been",
    "there", "it's", "its", "it", "now", "so", "or", "probably", "actually", "the", "past",
    "last", "already", "just", "under", "at", "least", "ish", "in", "total", "since", "they",
    "were", "was", "a", "good", "well", "prob", "oh", "sorry", "my", "scars", "these", "those",
}


def _years(fragment: str) -> Any:
    normal = _normal(fragment)
    duration = _YEARS.search(normal)
    if not duration or re.search(r"\b(years? old|yrs? old|ago)\b", normal):
        return None
    rest = (normal[:duration.start()] + " " + normal[duration.end():]).split()
    if any(word not in _YEARS_FILLERS for word in rest):
        return None
    return answers.parse_years(normal)


def _choices(choices: Dict[str, Sequence[str]]) -> Callable[[str], Any]:
    return lambda fragment: answers.parse_choices(fragment, choices)


def _choice_about(topic: str, choices: Dict[str, Sequence[str]], prefer: Sequence[str] = ()
                  ) -> Callable[[str], Any]:
    """One choice, read only from a fragment that names the question's topic."""
    pattern = re.compile(topic)
    return lambda fragment: (answers.parse_choice(fragment, choices, prefer)
                             if pattern.search(_normal(fragment)) else None)


def _yes_no_about(slot: str, topic: str) -> Callable[[str], Any]:
    """A safety answer, read only from a fragment that names its topic."""
    pattern = re.compile(topic)
    return lambda fragment: (QUESTIONS[slot].read(fragment)[0]
                             if pattern.search(_normal(fragment)) else None)


# Unmistakable words only: "holes", "marks" or "bumps" could be about anything.
TYPES_NAMED: Dict[str, Sequence[str]] = {
    "icepick": ("ice pick", "icepick", "pinprick", "pin prick"),
    "boxcar": ("boxcar", "box car"),
    "rolling": ("rolling",),
    "raised": ("raised scars", "hypertrophic"),
    "flat_marks": ("flat marks", "red marks", "dark marks", "discoloration", "discolouration",
                   "hyperpigmentation"),
}
# "back" alone could be "I'm back"; an area needs its own word or "my back".
AREAS_NAMED: Dict[str, Sequence[str]] = {
    **{area: words for area, words in SCAR_AREAS.items()
       if area not in ("back", "whole_face", "forehead")},
    "forehead": ("forehead",),
    "back": ("my back", "upper back", "lower back", "the back", "on back", "back and chest",
             "chest and back"),
    "whole_face": ("whole face", "entire face", "all over my face", "all of my face"),
}
VISIBILITY_NAMED: Dict[str, Sequence[str]] = {
    "hidden": ("hard to see", "only up close", "barely noticeable", "not noticeable",
               "not very noticeable", "not that noticeable", "hardly noticeable", "not visible",
               "can't see them", "cannot see them", "barely see them", "hardly see them",
               "makeup covers them", "make up covers them", "covered by makeup"),
    "noticeable": ("noticeable", "easy to see", "easily seen", "visible", "obvious",
                   "people notice", "people can see", "can definitely see", "can easily see",
                   "can clearly see", "everyone can see", "people can tell"),
    "stays_when_stretched": ("stay when i stretch", "stays when i stretch",
                             "stay when stretched", "there when i stretch",
                             "don't go away when i stretch"),
}
ACNE_TOPIC = (r"\b(break ?outs?|breaking out|break out|pimples?|zits?|active acne|cystic|"
              r"acne (now|still|these days|anymore)|my acne(?! scars?)|"
              r"(?:the|that) acne (?:question|one|thing|part|answer))\b")
ACNE_NAMED: Dict[str, Sequence[str]] = {
    "frequent": ("often", "frequent", "frequently", "constantly", "all the time", "regularly",
                 "still breaking out", "still break out", "still get", "every week", "a lot",
                 "always", "cystic"),
    "occasional": (*ACTIVE_ACNE["occasional"], "every month"),
    "none": ("no breakouts", "no more breakouts", "don't break out", "dont break out",
             "do not break out", "don't get breakouts", "dont get breakouts", "no longer",
             "not anymore", "anymore", "never", "none", "no active", "no acne", "cleared up"),
}
TREATMENTS_NAMED: Dict[str, Sequence[str]] = {
    "none": ("never had any treatment", "never had treatment", "no treatments", "no treatment",
             "haven't tried anything", "havent tried anything", "never tried anything",
             "nothing yet", "never been treated", "never treated them", "haven't had any",
             "havent had any"),
    "microneedling": ("microneedling", "micro needling", "dermapen", "dermaroller"),
    "laser": ("laser", "lasers", "fraxel", "co2 laser"),
    "peel": ("peel", "peels", "chemical peel"),
    "tca_cross": ("tca", "tca cross"),
    "subcision": ("subcision",),
    "punch": ("punch excision", "punch"),
    "fillers": ("filler", "fillers"),
    "creams": ("retinol", "retinoid", "tretinoin", "retin a", "differin", "creams"),
}
_TRIED = re.compile(r"\b(tried|had|did|done|used|using|use|been|got|gotten|went|treated|"
                    r"before|haven't|havent|never)\b")


def _treatments(fragment: str) -> Any:
    normal = _normal(fragment)
    if not _TRIED.search(normal):
        return None
    return answers.parse_treatments(fragment, TREATMENTS_NAMED)


SCREENING_TOPICS = {
    "isotretinoin_recent": r"\b(accutane|isotretinoin|roaccutane|absorica|claravis|amnesteem|"
                           r"myorisan|zenatane)\b",
    "pregnant_or_breastfeeding": r"\b(pregnan\w*|breast ?feed\w*|nursing|expecting|lactating|"
                                 r"male|(i'?m|im|i am)( just)?( a| an)?( old)? (man|guy|dude|"
                                 r"boy|father|dad|husband))\b",
    "keloid_tendency": r"\b(keloids?|hypertrophic)\b",
    "bleeding_risk": r"\b(blood thinners?|thinners?|aspirin|warfarin|coumadin|eliquis|"
                     r"apixaban|xarelto|rivaroxaban|plavix|clopidogrel|heparin|pradaxa|"
                     r"bleeding disorder|bleed easily|hemophilia|haemophilia|von willebrand)\b",
    "face_infection": r"\b(cold sores?|fever blisters?|herpes|impetigo|skin infection|"
                      r"infection on my face|infected)\b",
    "immune_suppression": r"\b(immune|immunosuppress\w*|steroids?|prednisone|chemo\w*|"
                          r"transplant|hiv|biologics?|methotrexate|humira|lupus)\b",
}

_NAME = re.compile(r"\b(?:my name is|my name's|name is|name's|this is)\s+(.+)$", re.IGNORECASE)
_METHOD = re.compile(
    r"\b(text|txt|email|e mail|phone|ring) me\b|\bcall me(?= back| in| at| on| after| before|"
    r" any| anytime| tomorrow| morning| afternoon| evening| please| later| whenever| if| now|"
    r" today|$)|\bby (text|phone|email|e mail|call|sms)\b|"
    r"\b(text|texts|texting|a call|calls|email|phone calls?) (is|are|would be|works) "
    r"(best|better|fine|good|easiest|great)\b|\bprefer (text|texts|texting|a call|calls|email)\b"
)
_TIME = re.compile(r"\b(mornings?|afternoons?|evenings?|any ?time|after work|before noon|"
                   r"whenever|all day|no preference)\b")

FragmentReader = Callable[[str], Any]
FRAGMENT_READERS: Dict[str, FragmentReader] = {
    "scar_types": _choices(TYPES_NAMED),
    "scar_count": _count,
    "scar_areas": _choices(AREAS_NAMED),
    "scar_visibility": lambda f: answers.parse_choice(f, VISIBILITY_NAMED,
                                                      prefer=("stays_when_stretched",)),
    "scar_years": _years,
    "active_acne": _choice_about(ACNE_TOPIC, ACNE_NAMED, prefer=("occasional",)),
    "skin_type": lambda f: (skin_type.parse_skin_type(f)
                            if skin_type.TOPIC.search(_normal(f)) else None),
    "previous_treatments": _treatments,
    **{slot: _yes_no_about(slot, topic) for slot, topic in SCREENING_TOPICS.items()},
    "age": _age,
    "contact_name": lambda f: contact.parse_name(m.group(1)) if (m := _NAME.search(f)) else None,
    "contact_method": lambda f: (answers.parse_choice(f, CONTACT_METHODS)
                                 if _METHOD.search(_normal(f)) else None),
    "contact_time": lambda f: (answers.parse_choice(f, CONTACT_TIMES)
                               if _TIME.search(_normal(f)) else None),
}
LIST_SLOTS = {"scar_types", "scar_areas", "previous_treatments"}
YES_NO_SLOTS = set(SCREENING_TOPICS)


def _phone(text: str) -> Mention | None:
    for match in phonenumbers.PhoneNumberMatcher(text, "US"):
        number, _ = contact.parse_phone(match.raw_string)
        if number:
            return Mention(number, ((match.start, match.end),))
    if contact.digits_in_words(text):
        number, _ = contact.parse_phone(text)
        if number:
            return Mention(number, ((0, len(text)),))
    return None


_EMAIL = re.compile(r"[^\s@<>,;:]+@[^\s@<>,;:]+\.[^\s@<>,;:]+")


def _email(text: str) -> Mention | None:
    match = _EMAIL.search(text)
    if not match:
        return None
    address, _ = contact.parse_email(match.group(0).rstrip("."))
    return Mention(address, (match.span(),)) if address else None


WHOLE_TEXT_READERS: Dict[str, Callable[[str], Mention | None]] = {
    "contact_phone": _phone,
    "contact_email": _email,
}


QUESTIONS_ORDER: Dict[str, Sequence[str]] = {
    "scar_types": tuple(TYPES_NAMED),
    "scar_areas": tuple(SCAR_AREAS),
    "previous_treatments": tuple(TREATMENTS_NAMED),
}


def _combine(slot: str, values: List[Any]) -> Any:
    if slot in LIST_SLOTS:
        merged = [item for value in values for item in value]
        if slot == "previous_treatments" and len(set(merged)) > 1:
            merged = [item for item in merged if item != "none"]
        return list(dict.fromkeys(merged))
    if len(set(values)) == 1:
        return values[0]
    # "I'm pregnant, not breastfeeding": yes and no at once is for the provider to ask about.
    return "unsure" if slot in YES_NO_SLOTS else None


def _topic_then_answer(text: str, spans: Sequence[Span], reader: Callable[[str], Any]
                       ) -> List[Tuple[Span, Any]]:
    """A topic named in one fragment and answered in the next: "I lied about the breakouts, I
    get them constantly", "wait, I do still have active acne, pretty often"."""
    for (start, _), (_, end) in itertools.pairwise(spans):
        value = reader(text[start:end])
        if value is not None:
            return [((start, end), value)]
    return []


def mention(slot: str, text: str) -> Mention | None:
    """What the message says, explicitly, about the question of `slot`; None if nothing.
    Its spans are positions in `read_as(text)`."""
    text = read_as(text)
    if slot in WHOLE_TEXT_READERS:
        return WHOLE_TEXT_READERS[slot](text)
    reader = FRAGMENT_READERS.get(slot)
    if reader is None:
        return None  # consent is only ever taken from its own question
    spans = fragments(text)
    found = [(span, value) for span in spans
             if (value := reader(text[span[0]:span[1]])) is not None]
    if not found:
        found = _topic_then_answer(text, spans, reader)
    if not found:
        return None
    value = _combine(slot, [value for _, value in found])
    if value is None or value == []:
        return None
    if slot in LIST_SLOTS:
        order = list(QUESTIONS_ORDER.get(slot, ()))
        value = sorted(value, key=lambda item: order.index(item) if item in order else 99)
    return Mention(value, tuple(span for span, _ in found))
