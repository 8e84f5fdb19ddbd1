"""Opening hours: parsed from one line of configuration, shown to visitors in plain words.

The format is short enough to type into `.env` and strict enough to catch typos at start:
``CLINIC_HOURS="mon-fri 09:00-18:00; sat 10:00-14:00"``. Days not named are closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import AbstractSet, Dict, List, Tuple

from babel.dates import format_date, format_time

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
# The names a Spanish speaker in the US uses for the zones of bot.settings.US_ZONE_NAMES.
ZONE_LABELS_ES: Dict[str, str] = {
    "Eastern time": "hora del este",
    "Central time": "hora del centro",
    "Mountain time": "hora de la montaña",
    "Pacific time": "hora del Pacífico",
    "Alaska time": "hora de Alaska",
    "Hawaii time": "hora de Hawái",
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

    def describe(self, language: str = "en") -> str:
        """The hours in plain words (English, or Spanish for "es"), grouping consecutive days
        with the same times."""
        if language == "es":
            return self._describe_es()
        lines = []
        for first, last, (opens, closes) in self._groups():
            days = DAY_NAMES[DAYS[first]]
            if last != first:
                days += f" to {DAY_NAMES[DAYS[last]]}"
            lines.append(f"{days}: {format_clock(opens)} to {format_clock(closes)}")
        closed = [DAY_NAMES[d] for i, d in enumerate(DAYS) if i not in self.by_weekday]
        if closed:
            many = len(closed) >= 3
            lines.append("closed other days" if many else f"closed {' and '.join(closed)}")
        return "; ".join(lines)

    def _describe_es(self) -> str:
        lines = []
        for first, last, (opens, closes) in self._groups():
            days = (f"de {spanish_weekday(first)} a {spanish_weekday(last)}"
                    if last != first else f"el {spanish_weekday(first)}")
            lines.append(f"{days}, de {format_clock(opens, 'es')} a {format_clock(closes, 'es')}")
        closed = [spanish_weekday(i) for i in range(len(DAYS)) if i not in self.by_weekday]
        if closed:
            many = len(closed) >= 3
            lines.append("cerrado los demás días" if many
                         else f"cerrado el {' y el '.join(closed)}")
        return "; ".join(lines)

    def _groups(self) -> List[Tuple[int, int, Tuple[time, time]]]:
        groups: List[Tuple[int, int, Tuple[time, time]]] = []
        for weekday in sorted(self.by_weekday):
            hours = self.by_weekday[weekday]
            if groups and groups[-1][1] == weekday - 1 and groups[-1][2] == hours:
                groups[-1] = (groups[-1][0], weekday, hours)
            else:
                groups.append((weekday, weekday, hours))
        return groups

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


def format_clock(value: time, language: str = "en") -> str:
    """9:00 -> '9 AM', 13:30 -> '1:30 PM'; in Spanish '9:00 a. m.', '1:30 p. m.'."""
    if language == "es":
        # CLDR puts narrow no-break spaces in "a. m."; plain ones read the same everywhere
        # and keep a text message in one encoding.
        return format_time(value, "h:mm a", locale="es").replace("\u202f", " ").replace(
            "\xa0", " ")
    hour = value.hour % 12 or 12
    suffix = "AM" if value.hour < 12 else "PM"
    return f"{hour} {suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d} {suffix}"


def at_clock(value: time, language: str = "en") -> str:
    """'at 9 AM'; in Spanish 'a las 9:00 a. m.', but 'a la 1:00 p. m.'."""
    if language == "es":
        article = "la" if value.hour % 12 == 1 else "las"
        return f"a {article} {format_clock(value, 'es')}"
    return f"at {format_clock(value)}"


def spanish_day(day: date) -> str:
    """'martes 8 de diciembre'."""
    return format_date(day, "EEEE d 'de' MMMM", locale="es")


def spanish_weekday(weekday: int) -> str:
    """0 -> 'lunes'."""
    return format_date(date(2024, 1, 1) + timedelta(days=weekday), "EEEE", locale="es")


def zone_label(label: str, language: str = "en") -> str:
    """A zone's label ('Central time') as said in `language`; an unknown one stays as it is."""
    return ZONE_LABELS_ES.get(label, label) if language == "es" else label


def _clock(text: str, part: str) -> time:
    hours, minutes = (int(x) for x in text.split(":"))
    if hours > 23 or minutes > 59:
        raise OpeningHoursError(f"{text!r} in {part!r} is not a time of day")
    return time(hours, minutes)
