"""The intake's questions in order: what each accepts, and an example for a re-ask.

The wording a visitor sees is in domain.yml (`utter_ask_<slot>`); this module only knows how
to read the answers. Scar types and grades follow Jacob et al. (2001) and Goodman & Baron
(2006); skin types are Fitzpatrick's, in lay words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, Sequence, Tuple

from bot import contact
from bot.intake import answers

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
    "cheeks": ("cheek", "cheeks"),
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
               "make up covers", "barely", "not very", "mild"),
    "noticeable": ("noticeable", "easy to see", "easily seen", "visible", "can see them",
                   "conversation", "moderate", "obvious"),
    "stays_when_stretched": ("stretch", "stretched", "stretching", "stay", "stays", "severe",
                             "very obvious", "really bad"),
}

ACTIVE_ACNE: Dict[str, Sequence[str]] = {
    "frequent": ("yes", "yeah", "often", "frequent", "frequently", "constantly", "all the time",
                 "regularly", "still breaking out", "active", "every week", "cystic"),
    "occasional": ("occasional", "occasionally", "sometimes", "now and then", "a few",
                   "once in a while", "rarely", "period", "monthly"),
    "none": ("no", "nope", "none", "not anymore", "cleared", "clear", "gone", "never"),
}

SKIN_TYPES: Dict[str, Sequence[str]] = {
    "I-II": ("always burn", "burns easily", "burn easily", "never tan", "rarely tan",
             "very fair", "fair", "pale", "type 1", "type 2", "type i", "type ii"),
    "III": ("sometimes burn", "tan gradually", "tans gradually", "light brown", "medium",
            "olive", "type 3", "type iii"),
    "IV": ("rarely burn", "tan easily", "tans easily", "moderate brown", "brown",
           "type 4", "type iv"),
    "V-VI": ("never burn", "very rarely burn", "dark brown", "black", "deeply pigmented",
             "dark skin", "very dark", "type 5", "type 6", "type v", "type vi"),
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
    "creams": ("cream", "creams", "retinol", "retinoid", "tretinoin", "serum", "otc"),
    "other": ("other", "something else"),
}

CONTACT_METHODS: Dict[str, Sequence[str]] = {
    "call": ("call", "phone call", "phone", "ring"),
    "text": ("text", "sms", "message", "texting"),
    "email": ("email", "e mail", "mail"),
}

CONTACT_TIMES: Dict[str, Sequence[str]] = {
    "morning": ("morning", "mornings", "am", "before noon", "early"),
    "afternoon": ("afternoon", "afternoons", "lunch", "midday", "noon"),
    "evening": ("evening", "evenings", "after work", "night", "late"),
    "any": ("any", "anytime", "any time", "whenever", "doesn't matter", "doesnt matter",
            "no preference", "all day"),
}


def _text(parse: Callable[[str], Any]) -> Callable[[str], Tuple[Any, str | None]]:
    """Wrap a parser that returns a value or None into one that also gives a reason."""
    return lambda text: (parse(text), None)


@dataclass(frozen=True)
class Question:
    slot: str
    read: Callable[[str], Tuple[Any, str | None]]
    example: str
    # Words that show a later message is about this question ("actually I'm 25" -> age).
    topic_words: Tuple[str, ...] = ()


def _yes_no(slot: str, topic: Tuple[str, ...]) -> Question:
    return Question(slot, _text(answers.parse_yes_no), "Just answer yes, no or not sure.", topic)


ASSESSMENT = (
    Question("scar_types", _text(lambda t: answers.parse_choices(t, SCAR_TYPES, "unsure")),
             "For example: \"ice-pick\", \"rolling and boxcar\" or \"not sure\".",
             ("pits", "rolling", "boxcar", "ice pick", "icepick", "type")),
    Question("scar_count", _text(answers.parse_scar_count),
             "A rough number is fine, for example \"about 15\" or \"more than 20\".",
             ("scars", "how many", "count")),
    Question("scar_areas", _text(lambda t: answers.parse_choices(t, SCAR_AREAS)),
             "For example: \"cheeks and temples\".",
             ("cheek", "forehead", "temple", "chin", "back", "chest", "jaw", "nose")),
    Question("scar_visibility",
             _text(lambda t: answers.parse_choice(t, VISIBILITY, prefer=("stays_when_stretched",))),
             "Pick one of the buttons, or say \"hard to see\", \"noticeable\" or \"they stay "
             "when I stretch my skin\".", ("visible", "noticeable", "stretch")),
    Question("scar_years", _text(answers.parse_years),
             "For example: \"about 3 years\" or \"since I was a teenager\".",
             ("years", "year", "months")),
    Question("active_acne", _text(lambda t: answers.parse_choice(t, ACTIVE_ACNE)),
             "For example: \"often\", \"occasionally\" or \"no\".", ("breakouts", "breaking out")),
    Question("skin_type", _text(lambda t: answers.parse_choice(t, SKIN_TYPES, prefer=("V-VI",))),
             "Pick the button closest to how your skin reacts to the sun, for example "
             "\"I tan easily and rarely burn\".", ("burn", "tan", "skin type")),
    Question("previous_treatments",
             _text(lambda t: answers.parse_choices(t, PREVIOUS_TREATMENTS, "none")),
             "For example: \"none\", \"laser\" or \"peels and microneedling\".",
             ("tried", "treatment", "laser", "peel")),
)

SCREENING = (
    _yes_no("isotretinoin_recent", ("accutane", "isotretinoin", "roaccutane")),
    _yes_no("pregnant_or_breastfeeding", ("pregnant", "breastfeeding", "nursing")),
    _yes_no("keloid_tendency", ("keloid", "keloids", "raised")),
    _yes_no("bleeding_risk", ("blood thinner", "blood thinners", "bleeding", "aspirin",
                              "warfarin")),
    _yes_no("face_infection", ("cold sore", "infection", "herpes")),
    _yes_no("immune_suppression", ("immune", "immunosuppress", "steroids")),
    Question("age", _text(answers.parse_age),
             "Please type your age as a number, for example \"34\".",
             ("i'm", "i am", "im", "age", "years old", "old")),
)

CONSENT = (
    Question("data_consent", _text(answers.parse_consent),
             "Please tap \"Yes, I agree\" or \"No\".", ()),
    Question("marketing_consent", _text(answers.parse_consent),
             "Please tap \"Yes, send me offers\" or \"No thanks\"; no is fine.", ()),
)

CONTACT = (
    Question("contact_name", _text(contact.parse_name),
             "Please type your name, for example \"Maria Lopez\".", ("name",)),
    Question("contact_phone", contact.parse_phone,
             "Please type a US mobile number, for example \"210 555 0123\".",
             ("number", "phone", "mobile", "cell")),
    Question("contact_email", contact.parse_email,
             "Please type an email address like \"maria@example.com\", or \"skip\".",
             ("email", "e-mail")),
    Question("contact_method", _text(lambda t: answers.parse_choice(t, CONTACT_METHODS)),
             "Please choose call, text or email.", ("contact me", "reach me")),
    Question("contact_time", _text(lambda t: answers.parse_choice(t, CONTACT_TIMES)),
             "Please choose morning, afternoon, evening or any time.", ("time",)),
)

QUESTIONS: Dict[str, Question] = {q.slot: q for q in ASSESSMENT + SCREENING + CONSENT + CONTACT}
ANSWER_SLOTS = tuple(q.slot for q in ASSESSMENT + SCREENING)
CONTACT_SLOTS = tuple(q.slot for q in CONTACT)
