"""From a visitor's answers to a severity band and a recommendation, with the reasons.

A screening aid, not a diagnosis: it decides what to tell the visitor and what staff look at
first; a provider confirms everything at the consultation. Bands follow Goodman & Baron's
qualitative grades (visibility) adjusted by their count bands; the recommendation follows the
contraindications in ../shared/knowledge.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Mapping, Tuple

SCORING_VERSION = "2026-12-06.1"  # reasons now include what is checked after "not right now"

BANDS = ("mild", "moderate", "severe")
GOOD_CANDIDATE = "good_candidate"
CONSULTATION_FIRST = "consultation_first"
NOT_RIGHT_NOW = "not_right_now"

# Why treatment waits: (answer slot, answer that fires it, flag, reason shown to the visitor).
_WAIT_FOR: Tuple[Tuple[str, str, str, str], ...] = (
    ("isotretinoin_recent", "yes", "isotretinoin_recent",
     "isotretinoin (Accutane) in the last 6 months: many clinics wait until 6 months after "
     "the last dose"),
    ("pregnant_or_breastfeeding", "yes", "pregnant_or_breastfeeding",
     "pregnancy or breastfeeding: treatment is usually postponed until afterwards"),
    ("face_infection", "yes", "face_infection",
     "an infection or cold sore on the face now: it needs to heal first"),
    ("active_acne", "frequent", "active_acne",
     "frequent breakouts: the acne is usually brought under control before scars are treated"),
)
# What a provider must look at before anything is planned.
_CHECK_FIRST: Tuple[Tuple[str, str, str, str], ...] = (
    ("keloid_tendency", "yes", "keloid_tendency",
     "a tendency to keloid or raised scars needs a provider's assessment"),
    ("bleeding_risk", "yes", "bleeding_risk",
     "blood thinners or a bleeding disorder: a provider reviews your medicines"),
    ("immune_suppression", "yes", "immune_suppression",
     "a weakened immune system: a provider checks it is safe"),
)
_SAFETY_SLOTS = ("isotretinoin_recent", "pregnant_or_breastfeeding", "face_infection",
                 "keloid_tendency", "bleeding_risk", "immune_suppression")


@dataclass(frozen=True)
class Result:
    band: str
    recommendation: str
    band_reasons: List[str]
    recommendation_reasons: List[str]
    flags: List[str] = field(default_factory=list)
    sessions: Tuple[int, int] = (3, 4)
    # What a provider also goes through when the visitor comes back after "not right now".
    then_check: List[str] = field(default_factory=list)


def score(answers: Mapping[str, Any]) -> Result:
    """Severity band, recommendation and likely number of sessions for one set of answers."""
    band, band_reasons = _band(answers)
    types = set(answers.get("scar_types") or [])
    flags: List[str] = []
    wait: List[str] = []
    check: List[str] = []
    for slot, fires, flag, reason in _WAIT_FOR:
        if answers.get(slot) == fires:
            flags.append(flag)
            wait.append(reason)
    for slot, fires, flag, reason in _CHECK_FIRST:
        if answers.get(slot) == fires:
            flags.append(flag)
            check.append(reason)
    unsure = [slot for slot in _SAFETY_SLOTS if answers.get(slot) == "unsure"]
    if unsure:
        flags.append("safety_answer_unsure")
        check.append("some safety questions were answered \"not sure\": a provider goes "
                     "through them with you")
    age = answers.get("age")
    if isinstance(age, int) and age < 18:
        flags.append("under_18")
        check.append("under 18: a parent or guardian needs to be involved, and the clinic "
                     "decides")
    if "raised" in types:
        flags.append("raised_scars")
        check.append("raised scars are treated differently from dented ones")
    if "icepick" in types:
        flags.append("icepick_scars")
        check.append("ice-pick scars often also need TCA CROSS or punch excision, which the "
                     "provider will discuss with you")
    if band == "severe":
        check.append("severe scarring usually needs a combined plan made in person")
    if answers.get("skin_type") == "V-VI":
        flags.append("pigmentation_risk")

    if wait:
        return Result(band, NOT_RIGHT_NOW, band_reasons, wait, flags, _sessions(band, types),
                      then_check=check)
    if check:
        recommendation, reasons = CONSULTATION_FIRST, check
    else:
        recommendation, reasons = GOOD_CANDIDATE, [
            "nothing in your answers stands in the way of micro-needling"
        ]
    return Result(band, recommendation, band_reasons, reasons, flags, _sessions(band, types))


def _band(answers: Mapping[str, Any]) -> Tuple[str, List[str]]:
    types = set(answers.get("scar_types") or [])
    visibility: str | None = answers.get("scar_visibility")
    count: str | None = answers.get("scar_count")
    reasons: List[str] = []
    level = {"hidden": 0, "noticeable": 1, "stays_when_stretched": 2}.get(visibility or "", 0)
    reasons.append({
        0: "your scars are hard to see at a conversation distance",
        1: "your scars are noticeable at a conversation distance",
        2: "your scars stay visible when the skin is stretched",
    }[level])
    if count == "over_20" and level < 2:
        level += 1
        reasons.append("you have more than 20 scars")
    elif count == "up_to_10" and level == 1 and "icepick" not in types:
        reasons.append("you have 10 scars or fewer")
    if types == {"flat_marks"}:
        level = 0
        reasons = ["you describe flat marks rather than dents"]
    elif "icepick" in types and level == 0:
        level = 1
        reasons.append("ice-pick scars are deep even when they are few")
    return BANDS[level], reasons[:3]


def _sessions(band: str, types: set) -> Tuple[int, int]:
    if types == {"flat_marks"}:
        return (2, 3)
    low, high = {"mild": (3, 4), "moderate": (4, 6), "severe": (6, 8)}[band]
    if "icepick" in types:
        low, high = max(low, 6), max(high, 8)
    return (low, high)
