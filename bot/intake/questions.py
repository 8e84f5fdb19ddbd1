"""The intake's questions in order: what each accepts, and an example for a re-ask.

The wording a visitor sees is in domain.yml (`utter_ask_<slot>`); this module only knows how
to read the answers. Scar types and grades follow Jacob et al. (2001) and Goodman & Baron
(2006); skin types are Fitzpatrick's, in lay words (read in bot.intake.skin_type).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, Sequence, Tuple

from bot import contact
from bot.intake import answers
from bot.intake.skin_type import parse_skin_type
from bot.intake.spanish_answers import as_english, asks_instead_of_answering

SCAR_TYPES: Dict[str, Sequence[str]] = {
    "icepick": ("ice pick", "icepick", "pick", "pinprick", "pin prick", "narrow", "deep pits",
                "deep holes", "tiny holes", "holes", "pits", "pitted"),
    "boxcar": ("boxcar", "box car", "box", "square", "squarish", "round dents", "chickenpox",
               "chicken pox", "sharp edges", "dents"),
    "rolling": ("rolling", "wavy", "waves", "wave", "shallow", "uneven", "dips", "bumpy texture"),
    "raised": ("raised", "thick", "keloid", "keloids", "hypertrophic", "lumpy", "bumps"),
    "flat_marks": ("flat", "marks", "red marks", "dark marks", "dark spots", "discoloration",
                   "discolouration", "pigmentation", "brown spots"),
    "unsure": ("not sure", "dont know", "don't know", "unsure", "no idea", "idk"),
}

SCAR_AREAS: Dict[str, Sequence[str]] = {
    "cheeks": ("cheek", "cheeks", "side of my face", "sides of my face"),
    "forehead": ("forehead", "brow"),
    "temples": ("temple", "temples"),
    "chin": ("chin",),
    "jaw": ("jaw", "jawline"),
    "nose": ("nose",),
    "back": ("back",),
    "chest": ("chest",),
    "whole_face": ("whole face", "all over", "everywhere", "entire face", "all of my face"),
}

VISIBILITY: Dict[str, Sequence[str]] = {
    # Goodman & Baron grade 2, 3, 4 in lay words.
    "hidden": ("hard to see", "only up close", "up close", "covered", "makeup covers",
               "makeup hides", "make up hides", "concealer", "certain light", "lighting",
               "make up covers", "barely", "not very", "mild", "not noticeable",
               "not that noticeable", "not very noticeable", "hardly noticeable", "not visible",
               "can't see them", "cannot see them", "can't really see them", "not obvious",
               "only i notice", "only i can see", "only i can really see", "only me",
               "nobody notices", "no one notices", "nobody can see", "no one can see",
               "hard to notice", "barely see them", "hardly see them", "not really noticeable",
               "not really visible"),
    "noticeable": ("noticeable", "easy to see", "easily seen", "visible", "can see them",
                   "people ask", "ask about them", "comment on them",
                   "conversation", "moderate", "obvious", "see them", "people notice",
                   "people can see", "can definitely see", "can easily see", "can clearly see",
                   "everyone can see", "people can tell", "you can tell", "notice them"),
    "stays_when_stretched": ("stretch", "stretched", "stretching", "stay", "stays", "severe",
                             "very obvious", "really bad"),
}

ACTIVE_ACNE: Dict[str, Sequence[str]] = {
    "frequent": ("yes", "yeah", "often", "frequent", "frequently", "constantly", "all the time",
                 "regularly", "still breaking out", "active", "every week", "cystic"),
    "occasional": ("occasional", "occasionally", "sometimes", "now and then", "a few",
                   "not much", "not many", "a little", "hardly", "barely",
                   "once in a while", "rarely", "period", "monthly", "not often",
                   "here and there"),
    "none": ("no", "nope", "none", "not anymore", "cleared", "clear", "gone", "never",
             "not really", "no longer"),
}

PREVIOUS_TREATMENTS: Dict[str, Sequence[str]] = {
    "none": ("none", "nothing", "no", "never", "no treatments", "not yet"),
    "microneedling": ("microneedling", "micro needling", "dermapen", "dermaroller", "needling"),
    "laser": ("laser", "fraxel", "co2", "lasers"),
    "peel": ("peel", "peels", "chemical peel"),
    "tca_cross": ("tca", "cross"),
    "subcision": ("subcision",),
    "punch": ("punch", "excision"),
    "fillers": ("filler", "fillers"),
    "creams": ("cream", "creams", "retinol", "retinoid", "tretinoin", "serum", "otc",
               "drugstore", "over the counter"),
    "other": ("other", "something else"),
}

CONTACT_METHODS: Dict[str, Sequence[str]] = {
    "call": ("call", "phone call", "phone", "ring"),
    "text": ("text", "sms", "message", "texting", "texts"),
    "email": ("email", "e mail", "mail"),
}

CONTACT_TIMES: Dict[str, Sequence[str]] = {
    "morning": ("morning", "mornings", "am", "before noon", "early"),
    "afternoon": ("afternoon", "afternoons", "lunch", "lunchtime", "lunch time", "midday",
                  "noon", "after school", "after lunch"),
    "evening": ("evening", "evenings", "after work", "night", "late"),
    "any": ("any", "anytime", "any time", "whenever", "doesn't matter", "doesnt matter",
            "no preference", "all day"),
}


Reader = Callable[[str], Tuple[Any, str | None]]

# "after 5", "before 10am", "around 1pm": a clock time, with "am"/"pm" or a word before it.
_CLOCK = re.compile(
    r"\b(after|before|around|about|at|from|by|past)?\s*(\d{1,2})(?::\d\d)?\s*"
    r"(a\.?\s?m\.?|p\.?\s?m\.?|o'?clock)?(?![\w:])", re.IGNORECASE)


def parse_contact_time(text: str) -> str | None:
    """Morning, afternoon, evening or any, in words or as a clock time ("after 5")."""
    named = answers.parse_choice(text, CONTACT_TIMES)
    if named is not None:
        return named
    for match in _CLOCK.finditer(text):
        word, hour, suffix = (match[1] or "").lower(), int(match[2]), (match[3] or "").lower()
        if not (word or suffix) or not 1 <= hour <= 12:
            continue
        if suffix.startswith("p") or (not suffix.startswith("a") and hour <= 7):
            hour = hour % 12 + 12  # "after 5" in working hours is 5 pm
        if word == "before":
            hour -= 1
        return "morning" if hour < 12 else "afternoon" if hour < 17 else "evening"
    return None


def _text(parse: Callable[[str], Any]) -> Reader:
    """Wrap a parser that returns a value or None into one that also gives a reason."""
    return lambda text: (parse(text), None)


def _in_either_language(read: Reader) -> Reader:
    """An answer in English, Spanish or both ("sí, tengo ice pick"); a request to explain
    ("no entiendo" is not a "no", "what does that mean?") is never one."""
    return lambda text: ((None, None) if asks_instead_of_answering(text)
                         else read(as_english(text)))


@dataclass(frozen=True)
class Question:
    slot: str
    read: Reader
    example: str
    example_es: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "read", _in_either_language(self.read))

    def example_in(self, language: str) -> str:
        """The re-ask's example in the visitor's language ("es" or English)."""
        return self.example_es if language == "es" and self.example_es else self.example


def _yes_no(slot: str, not_applicable: str | None = None, yes_cues: str | None = None
            ) -> Question:
    """A safety question: yes, no or not sure, with what makes it not apply to the visitor
    and the words that say yes on their own."""
    na = re.compile(not_applicable) if not_applicable else None
    cues = re.compile(yes_cues) if yes_cues else None
    return Question(slot, _text(lambda text: answers.parse_yes_no(text, na, cues)),
                    "Just answer yes, no or not sure.", "Nada más conteste sí, no o no sé.")


# The pregnancy question does not apply to a man: "lol i'm a guy" is a no, never a yes.
NOT_PREGNANT = (
    r"\b(i'?m|i am|im)( just)?( a| an)?( old| older)? (man|guy|dude|male|boy|bloke|father|"
    r"dad|husband|gentleman|gent|he him)\b|\b(male|a man|a guy|a dude)\b|\bno chance\b|"
    r"\bnot possible\b|\bmenopaus\w*|\bhysterectomy\b"
)
PREGNANT_CUES = r"\b(expecting|weeks along|months along|nursing|breastfeeding|lactating)\b"
# "I don't take any medication" answers the blood-thinner question: no.
NO_MEDICATION = (
    r"\b(i )?(do ?n'?t|do not) take (any )?(medications?|medicines?|meds|pills|drugs|"
    r"anything)\b|\bno (medications?|medicines?|meds|pills)\b|"
    r"\bnot (on|taking) (any )?(medications?|medicines?|meds|pills|anything)\b"
)
THINNER_CUES = (
    r"\b(aspirin|warfarin|coumadin|eliquis|apixaban|xarelto|rivaroxaban|plavix|clopidogrel|"
    r"heparin|pradaxa|blood thinners?|thinners?|bleeding disorder|hemophilia|haemophilia|"
    r"von willebrand|bleed easily)\b"
)
INFECTION_CUES = r"\b(cold sores?|fever blisters?|impetigo|infected|infection)\b"


ASSESSMENT = (
    Question("scar_types", _text(lambda t: answers.parse_choices(t, SCAR_TYPES, "unsure")),
             "For example: \"ice-pick\", \"rolling and boxcar\" or \"not sure\".",
             "Por ejemplo: \"ice-pick\", \"rolling y boxcar\" o \"no sé\"."),
    Question("scar_count", _text(answers.parse_scar_count),
             "A rough number is fine, for example \"about 15\" or \"more than 20\".",
             "Con un número aproximado está bien, por ejemplo \"como 15\" o \"más de 20\"."),
    Question("scar_areas", _text(lambda t: answers.parse_choices(t, SCAR_AREAS)),
             "For example: \"cheeks and temples\".",
             "Por ejemplo: \"cachetes y sienes\"."),
    Question("scar_visibility",
             _text(lambda t: answers.parse_choice(t, VISIBILITY, prefer=("stays_when_stretched",))),
             "Pick one of the buttons, or say \"hard to see\", \"noticeable\" or \"they stay "
             "when I stretch my skin\".",
             "Escoja uno de los botones, o diga \"casi no se ven\", \"se notan\" o \"no se "
             "quitan cuando estiro la piel\"."),
    Question("scar_years", _text(answers.parse_years),
             "For example: \"about 3 years\" or \"since I was a teenager\".",
             "Por ejemplo: \"como 3 años\" o \"desde que era adolescente\"."),
    Question("active_acne", _text(lambda t: answers.parse_choice(t, ACTIVE_ACNE)),
             "For example: \"often\", \"occasionally\" or \"no\".",
             "Por ejemplo: \"seguido\", \"de vez en cuando\" o \"no\"."),
    Question("skin_type", _text(parse_skin_type),
             "Pick the button closest to how your skin reacts to the sun, for example "
             "\"I tan easily and rarely burn\".",
             "Escoja el botón que más se parezca a cómo reacciona su piel al sol, por ejemplo "
             "\"me bronceo fácil y casi nunca me quemo\"."),
    Question("previous_treatments",
             _text(lambda t: answers.parse_treatments(t, PREVIOUS_TREATMENTS)),
             "For example: \"none\", \"laser\" or \"peels and microneedling\".",
             "Por ejemplo: \"ninguno\", \"láser\" o \"peelings y microneedling\"."),
)

SCREENING = (
    _yes_no("isotretinoin_recent"),
    _yes_no("pregnant_or_breastfeeding", NOT_PREGNANT, PREGNANT_CUES),
    _yes_no("keloid_tendency"),
    _yes_no("bleeding_risk", NO_MEDICATION, THINNER_CUES),
    _yes_no("face_infection", yes_cues=INFECTION_CUES),
    _yes_no("immune_suppression"),
    Question("age", _text(answers.parse_age),
             "Please type your age as a number, for example \"34\".",
             "Por favor escriba su edad con número, por ejemplo \"34\"."),
)

CONSENT = (
    Question("data_consent", _text(answers.parse_consent),
             "Please tap \"Yes, I agree\" or \"No\".",
             "Por favor toque \"Sí, estoy de acuerdo\" o \"No\"."),
    Question("marketing_consent", _text(answers.parse_consent),
             "Please tap \"Yes, send me offers\" or \"No thanks\"; no is fine.",
             "Por favor toque \"Sí, mándenme ofertas\" o \"No, gracias\"; decir que no "
             "también está bien."),
)

CONTACT = (
    Question("contact_name", _text(contact.parse_name),
             "Please type your name, for example \"Maria Lopez\".",
             "Por favor escriba su nombre, por ejemplo \"María López\"."),
    Question("contact_phone", contact.parse_phone,
             "Please type a US mobile number, for example \"210 555 0123\".",
             "Por favor escriba un número de celular de Estados Unidos, por ejemplo "
             "\"210 555 0123\"."),
    Question("contact_email", contact.parse_email,
             "Please type an email address like \"maria@example.com\", or \"skip\".",
             "Por favor escriba un correo electrónico como \"maria@example.com\", o "
             "\"saltar\"."),
    Question("contact_method", _text(lambda t: answers.parse_choice(t, CONTACT_METHODS)),
             "Please choose call, text or email.",
             "Por favor escoja llamada, mensaje de texto o correo."),
    Question("contact_time", _text(parse_contact_time),
             "Please choose morning, afternoon, evening or any time.",
             "Por favor escoja en la mañana, en la tarde, en la noche o a cualquier hora."),
)

QUESTIONS: Dict[str, Question] = {q.slot: q for q in ASSESSMENT + SCREENING + CONSENT + CONTACT}
ANSWER_SLOTS = tuple(q.slot for q in ASSESSMENT + SCREENING)
CONSENT_SLOTS = tuple(q.slot for q in CONSENT)
CONTACT_SLOTS = tuple(q.slot for q in CONTACT)
# Questions whose reader takes nearly any message (a yes or no, a number, a name): what a
# message says about another question explicitly is never read as an answer to them.
LOOSELY_READ = frozenset({*(q.slot for q in SCREENING), *CONSENT_SLOTS, "contact_name"})


def reask(slot: str, problem: str | None, language: str = "en") -> str:
    """After an answer that was not read: why (or that it was not understood), and an
    example, in the visitor's language."""
    question = QUESTIONS[slot]
    if language == "es":
        return f"Perdón, {contact.problem_in_spanish(problem)}. {question.example_in('es')}"
    reason = problem or "I didn't catch that"
    return f"Sorry, {reason}. {question.example}"
