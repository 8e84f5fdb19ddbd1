"""The explained result a visitor sees at the end of the self-assessment."""

from __future__ import annotations

from typing import Any, Dict, Mapping

from bot.intake.estimate import describe, estimate
from bot.intake.scoring import CONSULTATION_FIRST, GOOD_CANDIDATE, Result, score
from bot.settings import Settings

DISCLAIMER = (
    "This is not a diagnosis: a provider looks at your skin and confirms everything at your "
    "consultation."
)
DISCLAIMER_ES = (
    "Esto no es un diagnóstico: un proveedor revisa su piel y le confirma todo en su consulta."
)
BANDS_ES = {"mild": "leves", "moderate": "moderadas", "severe": "severas"}
# bot.intake.scoring words its reasons in English; their Spanish, keyed by that English.
REASONS_ES: Dict[str, str] = {
    "isotretinoin (Accutane) in the last 6 months: many clinics wait until 6 months after "
    "the last dose":
        "tomó isotretinoína (Accutane) en los últimos 6 meses: muchas clínicas esperan 6 "
        "meses después de la última dosis",
    "pregnancy or breastfeeding: treatment is usually postponed until afterwards":
        "embarazo o lactancia: el tratamiento normalmente se deja para después",
    "an infection or cold sore on the face now: it needs to heal first":
        "tiene ahorita una infección o un fuego (herpes labial) en la cara: primero tiene que "
        "sanar",
    "frequent breakouts: the acne is usually brought under control before scars are treated":
        "le salen granitos seguido: normalmente primero se controla el acné y luego se tratan "
        "las cicatrices",
    "a tendency to keloid or raised scars needs a provider's assessment":
        "la tendencia a queloides o cicatrices abultadas la tiene que revisar un proveedor",
    "blood thinners or a bleeding disorder: a provider reviews your medicines":
        "anticoagulantes o un problema de sangrado: un proveedor revisa sus medicinas",
    "a weakened immune system: a provider checks it is safe":
        "defensas bajas: un proveedor revisa que sea seguro para usted",
    "some safety questions were answered \"not sure\": a provider goes through them with you":
        "a algunas preguntas de seguridad contestó \"no sé\": un proveedor las "
        "repasa con usted",
    "under 18: a parent or guardian needs to be involved, and the clinic decides":
        "es menor de 18 años: tiene que participar su mamá, papá o tutor, y la clínica decide",
    "raised scars are treated differently from dented ones":
        "las cicatrices abultadas se tratan distinto que las hundidas",
    "ice-pick scars often also need TCA CROSS or punch excision, which the provider will "
    "discuss with you":
        "las cicatrices tipo ice-pick muchas veces también necesitan TCA CROSS o escisión con "
        "punch, y el proveedor lo platica con usted",
    "severe scarring usually needs a combined plan made in person":
        "las cicatrices severas normalmente necesitan un plan combinado hecho en persona",
    "nothing in your answers stands in the way of micro-needling":
        "nada en sus respuestas impide el microneedling",
    "your scars are hard to see at a conversation distance":
        "sus cicatrices casi no se ven a la distancia de una plática",
    "your scars are noticeable at a conversation distance":
        "sus cicatrices se notan a la distancia de una plática",
    "your scars stay visible when the skin is stretched":
        "sus cicatrices se siguen viendo cuando se estira la piel",
    "you have more than 20 scars": "tiene más de 20 cicatrices",
    "you have 10 scars or fewer": "tiene 10 cicatrices o menos",
    "you describe flat marks rather than dents":
        "describe manchas planas más que hundimientos",
    "ice-pick scars are deep even when they are few":
        "las cicatrices tipo ice-pick son profundas aunque sean pocas",
}


def explain(result: Result, language: str = "en") -> str:
    if language == "es":
        return _explain_es(result)
    band = (
        f"Your answers point to {result.band} scarring, because "
        f"{_and(result.band_reasons)}."
    )
    if result.recommendation == GOOD_CANDIDATE:
        advice = "You look like a good candidate for a micro-needling consultation."
    elif result.recommendation == CONSULTATION_FIRST:
        advice = (
            "A consultation is needed first, so a provider can plan with you: "
            f"{'; '.join(result.recommendation_reasons)}."
        )
    else:
        advice = (
            "Not right now: "
            f"{'; '.join(result.recommendation_reasons)}. It's best to come back after that, "
            "and the clinic is happy to plan ahead with you."
        )
        if result.then_check:
            advice += f" Then a provider also goes through: {'; '.join(result.then_check)}."
    return f"{band}\n{advice}\n{DISCLAIMER}"


def _explain_es(result: Result) -> str:
    reasons = [spanish_reason(reason) for reason in result.recommendation_reasons]
    band = (
        f"Sus respuestas apuntan a cicatrices {BANDS_ES.get(result.band, result.band)}, porque "
        f"{_and([spanish_reason(reason) for reason in result.band_reasons], 'y')}."
    )
    if result.recommendation == GOOD_CANDIDATE:
        advice = ("Según sus respuestas, una consulta de microneedling podría ser una buena "
                  "opción para usted.")
    elif result.recommendation == CONSULTATION_FIRST:
        advice = (
            "Primero hace falta una consulta, para que un proveedor haga el plan con usted: "
            f"{'; '.join(reasons)}."
        )
    else:
        advice = (
            f"Por ahora no: {'; '.join(reasons)}. Lo mejor es regresar después, y con gusto la "
            "clínica le ayuda a planear desde ahorita."
        )
        if result.then_check:
            then = "; ".join(spanish_reason(reason) for reason in result.then_check)
            advice += f" Entonces un proveedor también revisa con usted: {then}."
    return f"{band}\n{advice}\n{DISCLAIMER_ES}"


def spanish_reason(reason: str) -> str:
    """A scoring reason in Spanish (the English one if it has none yet)."""
    return REASONS_ES.get(reason, reason)


def result_message(answers: Mapping[str, Any], settings: Settings, language: str = "en") -> str:
    """The explained result and the cost estimate at the clinic's configured prices."""
    result = score(answers)
    cost = describe(estimate(result.sessions, settings.prices), settings.prices, language)
    return f"{explain(result, language)}\n{cost}"


def _and(items: list, word: str = "and") -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"
