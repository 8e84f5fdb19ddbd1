"""A Spanish speaker's result and estimate are in Spanish; an English speaker's stay English."""

from __future__ import annotations

import itertools

from bot.intake.estimate import describe, estimate
from bot.intake.result import REASONS_ES, result_message
from bot.intake.scoring import score

BASE = {
    "scar_types": ["rolling"], "scar_count": "11_to_20", "scar_areas": ["cheeks"],
    "scar_visibility": "noticeable", "scar_years": 3, "active_acne": "none",
    "skin_type": "III-IV", "previous_treatments": ["none"], "isotretinoin_recent": "no",
    "pregnant_or_breastfeeding": "no", "keloid_tendency": "no", "bleeding_risk": "no",
    "face_infection": "no", "immune_suppression": "no", "age": 30,
}
SAFETY = ("isotretinoin_recent", "pregnant_or_breastfeeding", "keloid_tendency",
          "bleeding_risk", "face_infection", "immune_suppression")


def answer_sets():
    """Answers that between them reach every reason scoring gives."""
    for slot, value in itertools.product(SAFETY, ("yes", "unsure")):
        yield {**BASE, slot: value}
    yield {**BASE, "active_acne": "frequent"}
    yield {**BASE, "age": 16}
    for types in (["raised"], ["icepick"], ["flat_marks"], ["boxcar"]):
        for visibility, count in itertools.product(
                ("hidden", "noticeable", "stays_when_stretched"),
                ("up_to_10", "11_to_20", "over_20")):
            yield {**BASE, "scar_types": types, "scar_visibility": visibility,
                   "scar_count": count}


def test_every_reason_scoring_gives_has_a_spanish_version():
    for answers in answer_sets():
        result = score(answers)
        for reason in result.band_reasons + result.recommendation_reasons:
            assert reason in REASONS_ES, reason


def test_a_spanish_speaker_reads_the_result_and_estimate_in_spanish(make_settings):
    settings = make_settings()
    text = result_message({**BASE, "bleeding_risk": "yes"}, settings, "es")
    assert text.startswith("Sus respuestas apuntan a cicatrices moderadas, porque sus "
                           "cicatrices se notan")
    assert "Primero hace falta una consulta" in text
    assert "anticoagulantes" in text
    assert "Esto no es un diagnóstico" in text
    assert "cálculo aproximado, no una cotización" in text
    for english in ("Your answers", "provider looks", "Estimate", "sessions"):
        assert english not in text


def test_an_english_speaker_still_reads_the_result_in_english(make_settings):
    text = result_message(BASE, make_settings())
    assert text.startswith("Your answers point to moderate scarring")
    assert "Estimate, not a quote" in text


def test_the_spanish_estimate_quotes_the_configured_prices_and_financing(make_settings):
    settings = make_settings(PRICE_MICRONEEDLING_SESSION="300", FINANCING_TERM_MONTHS="6",
                             FINANCING_APR_PERCENT="9.9", FINANCING_PARTNERS="CareCredit")
    text = describe(estimate((4, 6), settings.prices), settings.prices, "es")
    assert "de 4 a 6 sesiones" in text
    assert "Solo el microneedling costaría entre $1,200 y $1,800" in text
    assert ("En pagos durante 6 meses, con 9.9% de interés anual (APR) y sujeto a la "
            "aprobación de CareCredit, serían entre $") in text


def test_after_por_ahora_no_the_points_a_provider_checks_are_still_told(make_settings):
    answers = {"scar_types": ["icepick"], "scar_count": "up_to_10", "scar_areas": ["cheeks"],
               "scar_visibility": "noticeable", "pregnant_or_breastfeeding": "yes",
               "keloid_tendency": "unsure"}
    spanish = result_message(answers, make_settings(), "es")
    english = result_message(answers, make_settings())
    assert "Por ahora no:" in spanish
    assert "Entonces un proveedor también revisa con usted:" in spanish
    assert "Then a provider also goes through:" in english and "not sure" in english
