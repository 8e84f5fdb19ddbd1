"""Texting's records on SQLite and PostgreSQL: opt-outs with their times, a MessageSid taken
once (also by two workers at the same moment), the last numbered choices, codes that prove a
number (hashed, 10 minutes, 5 tries, a few an hour), and which text a check-in answer is."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.settings import Settings
from bot.store.aftercare import pending_checkin, record_checkin_answer
from bot.store.models import Notification, NotificationStatus, SmsCode
from bot.store.sms import (
    CODE_TRIES,
    check_code,
    claim_message,
    latest_state,
    new_code,
    note_reply,
    number_state,
    record_reply,
    set_opted_out,
    stored_reply,
)
from tests.conftest import example_values
from tests.notify.test_texts import _book, lead_with_consent

PHONE = "+12105550123"
NOW = datetime(2030, 12, 3, 20, 0, tzinfo=timezone.utc)


def test_a_new_number_is_unknown_until_it_is_answered(session_factory):
    assert number_state(session_factory, PHONE).known is False
    buttons = [{"title": "Yes", "payload": "/affirm"}]
    note_reply(session_factory, PHONE, NOW, buttons)
    state = number_state(session_factory, PHONE)
    assert (state.known, state.opted_out, state.last_buttons) == (True, False, buttons)
    assert state.last_message_at == NOW


def test_stop_and_start_are_kept_with_their_times(session_factory):
    set_opted_out(session_factory, PHONE, True, NOW)
    assert number_state(session_factory, PHONE).opted_out is True
    set_opted_out(session_factory, PHONE, False, NOW + timedelta(hours=2))
    state = latest_state(session_factory, PHONE)
    assert state["opted_out"] is False
    assert state["opted_out_at"] == NOW  # the opt-out's time stays on record
    assert state["opted_in_at"] == NOW + timedelta(hours=2)


def test_opting_out_forgets_the_last_choices(session_factory):
    note_reply(session_factory, PHONE, NOW, [{"title": "Yes", "payload": "/affirm"}])
    set_opted_out(session_factory, PHONE, True, NOW)
    assert number_state(session_factory, PHONE).last_buttons is None


def test_a_message_sid_is_taken_once_and_its_reply_answers_the_retry(session_factory):
    assert claim_message(session_factory, "SM1", PHONE, NOW).new is True
    retry = claim_message(session_factory, "SM1", PHONE, NOW)
    assert (retry.new, retry.reply) == (False, None)  # the first try is still answering
    record_reply(session_factory, "SM1", ["Hello!"], NOW)
    assert claim_message(session_factory, "SM1", PHONE, NOW).reply == ["Hello!"]


def test_two_deliveries_of_one_sid_at_the_same_moment_run_it_once(session_factory):
    with ThreadPoolExecutor(max_workers=6) as pool:
        claims = list(pool.map(lambda _: claim_message(session_factory, "SM2", PHONE, NOW),
                               range(6)))
    assert sum(claim.new for claim in claims) == 1


def test_old_message_sids_are_forgotten_after_a_day(session_factory):
    claim_message(session_factory, "SM-old", PHONE, NOW)
    record_reply(session_factory, "SM-old", ["Hi"], NOW)
    claim_message(session_factory, "SM-new", PHONE, NOW + timedelta(days=2))
    assert stored_reply(session_factory, "SM-old") is None


def test_the_right_code_proves_the_number_once(session_factory):
    code = new_code(session_factory, "web-1", PHONE, NOW)
    assert code is not None and len(code) == 6 and code.isdigit()
    assert check_code(session_factory, "web-1", PHONE, code, NOW + timedelta(minutes=9)).ok
    # Used: it proves nothing a second time.
    assert check_code(session_factory, "web-1", PHONE, code, NOW + timedelta(minutes=9)).expired


def test_only_a_salted_hash_of_the_code_is_stored(session_factory):
    code = new_code(session_factory, "web-1", PHONE, NOW)
    with session_factory() as session:
        stored = session.scalars(select(SmsCode)).one()
    assert code not in stored.code_hash and PHONE not in stored.phone_hash


def test_a_code_expires_after_ten_minutes(session_factory):
    code = new_code(session_factory, "web-1", PHONE, NOW)
    late = check_code(session_factory, "web-1", PHONE, code, NOW + timedelta(minutes=10))
    assert (late.ok, late.expired) == (False, True)


def test_a_code_works_only_in_its_conversation_and_for_its_number(session_factory):
    code = new_code(session_factory, "web-1", PHONE, NOW)
    assert not check_code(session_factory, "web-2", PHONE, code, NOW).ok
    assert not check_code(session_factory, "web-1", "+12105550199", code, NOW).ok


def test_five_wrong_tries_end_the_code_even_for_the_right_one(session_factory):
    code = new_code(session_factory, "web-1", PHONE, NOW)
    wrong = "000000" if code != "000000" else "111111"
    left = [check_code(session_factory, "web-1", PHONE, wrong, NOW).tries_left
            for _ in range(CODE_TRIES)]
    assert left == [4, 3, 2, 1, 0]
    assert check_code(session_factory, "web-1", PHONE, code, NOW).expired


def test_a_new_code_replaces_the_earlier_one(session_factory):
    first = new_code(session_factory, "web-1", PHONE, NOW)
    second = new_code(session_factory, "web-1", PHONE, NOW + timedelta(minutes=1))
    if first != second:
        assert not check_code(session_factory, "web-1", PHONE, first, NOW).ok
    assert check_code(session_factory, "web-1", PHONE, second, NOW + timedelta(minutes=2)).ok


def test_at_most_three_codes_an_hour_per_number_and_per_conversation(session_factory):
    codes = [new_code(session_factory, f"web-{i}", PHONE, NOW + timedelta(minutes=i))
             for i in range(4)]
    assert None not in codes[:3] and codes[3] is None
    assert new_code(session_factory, "web-9", PHONE, NOW + timedelta(minutes=61)) is not None
    other = [new_code(session_factory, "web-x", f"+1210555020{i}", NOW) for i in range(4)]
    assert None not in other[:3] and other[3] is None


def _delivered_checkin(session_factory, reference: str, at: datetime) -> None:
    with session_factory.begin() as session:
        session.add(Notification(
            channel="sms", topic="aftercare_checkin", recipient=PHONE,
            payload={"consultation_reference": reference, "body": "How is it healing?"},
            status=NotificationStatus.DELIVERED, delivered_at=at, attempts=1))


def test_the_first_text_after_a_check_in_is_its_answer(session_factory):
    settings = Settings.from_mapping(example_values())
    reference, _ = _book(session_factory, settings, lead_with_consent(session_factory))
    _delivered_checkin(session_factory, reference, NOW)
    earlier_text = NOW - timedelta(days=3)
    assert pending_checkin(session_factory, PHONE, earlier_text, NOW) == reference
    assert pending_checkin(session_factory, PHONE, None, NOW) == reference
    # The number has written since the check-in went out: that was its answer.
    assert pending_checkin(session_factory, PHONE, NOW + timedelta(minutes=5), NOW) is None
    # A week later a text is a new conversation.
    assert pending_checkin(session_factory, PHONE, earlier_text, NOW + timedelta(days=8)) is None
    record_checkin_answer(session_factory, reference, "fine", NOW)
    assert pending_checkin(session_factory, PHONE, earlier_text, NOW) is None
