"""Consent wording versions, one per kind and language. The wording itself is in domain.yml
(the English variation, and the Spanish one conditioned on the `language` slot); its hash is
stored with every consent, and tests/intake/test_consent_wording.py fails when a wording
changes without a new version here. A Spanish version's name says "es", so staff reading a
consent's version see which language the visitor agreed in."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Any, Dict

from bot.language import DEFAULT_LANGUAGE, language_of

# "quick": the short way (a call back, or booking without the questions) asks to store only a
# name and a mobile number; it is stored as a "data" consent under its own wording version.
CONSENT_RESPONSES = {
    "data": "utter_ask_data_consent",
    "marketing": "utter_ask_marketing_consent",
    "quick": "utter_ask_quick_consent",
}
WORDING_VERSIONS: Dict[str, Dict[str, str]] = {
    "en": {"data": "data-2026-11-27", "marketing": "marketing-2026-11-27",
           "quick": "quick-2026-11-27"},
    "es": {"data": "data-es-2026-12-05", "marketing": "marketing-es-2026-12-05",
           "quick": "quick-es-2026-12-05"},
}
WORDING_HASHES = {
    "quick-2026-11-27": "3c3cb3796ed48b5fb2eeb1c8bbd9d4c506b6d5dfc1f4ae6f26663e4f296ba851",
    "data-2026-11-27": "4df6120cdacf0421e70e1c2481b0f150e133901999e2fe7d26165c1126eacd01",
    "marketing-2026-11-27": "44b38f19953500774e81f25d562b89e7348a0d9843e1abfc3923381473c23e9f",
    "quick-es-2026-12-05": "733a0f252ead7a1d78902ce708e6c522c73b3e19c65187912fd7f760c183c40f",
    "data-es-2026-12-05": "7f619e56f783514de120d4a6c517c75037b3147e944427eecade8a3a42864261",
    "marketing-es-2026-12-05": "78f1560018656c01fbc8a0b90bfb7717e94be4174f395c37b34faea1e8d7356b",
}
SPANISH = {"type": "slot", "name": "language", "value": "es"}


def wording_version(kind: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The current version of the `kind` consent wording in `language`."""
    return WORDING_VERSIONS[language_of(language)][kind]


def wording_language(version: str) -> str:
    """The language a stored wording version was shown in ("en" for unknown versions, which
    all predate the Spanish wordings)."""
    spanish = WORDING_VERSIONS["es"].values()
    return "es" if version in spanish else DEFAULT_LANGUAGE


def wording_text(domain: Dict[str, Any], kind: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The consent question exactly as the domain shows it to the visitor in `language`: the
    variation conditioned on language es for Spanish, else the first without that condition."""
    spanish = language_of(language) == "es"
    for variation in domain["responses"][CONSENT_RESPONSES[kind]]:
        if (SPANISH in (variation.get("condition") or [])) == spanish:
            return str(variation["text"])
    raise KeyError(f"{CONSENT_RESPONSES[kind]} has no {language} variation in the domain")


def wording_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()


def answer_slot_values(
    slot: str, kind: str, agreed: bool, domain: Dict[str, Any],
    language: str = DEFAULT_LANGUAGE,
) -> Dict[str, Any]:
    """The slots a consent answer sets: the answer, when, and which wording it answered (the
    one shown in the conversation's `language`)."""
    return {
        slot: agreed,
        f"{slot}_at": datetime.now(timezone.utc).isoformat(),
        f"{slot}_wording": wording_version(kind, language),
        f"{slot}_hash": wording_hash(wording_text(domain, kind, language)),
    }
