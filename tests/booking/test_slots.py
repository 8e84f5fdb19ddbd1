"""Free slots follow opening hours, closed dates, bookings, notice and daylight saving."""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.booking.slots import Schedule, describe_slot, free_slots
from bot.opening_hours import OpeningHours

CHICAGO = ZoneInfo("America/Chicago")


def schedule(**changes) -> Schedule:
    values = dict(
        hours=OpeningHours.parse("mon-fri 09:00-12:00; sat 10:00-11:00"),
        timezone=CHICAGO, slot_minutes=30, closed_dates=frozenset(), horizon_days=14,
        min_notice=timedelta(hours=2),
    )
    values.update(changes)
    return Schedule(**values)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=CHICAGO)


# Monday 2026-11-30, 07:00 in San Antonio.
MONDAY_MORNING = local(2026, 11, 30, 7, 0).astimezone(timezone.utc)


def test_slots_fill_the_opening_hours_in_local_time():
    starts = list(free_slots(schedule(), set(), MONDAY_MORNING))
    first_day = [s.astimezone(CHICAGO) for s in starts if s.astimezone(CHICAGO).day == 30]
    assert [f"{s:%H:%M}" for s in first_day] == ["09:00", "09:30", "10:00", "10:30", "11:00",
                                                 "11:30"]


def test_saturday_hours_and_closed_sunday():
    starts = [s.astimezone(CHICAGO) for s in free_slots(schedule(), set(), MONDAY_MORNING)]
    assert [f"{s:%H:%M}" for s in starts if s.date() == date(2026, 12, 5)] == ["10:00", "10:30"]
    assert not [s for s in starts if s.date() == date(2026, 12, 6)]


def test_minimum_notice_hides_slots_too_soon():
    ten_am = local(2026, 11, 30, 10, 0).astimezone(timezone.utc)
    first = next(free_slots(schedule(), set(), ten_am))
    # 10:30 to 11:30 are within two hours; the clinic closes at noon, so Tuesday 9:00 is next.
    assert first.astimezone(CHICAGO) == local(2026, 12, 1, 9, 0)


def test_closed_dates_are_skipped():
    closed = schedule(closed_dates=frozenset({date(2026, 11, 30)}))
    first = next(free_slots(closed, set(), MONDAY_MORNING))
    assert first.astimezone(CHICAGO).date() == date(2026, 12, 1)


def test_booked_slots_are_not_offered():
    nine = local(2026, 11, 30, 9, 0).astimezone(timezone.utc)
    first = next(free_slots(schedule(), {nine}, MONDAY_MORNING))
    assert first.astimezone(CHICAGO) == local(2026, 11, 30, 9, 30)


def test_only_slots_after_the_last_offered_one_when_asking_for_more():
    last_offered = local(2026, 11, 30, 10, 0).astimezone(timezone.utc)
    first = next(free_slots(schedule(), set(), MONDAY_MORNING, after=last_offered))
    assert first.astimezone(CHICAGO) == local(2026, 11, 30, 10, 30)


def test_daylight_saving_change_keeps_wall_clock_times():
    # Clocks go back on Sunday 2026-11-01; Monday's 9:00 is 15:00 UTC, Friday's was 14:00 UTC.
    friday = local(2026, 10, 30, 6, 0).astimezone(timezone.utc)
    starts = list(free_slots(schedule(), set(), friday))
    friday_nine = next(s for s in starts if s.astimezone(CHICAGO) == local(2026, 10, 30, 9, 0))
    monday_nine = next(s for s in starts if s.astimezone(CHICAGO) == local(2026, 11, 2, 9, 0))
    assert friday_nine.hour == 14 and monday_nine.hour == 15


def test_spring_forward_skips_times_that_do_not_exist():
    night = schedule(hours=OpeningHours.parse("sun 01:00-04:00"), min_notice=timedelta(0))
    saturday = local(2027, 3, 13, 12, 0).astimezone(timezone.utc)
    sunday = [s.astimezone(CHICAGO) for s in free_slots(night, set(), saturday)
              if s.astimezone(CHICAGO).date() == date(2027, 3, 14)]
    assert "02:00" not in [f"{s:%H:%M}" for s in sunday]
    assert "03:00" in [f"{s:%H:%M}" for s in sunday]


def test_nothing_free_in_the_horizon_gives_no_slots():
    everything = {s for s in free_slots(schedule(), set(), MONDAY_MORNING)}
    assert list(free_slots(schedule(), everything, MONDAY_MORNING)) == []


def test_slot_label_reads_like_a_button():
    assert describe_slot(local(2026, 12, 1, 10, 30), CHICAGO) == "Tue Dec 1, 10:30 AM"


def test_a_slot_is_described_in_spanish_for_a_spanish_speaker():
    start = local(2026, 12, 8, 10, 0).astimezone(timezone.utc)
    assert describe_slot(start, CHICAGO, "es") == "martes 8 de diciembre a las 10:00 a. m."
    assert describe_slot(start, CHICAGO) == "Tue Dec 8, 10 AM"


def test_a_day_is_described_in_spanish_for_a_spanish_speaker():
    from bot.booking.slots import describe_day

    assert describe_day(date(2026, 12, 11), "es") == "viernes 11 de diciembre"
    assert describe_day(date(2026, 12, 11)) == "Fri Dec 11"
