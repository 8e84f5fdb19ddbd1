"""Read a visitor's free-text (or button) answer into a stored value, or None if it isn't one.

Each parser is strict enough that "what are ice pick scars?" is not taken as an answer, and
loose enough for "yeah", "ice pick and rolling", "around 30", "I'm 25". Names, numbers and
email addresses are read by bot.contact. Spanish and Spanglish answers ("sí, de picahielo",
"como 3 o 4", "tengo veinticinco años") reach these parsers in the English words of
bot.intake.spanish_answers (questions.Question.read, mentions.mention); accents are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Dict, List, Sequence, Tuple

from bot.intake.spanish_answers import as_english, fold

_WORD = re.compile(r"[a-z0-9']+")


# Texting shorthand, read as the words it stands for ("u cant rly see them" is "you can't
# really see them"), so that every question's keywords match it.
SHORTHAND = {
    "u": "you", "ur": "your", "rly": "really", "rlly": "really", "realy": "really", "w": "with",
    "txt": "text", "pls": "please", "plz": "please", "bc": "because",
    "cuz": "because", "ppl": "people", "tho": "though", "cant": "can't", "wont": "won't",
    "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't", "idk": "not sure",
    "dunno": "not sure", "def": "definitely", "prob": "probably", "nvm": "never mind",
}


def _words(text: str) -> List[str]:
    # Accents dropped: "sí" is "si", a yes.
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return _shorthand_read(plain, _WORD)


def _shorthand_read(lowered: str, token: re.Pattern[str]) -> List[str]:
    """The tokens of a lowercased text, shorthand written out ("w/" and "u" too)."""
    tokens = token.findall(lowered.replace("-", " ").replace("w/", "with "))
    return [part for found in tokens for part in SHORTHAND.get(found, found).split()]


def _normal(text: str) -> str:
    return " ".join(_words(text))


# "not boxcar", "no laser", "never tried laser or peels": a choice named after a negation is
# not chosen. A negation reaches over a verb or two ("haven't tried any") and along "or".
NEGATIONS = {"not", "no", "never", "without", "hardly", "barely", "isn't", "aren't", "wasn't",
             "don't", "dont", "didn't", "didnt", "haven't", "havent", "hasn't", "nor"}
_NEGATION_REACHES_OVER = {"tried", "had", "done", "did", "used", "got", "gotten", "have", "get",
                          "do", "use", "on", "taking", "take", "really", "been", "any", "a",
                          "an", "the", "ever", "yet", "even", "to", "my"}
_CHAINS = {"or", "nor"}
_TOKEN = re.compile(r"[a-z0-9']+|[,;.!?]")


def _keyword_spans(normal: str, keyword: str) -> List[Tuple[int, int]]:
    # A keyword's last word may carry a plural or third-person "s" ("always burns").
    pattern = rf"(?<![a-z0-9']){re.escape(keyword)}(?:e?s)?(?![a-z0-9'])"
    return [match.span() for match in re.finditer(pattern, normal)]


def _negated(before: List[str], previous_negated: bool) -> bool:
    """Whether a keyword after these tokens is negated; `previous_negated` tells whether the
    keyword just before an "or" was."""
    if before and before[-1] in _CHAINS:
        return previous_negated
    for token in reversed(before[-4:]):
        if token in NEGATIONS:
            return True
        if token not in _NEGATION_REACHES_OVER:
            return False
    return False


def parse_choices(
    text: str,
    choices: Dict[str, Sequence[str]],
    none_value: str | None = None,
) -> List[str] | None:
    """Every choice whose keywords appear in the text, in the order of `choices`.

    A keyword inside a longer one does not count ("dark brown" is not also "brown"), nor one
    after a negation ("rolling, not boxcar"). `none_value` ("none", "unsure") stands alone
    when it is named.
    """
    normal = " ".join(_shorthand_read(fold(text), _TOKEN))
    spans = sorted((span, value) for value, keywords in choices.items()
                   for keyword in keywords for span in _keyword_spans(normal, keyword))
    kept = set()
    previous_negated = False
    for (start, end), value in spans:
        # Inside a longer keyword, of another choice or its own ("pick" in "not ice pick").
        if any(o_start <= start and end <= o_end and (o_end - o_start) > (end - start)
               for (o_start, o_end), _ in spans):
            continue
        previous_negated = _negated(normal[:start].split(), previous_negated)
        if not previous_negated:
            kept.add(value)
    found = [value for value in choices if value in kept]
    if none_value and none_value in found:
        return [none_value]
    return found or None


def parse_treatments(text: str, choices: Dict[str, Sequence[str]]) -> List[str] | None:
    """Treatments tried before; "none" only when nothing else is named ("no laser, just
    peels" is peels)."""
    found = parse_choices(text, {key: words for key, words in choices.items() if key != "none"})
    if found:
        return found
    return ["none"] if parse_choices(text, {"none": choices["none"]}) else None


def parse_choice(
    text: str, choices: Dict[str, Sequence[str]], prefer: Sequence[str] = ()
) -> str | None:
    """The single choice named in the text; None if none or, unless one of `prefer` is among
    them, more than one is named."""
    found = parse_choices(text, choices)
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    preferred = [value for value in prefer if value in found]
    return preferred[0] if preferred else None


YES_WORDS = {"yes", "yeah", "yep", "yup", "ya", "yea", "y", "sure", "correct", "true", "si",
             "affirmative", "definitely", "currently", "right",
             # South Texas Spanish: "ándale", "órale", "simón", "sale"
             "andale", "orale", "simon", "sale"}
NO_WORDS = {"no", "nope", "nah", "n", "never", "none", "negative", "not", "dont", "don't",
            "haven't", "havent", "isn't", "nothing"}
UNSURE_PHRASES = ("not sure", "dont know", "don't know", "unsure", "maybe", "no idea",
                  "idk", "can't remember", "cant remember", "not certain", "i think so",
                  "i guess", "probably", "possibly", "kind of", "sort of", "not that i know",
                  "might be", "could be", "i believe so", "perhaps")
_SAID_YES = re.compile(r"^(i am|i'm|im|i do|i have|i did|i take|i get|i've|ive|on|taking)\b")
# "I'm fine", "I'm a guy": an "I'm" that says nothing about the question asked.
_SAYS_NOTHING = re.compile(
    r"^(i am|i'm|im) (just )?(fine|good|ok|okay|healthy|well|alright|all good|great|"
    r"(a |an )?(old )?(man|guy|woman|girl|lady|dude|male|female))\b")
_SAID_NO = re.compile(r"^(i don|i haven|i am not|i'm not|im not|i do not|i have not)")
# A plain "doesn't apply" answers any safety question: it is a no.
NOT_APPLICABLE = re.compile(
    r"\b(does ?n'?t|does not|do ?n'?t|wouldn'?t) apply\b|\bnot applicable\b|"
    r"\bn a\b|\bnot relevant\b"
)


def parse_yes_no(
    text: str,
    not_applicable: re.Pattern[str] | None = None,
    yes_cues: re.Pattern[str] | None = None,
) -> str | None:
    """'yes', 'no' or 'unsure' for a safety question; never 'no' for a mixed or hedged answer.

    "I'm pregnant, not breastfeeding" or "on blood thinners, not aspirin though" says yes and
    no at once: that is 'unsure', flagged for the provider to ask about. `not_applicable` is
    what makes this question not apply to the visitor ("I'm a guy" to the pregnancy question):
    a no, unless the rest of the message says yes. `yes_cues` are words that say yes on their
    own ("daily low-dose aspirin" to the blood-thinner question) unless the message says no.
    """
    normal = _normal(text)
    if not normal:
        return None
    for pattern in (NOT_APPLICABLE, not_applicable):
        if pattern is not None and pattern.search(normal):
            rest = pattern.sub(" ", normal)
            return "unsure" if _reads_yes(rest, yes_cues, plain=False) else "no"
    if any(phrase in normal for phrase in UNSURE_PHRASES):
        return "unsure"
    words = set(_words(text))
    starts_no = bool(_SAID_NO.match(normal))
    said_no = bool(words & NO_WORDS) or starts_no
    # "I'm not pregnant" starts like "I'm pregnant" but says no.
    said_yes = _reads_yes(normal, yes_cues, plain=not starts_no)
    if said_no and said_yes and not _plain_no(normal):
        return "unsure"
    if said_no:
        return "no"
    if said_yes:
        return "yes"
    return None


def _reads_yes(normal: str, yes_cues: re.Pattern[str] | None, plain: bool = True) -> bool:
    """A yes word, a yes cue that is not negated, or (when `plain`) "I'm ...", "I take ..."."""
    normal = " ".join(normal.split())
    if set(normal.split()) & YES_WORDS:
        return True
    if plain and _SAID_YES.match(normal) and not _SAYS_NOTHING.match(normal):
        return True
    return yes_cues is not None and any(
        not _negated(normal[:match.start()].split(), False)
        for match in yes_cues.finditer(normal))


def _plain_no(normal: str) -> bool:
    # "no i'm not", "no i don't", "i'm not": a no said twice is still only a no.
    return bool(re.fullmatch(r"(no|nope|nah)?\s*(i'?m not|im not|i am not|i don'?t|i do not|"
                             r"i haven'?t|i have not|not really|never|no)?( at all| ever)?",
                             normal))


# Consent is recorded only from its button or an unmistakable answer (the whole message).
CONSENT_YES = {
    "yes", "y", "yes i agree", "i agree", "agree", "agreed", "sure", "ok", "okay", "ok sure",
    "yes please", "yeah", "yep", "yup", "yes you may", "yes that's fine", "yes thats fine",
    "of course", "absolutely", "i consent", "yes i consent", "sure thing", "go ahead",
    "yes send me offers", "sounds good", "that's fine", "thats fine", "fine", "yes sure",
    "yes ok", "ok yes", "yes of course", "sure go ahead", "yeah sure", "yes definitely",
}
CONSENT_NO = {
    "no", "n", "no thanks", "no thank you", "nope", "nah", "i don't agree", "i dont agree",
    "i do not agree", "i decline", "decline", "no i don't", "no i dont", "no i do not",
    "don't", "dont", "do not", "no way", "no don't", "no dont", "no please don't",
    "no please dont", "i don't consent", "i dont consent", "i do not consent", "not now",
    "no thanks i'm good", "no thanks im good", "no i don't want that", "no i dont want that",
}


# A yes in other words: a message made only of yes words ("ok", "fine", "go ahead", "you can")
# and words about what is agreed to ("store it", "keep my info", "send me offers"). Any other
# word ("but", "if", "not", "guess", "who", a name) leaves it unread: a hedge or a condition
# must never become a yes.
_CONSENT_YES_PHRASES = re.compile(
    r"\b(?:yes|yeah|yep|yup|ya|yea|sure|ok|okay|okey|k|kk|fine|agree|agreed|consent|"
    r"absolutely|definitely|certainly|alright|all right|of course|go ahead|go for it|"
    r"sounds good|sounds great|no problem|not a problem|no worries|don'?t mind|do not mind|"
    r"that works|works for me|by all means|please do|you can|you may|happy to|cool|perfect|"
    r"totally|i do|sure thing|why not|andale|orale|sale|simon|okey|va pues|dale|va)(?![\w'])")
# A no in other words: "no, no quiero promociones", "no me manden nada", "prefiero que no",
# "please don't keep anything", as long as no yes word or condition is in it.
_CONSENT_NO_PHRASES = re.compile(
    r"^(?:no|nope|nah|nel)\b(?! (?:problem|worries))|\b(?:don'?t|do not) (?:want|store|keep|"
    r"save|send)\b|\bno quiero\b|\bprefer(?:iero que)? no\b|\bno me (?:manden|envien|mandes|"
    r"guarden)\b|\bplease don'?t\b")
_CONSENT_CONDITION = re.compile(r"\b(?:but|if|unless|only|pero|solo|nomas|except)\b")
_CONSENT_YES_FILLERS = {
    "please", "thanks", "thank", "you", "that", "that's", "thats", "this", "is", "it",
    "it's", "its", "me", "by", "with", "i", "i'm", "im", "am", "my", "info", "information",
    "details", "data", "answers", "contact", "store", "keep", "save", "use", "have", "record",
    "them", "these", "all", "of", "the", "to", "do", "and", "so", "then", "well", "oh", "ah",
    "send", "offers", "news", "emails", "deals", "promotions", "updates", "too", "really",
    "very", "much", "dear", "good", "for", "now", "can", "may", "lol", "haha", "great",
    "totally", "go", "ahead", "course", "stuff", "number", "email", "also", "sure",
    "porfa", "porfis", "mandame", "mandenme", "manden", "promos", "ofertas", "promociones",
    "pues",
}
_CONSENT_QUESTION = re.compile(
    r"\?|^(what|how|why(?! not)|when|where|who|which|is|are|do(?! it)|does|can|could|will|"
    r"would|should|may|did)\b")


def parse_consent(text: str) -> str | None:
    """'yes' or 'no' only for an unmistakable answer; anything else (a hedge, a question, "I'm
    good", "I have concerns") is None, and the question is asked again with its buttons."""
    text = as_english(text)
    if _CONSENT_QUESTION.search(text.strip().lower()) or "\u00bf" in text:
        return None
    normal = _normal(text)
    if normal in CONSENT_YES:
        return "yes"
    if normal in CONSENT_NO:
        return "no"
    rest = _CONSENT_YES_PHRASES.sub(" + ", normal).split()
    if "+" in rest and all(word == "+" or word in _CONSENT_YES_FILLERS for word in rest):
        return "yes"
    if (_CONSENT_NO_PHRASES.search(normal) and "+" not in rest
            and not _CONSENT_CONDITION.search(normal)):
        return "no"
    return None


_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "dozen": 12,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}


def first_number(text: str) -> int | None:
    """The first number in the text, in digits or words: "25", "twenty five", "a dozen"."""
    words = _words(text)
    for index, word in enumerate(words):
        if word.isdigit():
            return int(word)
        if (approximate := re.fullmatch(r"(\d+)(?:ish|s|th)", word)):
            return int(approximate[1])  # "20ish", "the 30s"
        if word in _TENS:
            following = words[index + 1] if index + 1 < len(words) else ""
            unit = _UNITS.get(following, 0)
            return _TENS[word] + (unit if 0 < unit < 10 else 0)
        if word == "hundred":
            return 100
        if word in _UNITS:
            return _UNITS[word]
    return None


def parse_scar_count(text: str) -> str | None:
    """Goodman & Baron's count bands: 'up_to_10', '11_to_20', 'over_20'."""
    normal = _normal(text)
    raw = text.lower()
    if (plus := re.search(r"(\d+)\s*\+", raw)) and int(plus[1]) >= 20:
        return "over_20"  # "20+"
    if (dashed := re.search(r"\b(\d+)\s*[-\u2013]\s*(\d+)\b", raw)):
        normal = normal.replace(f"{dashed[1]} {dashed[2]}", f"{dashed[1]} to {dashed[2]}", 1)
    if re.search(r"\bnot (that |so |too |very )?many\b", normal):
        normal = re.sub(r"\bnot (that |so |too |very )?many\b", "a few", normal)
    if re.search(r"\b(over|more than|above)\s+20\b", normal) or re.search(
        r"\b(lots|a lot|alot|loads|tons|heaps|dozens|hundreds|too many|so many|countless|"
        r"many)\b", normal
    ):
        return "over_20"
    if re.search(r"\b(11|eleven)\s*(to|-)?\s*20\b", normal):
        return "11_to_20"
    low_high = re.search(r"\b(\d+)\s*(?:to|and|or)\s*(\d+)\b", normal)
    if low_high and int(low_high[1]) < int(low_high[2]) <= 1000:
        # "10 to 15", "between 10 and 20": the middle of the range.
        middle = (int(low_high[1]) + int(low_high[2])) / 2
        return "up_to_10" if middle <= 10 else "11_to_20" if middle <= 20 else "over_20"
    if re.search(r"\b(a few|few|a couple|couple|handful|some)\b", normal) and \
            first_number(normal) is None:
        return "up_to_10"
    number = first_number(normal)
    if number is None or number > 1000:
        return None
    if number <= 10:
        return "up_to_10"
    return "11_to_20" if number <= 20 else "over_20"


def parse_years(text: str) -> str | None:
    """How long the scars have been there: 'under_1', '1_to_5', 'over_5'."""
    normal = _normal(text)
    if re.search(r"\b(months?|weeks?|recent|recently|new)\b", normal) and "year" not in normal:
        return "under_1"
    if re.search(r"\b(forever|decades?|since (i was )?(a |an |in |my )?(teens?|teenager|"
                 r"adolescen\w*|kid|child|little|young\w*|high school|middle school|"
                 r"junior high|college|university|uni|puberty|twenties|20s)|"
                 r"(most|half|all) (of )?my life|my whole life|years and years|ages|"
                 r"long time)\b", normal):
        return "over_5"
    if re.search(r"\b(over|more than)\s+5\b", normal):
        return "over_5"
    if re.search(r"\b(less than|under)\s+(a|1|one)\s+year\b", normal):
        return "under_1"
    number = first_number(text)
    if number is None:
        return "1_to_5" if re.search(r"\b(a year|a few years|couple of years)\b", normal) else None
    this_year = date.today().year
    if 1900 <= number <= this_year:
        number = this_year - number  # "since 2015"
    if number < 1:
        return "under_1"
    return "1_to_5" if number <= 5 else "over_5"


MIN_AGE, MAX_AGE = 10, 110


# A year of birth ("born in 1990", "nací en el 89", "soy del 97", a lone "1985"): the age is
# the years since, which may be one too many before the birthday; the assessment needs no more.
_BORN_IN = re.compile(
    r"\b(?:born|naci|nacio|soy del?|i.?m del?|del ano)\b(?: (?:in|en|on))?"
    r"(?: (?:el|the|ano|year))? '?(\d{4}|\d{2})\b")
_LONE_YEAR = re.compile(r"^\W*((?:19|20)\d\d)\W*$")
# The age to come ("turning 29", "cumplo 29 en marzo", "voy para los 29") beside the age now.
_AGE_TO_COME = re.compile(
    r"\b(?:turning|turn|gonna be|going to be|will be|cumplo|voy a cumplir|voy para(?: los)?)"
    r" (\d+)\b")


def parse_age(text: str, today: date | None = None) -> int | None:
    plain = _normal(text)
    year = _BORN_IN.search(plain) or _LONE_YEAR.match(plain)
    if year:
        return _age_from_birth_year(year.group(1), (today or date.today()).year)
    number = first_number(text)
    coming = _AGE_TO_COME.search(plain)
    if coming:
        others = [int(found) for found in re.findall(r"\b\d+\b", plain[:coming.start(1)]
                                                      + plain[coming.end(1):])]
        number = next((other for other in others if MIN_AGE <= other <= MAX_AGE),
                      int(coming.group(1)) - 1)
    if number is None or not MIN_AGE <= number <= MAX_AGE:
        return None
    return number


def _age_from_birth_year(written: str, this_year: int) -> int | None:
    year = int(written)
    if len(written) == 2:
        year += 2000 if 2000 + year <= this_year else 1900
    age = this_year - year
    return age if MIN_AGE <= age <= MAX_AGE else None
