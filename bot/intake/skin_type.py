"""Fitzpatrick skin type from how a visitor says their skin reacts to the sun.

People describe it in any order and words: "I burn sometimes and tan slowly", "tan easily, dont
really burn", "burn easily never tan", "never burn, my skin is dark brown". Each mention of
burning and of tanning is read with the words next to it (how often, how easily, negated or
not), as is a colour of skin ("fair", "olive", "dark brown"); each gives one of the four bands
the clinic uses, and together they give their rounded-up middle. Rounding up leans to the
darker type, whose risk of dark marks after treatment is the higher one to miss. Spanish
("me quemo fácil, casi nunca me bronceo", "piel morena") arrives in the English words of
bot.intake.spanish_answers.
"""

from __future__ import annotations

import math
import re
from typing import Dict, List, Sequence, Tuple

from bot.intake.spanish_answers import fold

BANDS = ("I-II", "III", "IV", "V-VI")

# Several words that act as one, joined before reading ("don't really" -> "dont_really").
_PHRASES = (
    "almost never", "nearly never", "hardly ever", "barely ever", "very rarely", "very seldom",
    "not often", "not really", "not much", "not very", "not that", "a little", "a bit",
    "a lot", "every time", "all the time", "right away", "at first", "after a while",
    "over time", "with difficulty", "now and then", "once in a while", "do not", "does not",
    "did not", "can not", "will not", "not easily", "really dark", "very dark", "so dark",
)
_BURN = re.compile(
    r"\b(?:sun ?)?(?:burn|burns|burned|burnt|burning)\b|"
    r"\b(?:go|goes|going|turn|turns|turning|get|gets|getting)\s+(?:red|pink|lobster red)\b")
_TAN = re.compile(
    r"\b(?:tan|tans|tanned|tanning|bronze|bronzes)\b|"
    r"\b(?:go|goes|going|turn|turns|turning|get|gets|getting)\s+(?:brown|darker)\b")
_NEGATIONS = {"never", "dont", "not", "cant", "cannot", "wont", "doesnt", "didnt",
              "do_not", "does_not", "did_not", "can_not", "will_not", "isnt", "havent"}
# Words that say how often or whether: they belong to the verb after them when a word sits
# between two verbs ("burn easily never tan": "never" is about tanning).
_BEFORE_VERB = {*_NEGATIONS, "always", "usually", "often", "sometimes", "occasionally",
                "rarely", "seldom", "hardly", "barely", "almost", "generally", "normally",
                "mostly", "typically", "then", "eventually", "almost_never", "nearly_never",
                "hardly_ever", "barely_ever", "very_rarely", "very_seldom", "not_often",
                "not_really", "dont_really", "mildly", "slightly"}
# Words that say how: they belong to the verb before them.
_AFTER_VERB = {"easily", "easy", "quickly", "fast", "slowly", "gradually", "well", "deeply",
               "dark", "darker", "badly", "bad", "first", "really", "very", "so", "much",
               "some", "moderately", "minimally", "nicely", "immediately", "instantly", "that",
               "little", "a_little", "a_bit", "a_lot", "every_time", "all_the_time",
               "right_away", "at_first", "after_a_while", "over_time", "with_difficulty",
               "now_and_then", "once_in_a_while", "not_much", "not_very", "not_that",
               "not_easily", "really_dark", "very_dark", "so_dark", "super", "afterwards",
               "after", "kinda", "ok", "okay", "good", "great", "quick", "red", "pink"}
_MODIFIERS = _BEFORE_VERB | _AFTER_VERB

# A colour of skin (or its type), each with its band; longer names first.
# A Fitzpatrick type named as such ("type III", "fitzpatrick 3", "a 4 on the fitzpatrick
# scale"), as nurses and people who have had skin treatments say it.
_TYPE_NAMES = ("(?:1|2|i|ii|one|two|uno|dos)(?: (?:2|ii|two|dos))?", "(?:3|iii|three|tres)",
               "(?:4|iv|four|cuatro)", "(?:5|6|v|vi|five|six|cinco|seis)(?: (?:6|vi|six|seis))?")
_TYPE_BEFORE = ("(?:fitzpatrick (?:skin )?type|fitzpatrick|fitz|skin type|type|"
                "tipo de piel|(?:soy |es )?tipo)")
_TYPE_AFTER = "(?:a |an )?{} on (?:the )?fitz(?:patrick)?(?: scale)?"
_COLOURS: Tuple[Tuple[str, int], ...] = (
    *((f"{_TYPE_BEFORE} {name}", band) for band, name in enumerate(_TYPE_NAMES, start=1)),
    *((_TYPE_AFTER.format(name), band) for band, name in enumerate(_TYPE_NAMES, start=1)),
    # A Roman numeral alone is a Fitzpatrick type; a digit alone could be a button's place.
    *((f"^{numeral}$", band) for numeral, band in (
        ("ii", 1), ("i ii", 1), ("iii", 2), ("iv", 3), ("v", 4), ("vi", 4), ("v vi", 4))),
    ("deeply pigmented", 4), ("dark brown", 4), ("very dark", 4), ("dark skin\\w*", 4),
    ("dark complexion", 4), ("black", 4), ("ebony", 4), ("deep skin\\w*", 4),
    ("moderate brown", 3), ("light brown", 2), ("brown", 3),
    ("olive", 2), ("medium", 2), ("beige", 2),
    ("very fair", 1), ("fair", 1), ("pale", 1), ("porcelain", 1), ("freckl\\w*", 1),
    ("light skin\\w*", 1), ("white skin\\w*", 1), ("dark", 4),
)
_COLOUR = re.compile(r"\b(?:" + "|".join(f"(?:{name})" for name, _ in _COLOURS) + r")\b")
_COLOUR_NEGATED = re.compile(r"\b(?:not|isnt|arent|never)(?: very| that| so| really)?\s*$")

# Where a message talks about skin and sun at all (for reading it beside other answers).
TOPIC = re.compile(
    r"\b(?:sun ?)?(?:burn|burns|burned|burnt|sunburns?)\b|\b(?:tan|tans|tanned|tanning)\b|"
    r"\b(?:type|tipo) (?:1|2|3|4|5|6|i|ii|iii|iv|v|vi)\b|fitzpatrick|"
    r"\b(?:fair|pale|olive|light|medium|brown|dark|black|deep)(?: |-)?"
    r"(?:skin|skinned|complexion)\b")


def _normal(text: str) -> str:
    plain = fold(text).replace("\u2019", "'").replace("-", " ")
    plain = re.sub(r"(\w)'(\w)", r"\1\2", plain)  # "don't" -> "dont"
    return " ".join(re.findall(r"[a-z0-9]+|[,;.!?/]", plain))


def _tokens(normal: str) -> List[str]:
    """Words with burning and tanning as the verbs "BURN" and "TAN", phrases joined."""
    marked = _BURN.sub(" BURN ", normal)
    marked = _TAN.sub(" TAN ", marked)
    for phrase in _PHRASES:
        marked = re.sub(rf"\b{phrase}\b", phrase.replace(" ", "_"), marked)
    return marked.split()


_BOUNDARIES = {",", ";", ".", "!", "?", "/", "but", "and", "while", "though", "although",
               "however", "yet", "or"}


def _verb_modifiers(tokens: Sequence[str]) -> List[Tuple[int, List[int]]]:
    """Each verb with the modifiers that belong to it: a modifier goes to the nearest verb in
    its clause; at equal distance, one that says how often goes to the verb after it."""
    verbs = [index for index, token in enumerate(tokens) if token in ("BURN", "TAN")]
    owned: Dict[int, List[int]] = {index: [] for index in verbs}
    for index, token in enumerate(tokens):
        if token not in _MODIFIERS:
            continue
        best: Tuple[int, int, int] | None = None
        for verb in verbs:
            between = tokens[min(index, verb) + 1:max(index, verb)]
            # "tan but slowly": a "but" right between a verb and its word joins them.
            crossed = between != ["but"] and any(word in _BOUNDARIES for word in between)
            if crossed and not (token == "then" and verb > index):
                continue  # "burn, and then tan": "then" still leads to its verb
            distance = abs(index - verb)
            leans = 0 if (verb > index) == (token in _BEFORE_VERB) else 1
            key = (distance, leans, verb)
            if best is None or key < best:
                best = key
        if best is not None and best[0] <= 3:
            owned[best[2]].append(index)
    return [(index, owned[index]) for index in verbs]


_SOFTENERS = {"really", "easily", "easy", "usually", "often", "much", "that", "a_lot",
              "quickly", "always", "very", "too", "so", "fast", "quick"}


def _burn_band(words: List[str]) -> int:
    said = set(words)
    if said & {"almost_never", "nearly_never", "hardly_ever", "barely_ever", "very_rarely",
               "very_seldom", "never"}:
        return 4
    if said & _NEGATIONS:
        return 3 if said & _SOFTENERS else 4
    if said & {"rarely", "seldom", "hardly", "barely", "minimally", "not_often",
               "not_really", "dont_really", "not_much", "not_very", "not_that", "not_easily"}:
        return 3
    if said & {"sometimes", "occasionally", "a_little", "a_bit", "little", "mildly",
               "slightly", "moderately", "some", "at_first", "first", "now_and_then",
               "once_in_a_while", "kinda", "pink"}:
        return 2
    return 1


def _tan_band(words: List[str]) -> int:
    said = set(words)
    if said & (_NEGATIONS | {"rarely", "seldom", "hardly", "barely", "minimally",
                             "almost_never", "nearly_never", "hardly_ever", "barely_ever",
                             "very_rarely", "very_seldom", "not_often", "not_really",
                             "dont_really", "not_much", "not_very", "not_that", "not_easily",
                             "with_difficulty"}):
        return 1
    if said & {"slowly", "gradually", "eventually", "sometimes", "occasionally", "a_little",
               "a_bit", "little", "some", "slightly", "moderately", "after", "afterwards",
               "then", "after_a_while", "over_time", "kinda", "ok", "okay", "mildly"}:
        return 2
    if said & {"deeply", "dark", "darker", "really_dark", "very_dark", "so_dark"}:
        return 4
    return 3


def _colour_bands(tokens: Sequence[str], used: set[int]) -> List[int]:
    """The bands of the skin colours named, leaving out words read with a verb ("tan
    dark") and negated ones ("not that fair")."""
    words = ["#" if index in used else token.replace("_", " ")
             for index, token in enumerate(tokens)]
    plain = " ".join(words)
    found: List[int] = []
    for match in _COLOUR.finditer(plain):
        if _COLOUR_NEGATED.search(plain[:match.start()]):
            continue
        found.append(next(band for name, band in _COLOURS
                          if re.fullmatch(name, match.group(0))))
    return found


def parse_skin_type(text: str) -> str | None:
    """'I-II', 'III', 'IV' or 'V-VI' from a description of skin and sun, or None."""
    tokens = _tokens(_normal(text))
    verbs = _verb_modifiers(tokens)
    bands = [(_burn_band if tokens[verb] == "BURN" else _tan_band)([tokens[i] for i in owned])
             for verb, owned in verbs]
    used = {index for _, owned in verbs for index in owned}
    bands += _colour_bands(tokens, used)
    if not bands:
        return None
    return BANDS[math.ceil(sum(bands) / len(bands) - 1e-9) - 1]
