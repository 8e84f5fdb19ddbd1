"""Proactive texts through Twilio's Messages API, against a local stand-in that checks basic
auth and the form fields and answers like Twilio: retries on 429 and 500, none for an invalid
number, consent and opt-out checked when a text is due, quiet hours, the booking's
confirmation and day-before reminder, and the aftercare check-in of a treated consultation."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Iterator

import pytest
from sqlalchemy import select

from bot.booking.aftercare import mark_treated
from bot.booking.notices import booking_notify
from bot.notify.outbox import NotificationDraft, deliver_due, failed_notifications, queue
from bot.notify.sms import SmsError, send_sms
from bot.store.aftercare import AftercareError
from bot.store.bookings import book_slot, cancel
from bot.store.leads import ContactRecord, save_contact, save_intake
from bot.store.models import Notification, new_consultation_reference
from bot.store.sms import latest_state, set_opted_out
from tests.store.conftest import consent, intake
from tests.twilio_standin import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, TwilioStandIn

PHONE = "+12105550123"
# Tuesday 2 Dec 2030, 2 PM in San Antonio: inside the hours.
TUESDAY_AFTERNOON = datetime(2030, 12, 3, 20, 0, tzinfo=timezone.utc)
# Monday 9 Dec 2030, 10:30 AM Central.
CONSULTATION = datetime(2030, 12, 9, 16, 30, tzinfo=timezone.utc)


@pytest.fixture
def twilio() -> Iterator[TwilioStandIn]:
    with TwilioStandIn() as standin:
        yield standin


@pytest.fixture
def sms_settings(make_settings, twilio):
    return make_settings(TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN,
                         TWILIO_FROM_NUMBER=FROM_NUMBER, TWILIO_API_BASE_URL=twilio.base_url)


def lead_with_consent(session_factory, phone: str = PHONE, granted: bool = True,
                      language: str = "en") -> str:
    return save_intake(session_factory, intake(conversation_id=f"conv-{phone}", phone=phone,
                                               data_consent=consent(granted),
                                               language=language)).reference


def text(session_factory, lead: str, phone: str = PHONE, topic: str = "update",
         **extra) -> int:
    draft = NotificationDraft("sms", topic, phone, {"lead_reference": lead,
                                                    "body": "Hello from the clinic", **extra})
    with session_factory.begin() as session:
        return queue(session, [draft])[0]


def row(session_factory, notification_id: int) -> Notification:
    with session_factory() as session:
        return session.get(Notification, notification_id)


def test_a_text_goes_to_twilio_with_basic_auth_and_the_form_fields(sms_settings, twilio):
    sent = send_sms(sms_settings.sms, PHONE, "Hello")
    assert sent.sid.startswith("SM") and sent.status == "queued"
    [request] = twilio.requests
    assert (request.to, request.sender, request.body, request.status) == (
        PHONE, FROM_NUMBER, "Hello", 201)


def test_a_wrong_auth_token_is_refused_and_worth_a_retry(make_settings, twilio):
    settings = make_settings(TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN="wrong",
                             TWILIO_FROM_NUMBER=FROM_NUMBER, TWILIO_API_BASE_URL=twilio.base_url)
    with pytest.raises(SmsError) as refused:
        send_sms(settings.sms, PHONE, "Hello")
    # Fixing .env mends it: not a reason to give the text up.
    assert (refused.value.status, refused.value.code, refused.value.permanent) == (
        401, 20003, False)
    assert twilio.sent == []


def test_a_body_twilio_would_refuse_is_never_posted(sms_settings, twilio):
    with pytest.raises(SmsError) as refused:
        send_sms(sms_settings.sms, PHONE, "x" * 1601)
    assert refused.value.permanent and twilio.requests == []


def test_429_and_500_are_retried_with_backoff_until_twilio_accepts(
        session_factory, sms_settings, twilio):
    notification = text(session_factory, lead_with_consent(session_factory))
    twilio.scripted.extend([(429, 20429), (500, 20500)])
    first = deliver_due(session_factory, sms_settings, now=TUESDAY_AFTERNOON)
    assert (first.failed, first.delivered) == (1, 0)
    assert "429" in row(session_factory, notification).last_error
    # Not due again until the backoff has passed.
    assert deliver_due(session_factory, sms_settings, now=TUESDAY_AFTERNOON).failed == 0
    second = deliver_due(session_factory, sms_settings,
                         now=TUESDAY_AFTERNOON + timedelta(seconds=31))
    assert second.failed == 1 and "500" in row(session_factory, notification).last_error
    third = deliver_due(session_factory, sms_settings,
                        now=TUESDAY_AFTERNOON + timedelta(minutes=2))
    assert third.delivered == 1
    assert [r.status for r in twilio.requests] == [429, 500, 201]
    assert twilio.texts_to(PHONE) == ["Hello from the clinic"]
    assert row(session_factory, notification).attempts == 3


def test_an_invalid_number_is_given_up_at_once(session_factory, sms_settings, twilio):
    notification = text(session_factory, lead_with_consent(session_factory))
    twilio.invalid_numbers.add(PHONE)
    report = deliver_due(session_factory, sms_settings, now=TUESDAY_AFTERNOON)
    assert (report.failed, report.gave_up) == (1, 1)
    assert row(session_factory, notification).status.value == "failed"
    assert deliver_due(session_factory, sms_settings,
                       now=TUESDAY_AFTERNOON + timedelta(days=1)).failed == 0
    assert len(twilio.requests) == 1
    [failed] = failed_notifications(session_factory)
    assert "21211" in failed.last_error and PHONE not in failed.recipient


def test_twilios_unsubscribed_answer_records_the_opt_out(session_factory, sms_settings, twilio):
    text(session_factory, lead_with_consent(session_factory))
    twilio.unsubscribed.add(PHONE)
    assert deliver_due(session_factory, sms_settings, now=TUESDAY_AFTERNOON).gave_up == 1
    assert latest_state(session_factory, PHONE)["opted_out"] is True


def test_no_text_without_consent_to_be_contacted(session_factory, sms_settings, twilio):
    notification = text(session_factory, lead_with_consent(session_factory, granted=False))
    assert deliver_due(session_factory, sms_settings, now=TUESDAY_AFTERNOON).skipped == 1
    assert twilio.requests == []
    assert "consent" in row(session_factory, notification).last_error


def test_the_owner_of_a_number_is_never_texted_about_a_duplicates_booking(
        session_factory, sms_settings, twilio):
    lead_with_consent(session_factory)
    # Someone else typed the same number on the web: a duplicate lead, never proven.
    duplicate = save_contact(session_factory, ContactRecord(
        conversation_id="someone-else", channel="rest", name="Not Maria", phone=PHONE,
        consent=consent()))
    assert duplicate.duplicate_of is not None
    text(session_factory, duplicate.reference)
    assert deliver_due(session_factory, sms_settings, now=TUESDAY_AFTERNOON).skipped == 1
    assert twilio.requests == []


def test_a_number_that_opted_out_gets_nothing_until_it_opts_in(
        session_factory, sms_settings, twilio):
    lead = lead_with_consent(session_factory)
    set_opted_out(session_factory, PHONE, True, TUESDAY_AFTERNOON - timedelta(hours=1))
    held_back = text(session_factory, lead)
    assert deliver_due(session_factory, sms_settings, now=TUESDAY_AFTERNOON).skipped == 1
    assert "opted out" in row(session_factory, held_back).last_error
    assert twilio.requests == []
    set_opted_out(session_factory, PHONE, False, TUESDAY_AFTERNOON)
    text(session_factory, lead)
    assert deliver_due(session_factory, sms_settings, now=TUESDAY_AFTERNOON).delivered == 1
    assert len(twilio.texts_to(PHONE)) == 1


def test_a_text_due_on_sunday_morning_waits_for_noon(session_factory, sms_settings, twilio):
    notification = text(session_factory, lead_with_consent(session_factory))
    sunday_morning = datetime(2030, 12, 8, 15, 0, tzinfo=timezone.utc)  # 9 AM Central
    report = deliver_due(session_factory, sms_settings, now=sunday_morning)
    assert (report.held, report.delivered, report.failed) == (1, 0, 0)
    held = row(session_factory, notification)
    assert held.attempts == 0  # waiting is not a failed attempt
    assert held.next_attempt_at.replace(tzinfo=timezone.utc) == datetime(
        2030, 12, 8, 18, 0, tzinfo=timezone.utc)  # noon Central
    assert twilio.requests == []
    assert deliver_due(session_factory, sms_settings,
                       now=datetime(2030, 12, 8, 17, 59, tzinfo=timezone.utc)).delivered == 0
    assert deliver_due(session_factory, sms_settings,
                       now=datetime(2030, 12, 8, 18, 0, tzinfo=timezone.utc)).delivered == 1


def _book(session_factory, settings, lead: str, starts_at: datetime = CONSULTATION,
          booked_by_text: bool = False) -> tuple[str, list]:
    reference = new_consultation_reference()
    booked = book_slot(session_factory, reference=reference, lead_reference=lead,
                       starts_at=starts_at, minutes=30, channel="rest",
                       conversation_id="conv", notify=booking_notify(
                           settings, "booked", reference, starts_at,
                           booked_by_text=booked_by_text))
    return reference, booked.notification_ids


def _sms_rows(session_factory) -> list:
    with session_factory() as session:
        return list(session.scalars(select(Notification).where(Notification.channel == "sms")
                                    .order_by(Notification.id)))


def test_a_booking_texts_a_confirmation_now_and_a_reminder_the_day_before_at_10(
        session_factory, sms_settings, twilio):
    reference, _ = _book(session_factory, sms_settings, lead_with_consent(session_factory))
    confirmation, reminder = _sms_rows(session_factory)
    assert (confirmation.topic, reminder.topic) == ("confirmation", "reminder")
    # Sunday 8 Dec, 10 AM Central is in the Sunday quiet hours: the outbox holds it to noon.
    assert reminder.next_attempt_at.replace(tzinfo=timezone.utc) == datetime(
        2030, 12, 8, 16, 0, tzinfo=timezone.utc)
    assert deliver_due(session_factory, sms_settings, now=TUESDAY_AFTERNOON).delivered == 1
    [confirmed] = twilio.texts_to(PHONE)
    assert reference in confirmed and "Mon Dec 9, 10:30 AM" in confirmed
    # By text, "cancel" alone opts out: the text says which sentence to send.
    assert '"cancel my appointment"' in confirmed
    sunday_10 = datetime(2030, 12, 8, 16, 0, tzinfo=timezone.utc)
    assert deliver_due(session_factory, sms_settings, now=sunday_10).held == 1
    assert deliver_due(session_factory, sms_settings,
                       now=sunday_10 + timedelta(hours=2)).delivered == 1
    reminded = twilio.texts_to(PHONE)[1]
    assert reminded.startswith("Reminder from") and "tomorrow" in reminded


def test_a_booking_made_by_text_gets_no_second_confirmation(session_factory, sms_settings):
    _book(session_factory, sms_settings, lead_with_consent(session_factory), booked_by_text=True)
    assert [r.topic for r in _sms_rows(session_factory)] == ["reminder"]


def test_a_cancelled_consultation_gets_no_reminder(session_factory, sms_settings, twilio):
    reference, _ = _book(session_factory, sms_settings, lead_with_consent(session_factory))
    cancel(session_factory, reference)
    report = deliver_due(session_factory, sms_settings,
                         now=datetime(2030, 12, 8, 18, 0, tzinfo=timezone.utc))
    # The emailed and texted confirmations, and the reminder.
    assert report.skipped == 3 and twilio.requests == []
    assert {r.status.value for r in _sms_rows(session_factory)} == {"skipped"}


def test_with_sms_off_a_booking_queues_no_texts(session_factory, make_settings):
    settings = make_settings()
    _book(session_factory, settings, lead_with_consent(session_factory))
    assert _sms_rows(session_factory) == []


def test_treated_consultations_get_a_check_in_two_days_later(
        session_factory, sms_settings, twilio):
    reference, _ = _book(session_factory, sms_settings, lead_with_consent(session_factory))
    with pytest.raises(AftercareError, match="not taken place"):
        mark_treated(session_factory, sms_settings, reference,
                     now=CONSULTATION - timedelta(hours=1))
    after = CONSULTATION + timedelta(hours=1)
    treated = mark_treated(session_factory, sms_settings, reference, now=after)
    assert len(treated.notification_ids) == 1
    again = mark_treated(session_factory, sms_settings, reference, now=after)
    assert again.notification_ids == []  # marking twice queues nothing more
    checkin = row(session_factory, treated.notification_ids[0])
    assert checkin.topic == "aftercare_checkin"
    assert checkin.next_attempt_at.replace(tzinfo=timezone.utc) == CONSULTATION + timedelta(
        days=2)
    late = deliver_due(session_factory, sms_settings, now=CONSULTATION + timedelta(days=1))
    # The confirmation goes; a reminder no longer helps once the consultation has begun.
    assert (late.delivered, late.skipped) == (1, 1)
    assert deliver_due(session_factory, sms_settings,
                       now=CONSULTATION + timedelta(days=2)).delivered == 1
    asked = twilio.texts_to(PHONE)[-1]
    assert "how is your skin healing" in asked and "FINE" in asked and "911" in asked


def test_a_cancelled_or_callback_consultation_cannot_be_marked_treated(
        session_factory, sms_settings):
    reference, _ = _book(session_factory, sms_settings, lead_with_consent(session_factory))
    cancel(session_factory, reference)
    with pytest.raises(AftercareError, match="cancelled"):
        mark_treated(session_factory, sms_settings, reference,
                     now=CONSULTATION + timedelta(days=1))
    with pytest.raises(AftercareError, match="no consultation"):
        mark_treated(session_factory, sms_settings, "C-NOSUCH00")


def test_a_spanish_speaking_leads_texts_go_out_in_spanish(session_factory, sms_settings, twilio):
    reference, _ = _book(session_factory, sms_settings,
                         lead_with_consent(session_factory, language="es"))
    assert deliver_due(session_factory, sms_settings, now=TUESDAY_AFTERNOON).delivered == 1
    [confirmed] = twilio.texts_to(PHONE)
    assert confirmed.startswith("Listo, su consulta es el 9 de diciembre a las 10:30 a. m.")
    assert reference in confirmed and '"cancelar mi cita"' in confirmed
    sunday_noon = datetime(2030, 12, 8, 18, 0, tzinfo=timezone.utc)
    assert deliver_due(session_factory, sms_settings, now=sunday_noon).delivered == 1
    assert twilio.texts_to(PHONE)[1].startswith("Recordatorio de")
    treated = mark_treated(session_factory, sms_settings, reference,
                           now=CONSULTATION + timedelta(hours=1))
    assert deliver_due(session_factory, sms_settings,
                       now=CONSULTATION + timedelta(days=2)).delivered == 1
    assert len(treated.notification_ids) == 1
    asked = twilio.texts_to(PHONE)[-1]
    assert "¿qué tal va sanando su piel" in asked and "BIEN" in asked and "911" in asked
