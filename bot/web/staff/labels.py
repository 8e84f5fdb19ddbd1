"""How the portal names stored values ("consultation_first" -> "Consultation first")."""

from __future__ import annotations

from typing import Dict, List, Tuple

import phonenumbers

from bot.language import LANGUAGES

_NAMES: Dict[str, str] = {
    "not_candidate": "Not a candidate",
    "good_candidate": "Good candidate",
    "consultation_first": "Consultation first",
    "not_right_now": "Not right now",
    "isotretinoin_recent": "Isotretinoin in the last 6 months",
    "pregnant_or_breastfeeding": "Pregnant or breastfeeding",
    "face_infection": "Infection on the face",
    "active_acne": "Frequent breakouts",
    "keloid_tendency": "Keloid tendency",
    "bleeding_risk": "Blood thinners or bleeding disorder",
    "immune_suppression": "Weakened immune system",
    "safety_answer_unsure": "\"Not sure\" to a safety question",
    "under_18": "Under 18",
    "icepick_scars": "Ice-pick scars",
    "icepick": "Ice-pick",
    "raised_scars": "Raised scars",
    "pigmentation_risk": "Pigmentation risk (skin type V-VI)",
    "socketio": "Web chat",
    "rest": "REST API",
    "sms": "Text message (SMS)",
    "staff": "Staff portal",
    "question_handled": "Marked a question handled",
    "en": "English",
    "es": "Spanish",
}


def label(value: object) -> str:
    """A readable name for a stored value."""
    text = str(getattr(value, "value", value) or "")
    if text in _NAMES:
        return _NAMES[text]
    if text.startswith("red_flag_"):
        return "Red flag in the conversation: " + text[len("red_flag_"):].replace("_", " ")
    if text != text.lower():
        return text  # written as meant ("III-IV")
    words = text.replace("_", " ")
    return words[:1].upper() + words[1:]


def phone(number: str) -> str:
    """A stored E.164 number as people write it: US numbers as (210) 555-0123."""
    try:
        parsed = phonenumbers.parse(number)
    except phonenumbers.NumberParseException:
        return number
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if parsed.country_code == 1
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return str(phonenumbers.format_number(parsed, style))


BANDS: List[Tuple[str, str]] = [(b, label(b)) for b in ("mild", "moderate", "severe")]
LANGUAGE_CHOICES: List[Tuple[str, str]] = [(code, label(code)) for code in LANGUAGES]
RECOMMENDATIONS: List[Tuple[str, str]] = [
    (r, label(r)) for r in ("good_candidate", "consultation_first", "not_right_now")]
