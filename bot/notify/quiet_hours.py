"""When the clinic may text someone who did not just write to it.

Since Texas SB 140 (in force 1 September 2025) texts count as telephone solicitations under
the Texas Business & Commerce Code: not before 9 AM or after 9 PM Monday to Saturday, not
before noon or after 9 PM on Sunday, in the recipient's local time (the clinic's time zone
here). The clinic keeps every proactive text (confirmation, reminder, check-in) inside those
hours. A reply to a text the person just sent is not held back (Sec. 301.051's exceptions).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

SUNDAY = 6
EARLIEST = time(9, 0)
EARLIEST_SUNDAY = time(12, 0)
LATEST = time(21, 0)


def sending_window(day: datetime) -> tuple[time, time]:
    """The local start and end of the allowed hours on `day`'s weekday."""
    return (EARLIEST_SUNDAY if day.weekday() == SUNDAY else EARLIEST), LATEST


def may_text_at(moment: datetime, zone: ZoneInfo) -> bool:
    """Whether a proactive text may go out at `moment` (an aware time)."""
    local = moment.astimezone(zone)
    start, end = sending_window(local)
    return start <= local.time() < end


def next_allowed(moment: datetime, zone: ZoneInfo) -> datetime:
    """`moment` itself if a text may go then, else the next start of the allowed hours (UTC)."""
    if may_text_at(moment, zone):
        return moment
    local = moment.astimezone(zone)
    day = local.date()
    start, _ = sending_window(local)
    if local.time() >= start:  # after 9 PM: the next day's start
        day += timedelta(days=1)
    start, _ = sending_window(datetime.combine(day, EARLIEST))
    # Wall-clock time in the zone, so a daylight-saving change keeps 9 AM at 9 AM.
    return datetime.combine(day, start, tzinfo=zone).astimezone(timezone.utc)
