"""POST a JSON notification signed with HMAC-SHA256, so the receiver can trust its origin.

The signed body carries an `event_id` (the same on every retry, so the receiver can drop
duplicates) and the `timestamp` of this attempt (so the receiver can refuse a replay).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timezone
from typing import Any, Dict
from urllib.parse import urlsplit

import requests

WEBHOOK_TIMEOUT_S = 10
SIGNATURE_HEADER = "X-Clinic-Signature"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class WebhookError(RuntimeError):
    """The webhook was not accepted (refused address, redirect or error status)."""


def webhook_url_problem(url: str) -> str | None:
    """Why `url` may not receive notifications, or None: https only, except on this machine."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and host:
        return None
    if parts.scheme == "http" and host in LOCAL_HOSTS:
        return None
    return "expected an https:// address (http:// only for localhost, 127.0.0.1 or ::1)"


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: sha256=<hex HMAC-SHA256 of the exact body>."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_signed(url: str, secret: str, payload: Dict[str, Any], *, event_id: str) -> None:
    """POST `payload` plus event_id and timestamp, signed; raise WebhookError unless 2xx."""
    problem = webhook_url_problem(url)
    if problem:
        raise WebhookError(f"refused to post to {_origin(url)}: {problem}")
    body = json.dumps(
        {**payload, "event_id": event_id, "timestamp": datetime.now(timezone.utc).isoformat()},
        sort_keys=True,
    ).encode()
    # A redirect could carry the signed body to an address nobody configured.
    try:
        response = requests.post(
            url, data=body, timeout=WEBHOOK_TIMEOUT_S, allow_redirects=False,
            headers={"Content-Type": "application/json", SIGNATURE_HEADER: sign(secret, body)},
        )
    except requests.RequestException as error:
        raise WebhookError(f"{type(error).__name__} posting to {_origin(url)}: "
                           f"{_hide_path(str(error), url)}") from None
    if response.is_redirect or 300 <= response.status_code < 400:
        raise WebhookError(f"{response.status_code} redirect from {_origin(url)} not followed")
    if not 200 <= response.status_code < 300:
        raise WebhookError(f"{response.status_code} {response.reason} from {_origin(url)}")


def _hide_path(text: str, url: str) -> str:
    """The error text with the URL's path and query hidden: they may hold a token."""
    parts = urlsplit(url)
    for secret in (f"{parts.path}?{parts.query}", parts.query, parts.path):
        if secret.strip("/?"):
            text = text.replace(secret, "/***")
    return text


def _origin(url: str) -> str:
    """scheme://host[:port] only: a webhook path may hold a token that must not be logged."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
