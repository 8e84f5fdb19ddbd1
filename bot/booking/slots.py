"""Free consultation slots: the clinic's opening hours, minus closed days and booked slots.

All arithmetic is done on local wall-clock times in the clinic's time zone and converted to
UTC per slot, so a daylight-saving change moves no appointment: 10:30 stays 10:30.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import AbstractSet, Iterator
from zoneinfo import ZoneInfo

from bot.opening_hours import OpeningHours, at_clock, format_clock, spanish_day


@dataclass(frozen=True)
class Schedule:
    hours: OpeningHours
    timezone: ZoneInfo
    slot_minutes: int
    closed_dates: AbstractSet[date]
    horizon_days: int
    min_notice: timedelta


def free_slots(
    schedule: Schedule,
    booked: AbstractSet[datetime],
    now: datetime,
    after: datetime | None = None,
) -> Iterator[datetime]:
    """Start times (UTC) of free slots from `now` + notice (and after `after`) to the horizon."""
    earliest = now + schedule.min_notice
    first_day = now.astimezone(schedule.timezone).date()
    step = timedelta(minutes=schedule.slot_minutes)
    for offset in range(schedule.horizon_days + 1):
        day = first_day + timedelta(days=offset)
        if not is_open(schedule, day):
            continue
        opens, closes = schedule.hours.by_weekday[day.weekday()]
        start = datetime.combine(day, opens)
        while start + step <= datetime.combine(day, closes):
            local = start.replace(tzinfo=schedule.timezone)
            if _exists(local):
                utc = local.astimezone(timezone.utc)
                if utc >= earliest and (after is None or utc > after) and utc not in booked:
                    yield utc
            start += step


def last_bookable_day(schedule: Schedule, now: datetime) -> date:
    """The last day free slots are offered on: `horizon_days` after today, clinic time."""
    return now.astimezone(schedule.timezone).date() + timedelta(days=schedule.horizon_days)


def is_open(schedule: Schedule, day: date) -> bool:
    """Whether the clinic opens on `day` at all (its weekday has hours, and it isn't closed)."""
    return day not in schedule.closed_dates and day.weekday() in schedule.hours.by_weekday


def describe_day(day: date, language: str = "en") -> str:
    """'Fri Dec 11'; in Spanish 'viernes 11 de diciembre'."""
    if language == "es":
        return spanish_day(day)
    return f"{day:%a %b} {day.day}"


def describe_slot(start: datetime, zone: ZoneInfo, language: str = "en") -> str:
    """'Tue Dec 2, 10:30 AM' in the clinic's time zone; in Spanish 'martes 2 de diciembre a
    las 10:30 a. m.'."""
    local = start.astimezone(zone)
    if language == "es":
        return f"{spanish_day(local.date())} {at_clock(local.time(), 'es')}"
    return f"{local:%a %b} {local.day}, {format_clock(local.time())}"


def _exists(local: datetime) -> bool:
    # A wall-clock time skipped by a spring-forward change does not survive a round trip.
    round_trip = local.astimezone(timezone.utc).astimezone(local.tzinfo)
    return round_trip.replace(tzinfo=None) == local.replace(tzinfo=None)
