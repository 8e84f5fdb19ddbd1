"""BOOKING_MODE=link: the clinic's own booking page, with the visitor's details filled in."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit


def prefilled_link(base: str, name: str, email: str | None, phone: str) -> str:
    """`base` with name, email and phone added to its query (empty ones left out)."""
    parts = urlsplit(base)
    extra = urlencode({k: v for k, v in (("name", name), ("email", email), ("phone", phone)) if v})
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
