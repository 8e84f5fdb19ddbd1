"""POST a JSON notification signed with HMAC-SHA256, so the receiver can trust its origin."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any, Dict

import requests

WEBHOOK_TIMEOUT_S = 5
SIGNATURE_HEADER = "X-Clinic-Signature"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_signed(url: str, secret: str, payload: Dict[str, Any]) -> None:
    body = json.dumps(payload, sort_keys=True).encode()
    response = requests.post(
        url, data=body, timeout=WEBHOOK_TIMEOUT_S,
        headers={"Content-Type": "application/json", SIGNATURE_HEADER: sign(secret, body)},
    )
    response.raise_for_status()
