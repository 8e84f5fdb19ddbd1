"""Opening hours: parsed from one line of configuration, shown to visitors in plain words.

The format is short enough to type into `.env` and strict enough to catch typos at start:
``CLINIC_HOURS="mon-fri 09:00-18:00; sat 10:00-14:00"``. Days not named are closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import AbstractSet, Dict, List, Tuple

DAYS: Tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES: Dict[str, str] = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}

_PART = re.compile(
    r"^(?P<first>[a-z]{3})(?:-(?P<last>[a-z]{3}))?\s+"
    r"(?P<open>\d{1,2}:\d{2})\s*-\s*(?P<close>\d{1,2}:\d{2})$"
)


class OpeningHoursError(ValueError):
    """The hours line cannot be read; the message says which part and why."""


@dataclass(frozen=True)
class OpeningHours:
    """Opening and closing time for each weekday the clinic is open (0 = Monday)."""

    by_weekday: Dict[int, Tuple[time, time]]

    @classmethod
    def parse(cls, text: str) -> OpeningHours:
        by_weekday: Dict[int, Tuple[time, time]] = {}
        for raw_part in text.split(";"):
            part = raw_part.strip().lower()
            if not part:
                continue
            match = _PART.match(part)
            if not match:
                raise OpeningHoursError(
                    f"cannot read {raw_part.strip()!r}: write it like 'mon-fri 09:00-18:00'"
                )
            first, last = match["first"], match["last"] or match["first"]
            for day in (first, last):
                if day not in DAYS:
                    raise OpeningHoursError(
                        f"unknown day {day!r} in {raw_part.strip()!r}: use {', '.join(DAYS)}"
                    )
            opens, closes = _clock(match["open"], part), _clock(match["close"], part)
            if closes <= opens:
                raise OpeningHoursError(f"{raw_part.strip()!r} closes before it opens")
            start, end = DAYS.index(first), DAYS.index(last)
            if end < start:
                raise OpeningHoursError(f"{raw_part.strip()!r}: days must run Monday to Sunday")
            for weekday in range(start, end + 1):
                if weekday in by_weekday:
                    raise OpeningHoursError(f"{DAY_NAMES[DAYS[weekday]]} is listed twice")
                by_weekday[weekday] = (opens, closes)
        if not by_weekday:
            raise OpeningHoursError("no opening hours given")
        return cls(by_weekday)

    def describe(self) -> str:
        """Plain-English hours, grouping consecutive days with the same times."""
        groups: List[Tuple[int, int, Tuple[time, time]]] = []
        for weekday in sorted(self.by_weekday):
            hours = self.by_weekday[weekday]
            if groups and groups[-1][1] == weekday - 1 and groups[-1][2] == hours:
                groups[-1] = (groups[-1][0], weekday, hours)
            else:
                groups.append((weekday, weekday, hours))
        lines = []
        for first, last, (opens, closes) in groups:
            days = DAY_NAMES[DAYS[first]]
            if last != first:
                days += f" to {DAY_NAMES[DAYS[last]]}"
            lines.append(f"{days}: {format_clock(opens)} to {format_clock(closes)}")
        closed = [DAY_NAMES[d] for i, d in enumerate(DAYS) if i not in self.by_weekday]
        if closed:
            many = len(closed) >= 3
            lines.append("closed other days" if many else f"closed {' and '.join(closed)}")
        return "; ".join(lines)

    def is_open(self, local: datetime, closed_dates: AbstractSet[date] = frozenset()) -> bool:
        """Whether the clinic is open at `local` (a time in the clinic's zone)."""
        hours = self.by_weekday.get(local.weekday())
        if hours is None or local.date() in closed_dates:
            return False
        return hours[0] <= local.time() < hours[1]

    def next_opening(
        self, local: datetime, closed_dates: AbstractSet[date] = frozenset()
    ) -> datetime | None:
        """The next time the clinic opens after `local` (in `local`'s zone), skipping
        `closed_dates`; None when no opening follows within a year."""
        for days in range(DAYS_AHEAD):
            day = local.date() + timedelta(days=days)
            hours = self.by_weekday.get(day.weekday())
            if hours is None or day in closed_dates:
                continue
            opens = datetime.combine(day, hours[0], tzinfo=local.tzinfo)
            if opens > local:
                return opens
        return None


DAYS_AHEAD = 366


def format_clock(value: time) -> str:
    """9:00 -> '9 AM', 13:30 -> '1:30 PM'."""
    hour = value.hour % 12 or 12
    suffix = "AM" if value.hour < 12 else "PM"
    return f"{hour} {suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d} {suffix}"


def _clock(text: str, part: str) -> time:
    hours, minutes = (int(x) for x in text.split(":"))
    if hours > 23 or minutes > 59:
        raise OpeningHoursError(f"{text!r} in {part!r} is not a time of day")
    return time(hours, minutes)
