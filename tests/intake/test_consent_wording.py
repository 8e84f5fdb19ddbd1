"""Consent wording cannot change without a new version: the stored hash must mean something.
English and Spanish are two wordings, each with its own version and hash."""

from typing import Any, Dict

import pytest
import yaml

from bot.intake.consent import (
    CONSENT_RESPONSES,
    WORDING_HASHES,
    WORDING_VERSIONS,
    answer_slot_values,
    wording_hash,
    wording_language,
    wording_text,
)
from bot.settings import PROJECT_ROOT

KINDS = sorted(CONSENT_RESPONSES)


@pytest.fixture(scope="module")
def domain() -> Dict[str, Any]:
    return yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())


@pytest.mark.parametrize("language", ["en", "es"])
def test_current_consent_wording_matches_its_recorded_version(domain, language):
    for kind, version in WORDING_VERSIONS[language].items():
        assert wording_hash(wording_text(domain, kind, language)) == WORDING_HASHES[version], (
            f"The {language} {kind} consent wording changed: give it a new version in "
            "bot/intake/consent.py and record its hash"
        )


def test_the_spanish_wording_is_the_spanish_variation_the_visitor_sees(domain):
    spanish = wording_text(domain, "data", "es")
    assert spanish.startswith("¿Permite que la clínica guarde sus respuestas")
    assert wording_text(domain, "data", "en").startswith("May the clinic store your answers")


@pytest.mark.parametrize("kind", KINDS)
def test_each_language_has_its_own_version_and_hash(domain, kind):
    english = answer_slot_values("data_consent", kind, True, domain, "en")
    spanish = answer_slot_values("data_consent", kind, True, domain, "es")
    assert english["data_consent_wording"] != spanish["data_consent_wording"]
    assert english["data_consent_hash"] != spanish["data_consent_hash"]
    assert "-es-" in spanish["data_consent_wording"]
    assert "-es-" not in english["data_consent_wording"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_hash_recorded_for_an_answer_is_stable(domain, kind):
    first = answer_slot_values("data_consent", kind, True, domain, "es")
    again = answer_slot_values("data_consent", kind, False, domain, "es-MX")
    assert first["data_consent_hash"] == again["data_consent_hash"] == WORDING_HASHES[
        WORDING_VERSIONS["es"][kind]]
    assert first["data_consent_wording"] == again["data_consent_wording"]


def test_without_a_language_the_english_wording_is_recorded_as_before(domain):
    recorded = answer_slot_values("data_consent", "data", True, domain)
    assert recorded["data_consent_wording"] == "data-2026-11-27"
    assert recorded["data_consent_hash"] == WORDING_HASHES["data-2026-11-27"]


def test_staff_can_tell_the_language_from_a_stored_version():
    assert {wording_language(v) for v in WORDING_VERSIONS["es"].values()} == {"es"}
    assert {wording_language(v) for v in WORDING_VERSIONS["en"].values()} == {"en"}
    assert wording_language("data-2020-01-01") == "en"


def test_every_recorded_version_fits_its_database_column():
    # consents.wording_version is String(40).
    assert all(len(version) <= 40 for version in WORDING_HASHES)
