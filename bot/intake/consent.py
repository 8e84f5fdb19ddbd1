"""Consent wording versions. The wording itself is in domain.yml; its hash is stored with
every consent, and tests/intake/test_consent_wording.py fails when the wording changes
without a new version here."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Any, Dict

# "quick": the short way (a call back, or booking without the questions) asks to store only a
# name and a mobile number; it is stored as a "data" consent under its own wording version.
CONSENT_RESPONSES = {
    "data": "utter_ask_data_consent",
    "marketing": "utter_ask_marketing_consent",
    "quick": "utter_ask_quick_consent",
}
WORDING_VERSIONS = {
    "data": "data-2026-11-27", "marketing": "marketing-2026-11-27", "quick": "quick-2026-11-27",
}
WORDING_HASHES = {
    "quick-2026-11-27": "3c3cb3796ed48b5fb2eeb1c8bbd9d4c506b6d5dfc1f4ae6f26663e4f296ba851",
    "data-2026-11-27": "4df6120cdacf0421e70e1c2481b0f150e133901999e2fe7d26165c1126eacd01",
    "marketing-2026-11-27": "44b38f19953500774e81f25d562b89e7348a0d9843e1abfc3923381473c23e9f",
}


def wording_text(domain: Dict[str, Any], kind: str) -> str:
    """The consent question exactly as the domain shows it to the visitor."""
    return domain["responses"][CONSENT_RESPONSES[kind]][0]["text"]


def wording_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()


def answer_slot_values(
    slot: str, kind: str, agreed: bool, domain: Dict[str, Any]
) -> Dict[str, Any]:
    """The slots a consent answer sets: the answer, when, and which wording it answered."""
    return {
        slot: agreed,
        f"{slot}_at": datetime.now(timezone.utc).isoformat(),
        f"{slot}_wording": WORDING_VERSIONS[kind],
        f"{slot}_hash": wording_hash(wording_text(domain, kind)),
    }
