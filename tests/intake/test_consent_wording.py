"""Consent wording cannot change without a new version: the stored hash must mean something."""

import yaml

from bot.intake.consent import WORDING_HASHES, WORDING_VERSIONS, wording_hash, wording_text
from bot.settings import PROJECT_ROOT


def test_current_consent_wording_matches_its_recorded_version():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    for kind, version in WORDING_VERSIONS.items():
        assert wording_hash(wording_text(domain, kind)) == WORDING_HASHES[version], (
            f"The {kind} consent wording changed: give it a new version in "
            "actions/intake/consent.py and record its hash"
        )
