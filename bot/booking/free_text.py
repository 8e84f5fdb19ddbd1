"""Read a wished-for time ("next Tuesday afternoon", "Friday", "Dec 3 at 2pm") as a window,
or a slot button's exact start."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import dateparser

PARTS_OF_DAY = {
    "morning": (time(0), time(12)),
    "afternoon": (time(12), time(17)),
    "evening": (time(17), time(23, 59)),
}
_PART = re.compile(r"\b(morning|afternoon|evening)s?\b", re.IGNORECASE)
_AFTER_LUNCH = re.compile(r"\bafter lunch\b", re.IGNORECASE)
# "at 10" is a time, not October; "at 3" during opening hours means 3 PM.
_BARE_HOUR = re.compile(r"\bat (\d{1,2})\b(?!\s*(:|am|pm|a\.m|p\.m))", re.IGNORECASE)
FIRST_MORNING_HOUR = 8
_CLOCK = re.compile(r"\b\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|\bnoon\b",
                    re.IGNORECASE)
# dateparser reads "tuesday" as the coming one, but not "next tuesday" or "this tuesday".
_WEEKDAY_PREFIX = re.compile(
    r"\b(next week|next|this|coming)\s+(?=(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.IGNORECASE)
# "this morning" and "tonight" are today; dateparser reads neither.
_THIS_PART = re.compile(r"\bthis (?=(morning|afternoon|evening)\b)", re.IGNORECASE)
_TONIGHT = re.compile(r"\btonight\b", re.IGNORECASE)
_FILLER = re.compile(
    r"\b(can i|could i|i'd like|i would like|how about|what about|do you have|is there|"
    r"any ?time|anything|something|please|come in|book|on|in the|the|works?|for me|ok|"
    r"okay|fine|good)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Wish:
    """An exact start time, or a local window to look for free slots in."""

    exact: datetime | None  # tz-aware, clinic time
    window_start: datetime
    window_end: datetime


def read_wish(text: str, zone: ZoneInfo, now: datetime) -> Wish | None:
    """The time or window the visitor means, in the clinic's zone; None if there's no day.

    A time already past ("yesterday at 2") is returned as it is, for the caller to refuse.
    """
    local_now = now.astimezone(zone)
    text = _TONIGHT.sub("today evening", _THIS_PART.sub("today ", text))
    text = _BARE_HOUR.sub(_clock_from_bare_hour, _AFTER_LUNCH.sub("afternoon", text))
    part = _PART.search(text)
    has_clock = bool(_CLOCK.search(text))
    cleaned = _FILLER.sub(" ", _WEEKDAY_PREFIX.sub("", _PART.sub(" ", text)))
    if not has_clock:
        cleaned = re.sub(r"\bat\b", " ", cleaned, flags=re.IGNORECASE)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,.?!")
    if not cleaned:
        return None
    parsed = dateparser.parse(
        cleaned,
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": local_now.replace(tzinfo=None),
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DAY_OF_MONTH": "first",
        },
    )
    if parsed is None:
        return None
    if parsed.date() < local_now.date() and _WEEKDAY.search(text):
        parsed += timedelta(days=7)  # "Tuesday" said on a Wednesday means next week
    if has_clock:
        exact = parsed.replace(tzinfo=zone)
        return Wish(exact, exact, exact + timedelta(minutes=1))
    day_start = datetime.combine(parsed.date(), time(0), tzinfo=zone)
    if part:
        opens, closes = PARTS_OF_DAY[part.group(1).lower()]
        return Wish(None, datetime.combine(parsed.date(), opens, tzinfo=zone),
                    datetime.combine(parsed.date(), closes, tzinfo=zone))
    return Wish(None, day_start, day_start + timedelta(days=1))


def _clock_from_bare_hour(match: re.Match[str]) -> str:
    hour = int(match.group(1))
    if hour < FIRST_MORNING_HOUR:
        hour += 12
    return f"at {hour}:00"


# No button was ever offered further from now than this: anything beyond is not a slot.
PLAUSIBLE = timedelta(days=366)


def exact_wish(value: Any, zone: ZoneInfo, now: datetime) -> Wish | None:
    """A button's exact start, or None when the payload isn't a plausible time with a zone."""
    if not isinstance(value, str):
        return None
    try:
        start = datetime.fromisoformat(value)
        if start.tzinfo is None or abs(start - now) > PLAUSIBLE:
            return None
        start = start.astimezone(zone)
        return Wish(start, start, start + timedelta(minutes=1))
    except (ValueError, OverflowError):  # garbage, or a year-1 date beyond the zone's range
        return None
