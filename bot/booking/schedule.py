"""The clinic's bookable schedule from settings, and the free slots in it right now."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import List

from sqlalchemy.orm import sessionmaker

from bot.booking.slots import Schedule, describe_slot, free_slots
from bot.opening_hours import zone_label
from bot.settings import Settings
from bot.store.bookings import booked_starts


def schedule_of(settings: Settings) -> Schedule:
    """The bookable schedule the settings describe."""
    return Schedule(
        hours=settings.clinic.hours,
        timezone=settings.clinic.timezone,
        slot_minutes=settings.booking.consultation_minutes,
        closed_dates=settings.booking.closed_dates,
        horizon_days=settings.booking.horizon_days,
        min_notice=timedelta(hours=settings.booking.min_notice_hours),
    )


def next_free(
    settings: Settings,
    session_factory: sessionmaker,
    count: int | None,
    after: datetime | None = None,
    until: datetime | None = None,
    now: datetime | None = None,
) -> List[datetime]:
    """Up to `count` (None: all) free starts (UTC) after `after` and before `until`, to the
    horizon; reads the database."""
    now = now or datetime.now(timezone.utc)
    schedule = schedule_of(settings)
    taken = booked_starts(session_factory, now, now + timedelta(days=schedule.horizon_days + 2))
    found: List[datetime] = []
    for start in free_slots(schedule, taken, now, after):
        if until is not None and start >= until:
            break
        found.append(start)
        if count is not None and len(found) == count:
            break
    return found


def when_said(starts_at: datetime, settings: Settings, language: str = "en") -> str:
    """A consultation's time for a visitor: 'Tue Dec 2, 10:30 AM (Central time)', in Spanish
    'martes 2 de diciembre a las 10:30 a. m. (hora del centro)'."""
    clinic = settings.clinic
    return (f"{describe_slot(starts_at, clinic.timezone, language)} "
            f"({zone_label(clinic.timezone_label, language)})")
