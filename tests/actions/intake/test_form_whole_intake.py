"""A whole self-assessment typed as a visitor would, through the form action: several answers
at once, typed button labels, a man's joke, daily aspirin, a correction at the consent
question, a title before the name."""

from __future__ import annotations

from bot.contact import first_name
from tests.actions.intake.conftest import IntakeForm


def test_a_visitor_typing_freely_gets_every_answer_stored_right():
    form = IntakeForm()
    steps = [
        ("rolling ones, around 12, cheeks and chin", "scar_visibility"),
        ("people can definitely see them", "scar_years"),
        ("about 3 years", "active_acne"),
        ("sometimes", "skin_type"),
        ("always burns, rarely tans", "previous_treatments"),
        ("none", "isotretinoin_recent"),
        ("no", "pregnant_or_breastfeeding"),
        ("lol i'm a guy", "keloid_tendency"),
        ("no", "bleeding_risk"),
        ("I take a baby aspirin every day", "face_infection"),
        ("no", "immune_suppression"),
        ("no, I'm 58", "data_consent"),
        ("actually I'm 48 not 58", "data_consent"),
        ("Yes, I agree", "marketing_consent"),
        ("no thanks", "contact_name"),
        ("Mrs. Dolores Villarreal 210-555-0199", "contact_email"),
        ("skip", "contact_method"),
        ("text me in the evenings", None),
    ]
    said = []
    for text, next_question in steps:
        turn = form.say(text)
        said += turn.said
        assert form.requested == next_question, text
    assert {slot: form.slots[slot] for slot in (
        "scar_types", "scar_count", "scar_areas", "scar_visibility", "scar_years",
        "active_acne", "skin_type", "previous_treatments", "isotretinoin_recent",
        "pregnant_or_breastfeeding", "keloid_tendency", "bleeding_risk", "face_infection",
        "immune_suppression", "age", "data_consent", "marketing_consent", "contact_name",
        "contact_phone", "contact_email", "contact_method", "contact_time")} == {
        "scar_types": ["rolling"], "scar_count": "11_to_20", "scar_areas": ["cheeks", "chin"],
        "scar_visibility": "noticeable", "scar_years": "1_to_5", "active_acne": "occasional",
        "skin_type": "I-II", "previous_treatments": ["none"], "isotretinoin_recent": "no",
        "pregnant_or_breastfeeding": "no", "keloid_tendency": "no", "bleeding_risk": "yes",
        "face_infection": "no", "immune_suppression": "no", "age": 48, "data_consent": True,
        "marketing_consent": False, "contact_name": "Dolores Villarreal",
        "contact_phone": "+12105550199", "contact_email": "", "contact_method": "text",
        "contact_time": "evening",
    }
    assert said.count("utter_answer_corrected") == 1
    assert sum("not a diagnosis" in text for text in said) == 2  # the result, then corrected
    assert first_name(form.slots["contact_name"]) == "Dolores"
