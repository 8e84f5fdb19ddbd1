"""Proactive texts only 9 AM-9 PM Monday to Saturday and noon-9 PM on Sunday, clinic time."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.notify.quiet_hours import may_text_at, next_allowed

CHICAGO = ZoneInfo("America/Chicago")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHICAGO)


@pytest.mark.parametrize(("moment", "allowed"), [
    (local(2026, 12, 1, 8, 59), False),  # Tuesday
    (local(2026, 12, 1, 9, 0), True),
    (local(2026, 12, 1, 20, 59), True),
    (local(2026, 12, 1, 21, 0), False),
    (local(2026, 12, 5, 9, 30), True),  # Saturday
    (local(2026, 12, 6, 9, 30), False),  # Sunday morning
    (local(2026, 12, 6, 11, 59), False),
    (local(2026, 12, 6, 12, 0), True),
    (local(2026, 12, 6, 21, 0), False),
])
def test_texts_go_only_inside_the_texas_hours(moment, allowed):
    assert may_text_at(moment, CHICAGO) is allowed


def test_an_allowed_moment_is_kept():
    moment = local(2026, 12, 1, 14, 0)
    assert next_allowed(moment, CHICAGO) == moment


@pytest.mark.parametrize(("moment", "opening"), [
    (local(2026, 12, 1, 7, 0), local(2026, 12, 1, 9, 0)),  # early Tuesday: 9 AM
    (local(2026, 12, 1, 22, 30), local(2026, 12, 2, 9, 0)),  # late Tuesday: Wednesday 9 AM
    (local(2026, 12, 5, 21, 15), local(2026, 12, 6, 12, 0)),  # late Saturday: Sunday noon
    (local(2026, 12, 6, 10, 0), local(2026, 12, 6, 12, 0)),  # Sunday morning: noon
    (local(2026, 12, 6, 23, 0), local(2026, 12, 7, 9, 0)),  # late Sunday: Monday 9 AM
])
def test_a_text_in_the_quiet_hours_waits_for_the_next_opening(moment, opening):
    found = next_allowed(moment, CHICAGO)
    assert found == opening
    assert found.tzinfo == timezone.utc


def test_the_opening_stays_9_am_local_across_the_daylight_saving_change():
    # 2027-03-14 is the spring-forward Sunday; the Monday after opens at 9 AM CDT (14:00 UTC),
    # the Monday before at 9 AM CST (15:00 UTC).
    assert next_allowed(local(2027, 3, 14, 22, 0), CHICAGO) == datetime(
        2027, 3, 15, 14, 0, tzinfo=timezone.utc)
    assert next_allowed(local(2027, 3, 7, 22, 0), CHICAGO) == datetime(
        2027, 3, 8, 15, 0, tzinfo=timezone.utc)
