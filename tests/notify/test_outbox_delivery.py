"""How the outbox delivers: no database connection held while sending, its own threads,
a limit on attempts, failures listed without personal details, and no confirmation for a
consultation that is no longer booked."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from icalendar import Calendar
from sqlalchemy import event, select

from bot import cli
from bot.booking.notices import visitor_confirmation_draft
from bot.notify.outbox import (
    NotificationDraft,
    deliver_due,
    deliver_soon,
    failed_notifications,
    queue,
)
from bot.store.bookings import book_slot, cancel
from bot.store.leads import save_intake
from bot.store.models import Notification, new_consultation_reference
from tests.store.conftest import intake

NOW = datetime(2030, 1, 1, 12, 0, tzinfo=timezone.utc)
START = datetime(2030, 6, 3, 15, 0, tzinfo=timezone.utc)
BODY = "Maria Lopez, severe, Tue 10:30"


def _queue(session_factory, *drafts: NotificationDraft) -> list:
    with session_factory.begin() as session:
        return queue(session, drafts)


def _email(to: str = "maria@example.com") -> NotificationDraft:
    return NotificationDraft("email", "booked", to, {"subject": "New booking", "body": BODY})


def _smtp_settings(make_settings, inbox, **values):
    return make_settings(SMTP_HOST=inbox.host, SMTP_PORT=str(inbox.port), SMTP_STARTTLS="false",
                         **values)


def _statuses(session_factory) -> dict:
    with session_factory() as session:
        return {row.id: row.status.value for row in session.scalars(select(Notification))}


def test_no_database_connection_is_held_while_a_notification_is_sent(
    engine, session_factory, make_settings, smtp_server, webhook_receiver
):
    in_use = [0]
    seen_while_sending = []
    event.listen(engine, "checkout", lambda *_: in_use.__setitem__(0, in_use[0] + 1))
    event.listen(engine, "checkin", lambda *_: in_use.__setitem__(0, in_use[0] - 1))
    original = smtp_server.handle_message

    def on_mail(message) -> None:  # type: ignore[no-untyped-def]
        seen_while_sending.append(("email", in_use[0]))
        original(message)

    smtp_server.handle_message = on_mail  # type: ignore[method-assign]
    receiver = webhook_receiver(on_request=lambda: seen_while_sending.append(
        ("webhook", in_use[0])))
    settings = _smtp_settings(make_settings, smtp_server, STAFF_WEBHOOK_URL=receiver.url,
                              STAFF_WEBHOOK_SECRET="s3cret")
    ids = _queue(session_factory, _email(),
                 NotificationDraft("webhook", "booked", receiver.url, {"event": "booked"}))
    assert deliver_due(session_factory, settings, ids, NOW).delivered == 2
    assert sorted(seen_while_sending) == [("email", 0), ("webhook", 0)]


def test_after_notify_max_attempts_a_notification_is_marked_failed_and_not_retried(
    session_factory, make_settings, webhook_receiver
):
    receiver = webhook_receiver(fail_first=100)
    settings = make_settings(STAFF_WEBHOOK_URL=receiver.url, STAFF_WEBHOOK_SECRET="s3cret",
                             NOTIFY_MAX_ATTEMPTS="2")
    ids = _queue(session_factory,
                 NotificationDraft("webhook", "booked", receiver.url, {"event": "booked"}))
    first = deliver_due(session_factory, settings, ids, NOW)
    assert (first.failed, first.gave_up) == (1, 0)
    second = deliver_due(session_factory, settings, ids, NOW + timedelta(hours=1))
    assert (second.failed, second.gave_up) == (1, 1)
    assert deliver_due(session_factory, settings, None, NOW + timedelta(days=30)).failed == 0
    assert len(receiver.requests) == 2
    assert _statuses(session_factory) == {ids[0]: "failed"}


def test_notify_max_attempts_is_eight_unless_set(make_settings):
    assert make_settings().notifications.max_attempts == 8


def test_failed_notifications_are_listed_with_masked_recipients_and_no_message_text(
    database_url, session_factory, make_settings, capsys
):
    settings = make_settings(NOTIFY_MAX_ATTEMPTS="1")  # no SMTP_HOST: every email fails
    ids = _queue(session_factory, _email("maria@example.com"), _email("jo@clinic.example"))
    assert deliver_due(session_factory, settings, ids, NOW).gave_up == 2

    failed = failed_notifications(session_factory)
    assert [(n.id, n.channel, n.topic, n.recipient, n.attempts) for n in failed] == [
        (ids[0], "email", "booked", "m***@example.com", 1),
        (ids[1], "email", "booked", "j***@clinic.example", 1)]
    assert "SMTP_HOST is not set" in failed[0].last_error
    assert failed[0].created_at.tzinfo is not None

    assert cli.main(["notifications", "list", "--failed"],
                    settings=make_settings(DATABASE_URL=database_url)) == 0
    printed = capsys.readouterr().out
    assert "m***@example.com" in printed and "j***@clinic.example" in printed
    assert "maria@example.com" not in printed and "jo@clinic.example" not in printed
    assert BODY not in printed and "New booking" not in printed
    assert "2 failed notification(s)" in printed


def _lead(session_factory) -> str:
    return save_intake(session_factory, intake("conv-1")).reference


def _book_with_confirmation(session_factory, settings, lead, start, replaces=None) -> str:
    reference = new_consultation_reference()
    book_slot(session_factory, reference=reference, lead_reference=lead, starts_at=start,
              minutes=30, channel="rest", conversation_id="conv-1", replaces=replaces,
              notifications=visitor_confirmation_draft(settings, "maria@example.com",
                                                       reference, start))
    return reference


def test_a_confirmation_is_not_sent_for_a_consultation_cancelled_before_it_went_out(
    session_factory, make_settings, smtp_server
):
    settings = _smtp_settings(make_settings, smtp_server)
    reference = _book_with_confirmation(session_factory, settings, _lead(session_factory), START)
    cancel(session_factory, reference)
    report = deliver_due(session_factory, settings, None, NOW)
    assert (report.skipped, report.delivered, report.failed) == (1, 0, 0)
    assert smtp_server.messages == []
    assert list(_statuses(session_factory).values()) == ["skipped"]


def test_only_the_new_time_is_confirmed_when_a_consultation_is_moved_before_sending(
    session_factory, make_settings, smtp_server
):
    settings = _smtp_settings(make_settings, smtp_server)
    lead = _lead(session_factory)
    old = _book_with_confirmation(session_factory, settings, lead, START)
    new = _book_with_confirmation(session_factory, settings, lead, START + timedelta(days=1),
                                  replaces=old)
    report = deliver_due(session_factory, settings, None, NOW)
    assert (report.skipped, report.delivered) == (1, 1)
    [message] = smtp_server.messages
    [text] = [part.get_payload(decode=True).decode() for part in message.walk()
              if part.get_content_type() == "text/plain"]
    assert f"Reference {new}" in text
    assert sorted(_statuses(session_factory).values()) == ["delivered", "skipped"]


def test_deliver_soon_delivers_in_the_background(session_factory, make_settings, smtp_server):
    settings = _smtp_settings(make_settings, smtp_server)
    ids = _queue(session_factory, _email())
    report = deliver_soon(ids, session_factory, settings).result(timeout=30)
    assert report.delivered == 1 and len(smtp_server.messages) == 1


def test_a_hung_mail_server_never_takes_the_event_loops_default_executor(
    session_factory, make_settings, silent_server
):
    settings = make_settings(SMTP_HOST=silent_server.host, SMTP_PORT=str(silent_server.port),
                             SMTP_STARTTLS="false")
    ids = [_queue(session_factory, _email())[0] for _ in range(3)]

    async def booking_action() -> str:
        loop = asyncio.get_running_loop()
        # One thread, as a busy action server might have left: if deliveries ran here, the
        # next database call of any action would wait behind the hung server.
        loop.set_default_executor(ThreadPoolExecutor(max_workers=1))
        futures = [deliver_soon([notification_id], session_factory, settings)
                   for notification_id in ids]
        assert silent_server.connected.wait(5)  # a delivery is now stuck on the server
        answer = await asyncio.wait_for(loop.run_in_executor(None, lambda: "free"), 2)
        silent_server.hang_up()  # the hung sends now fail at once instead of timing out
        reports = [await asyncio.wrap_future(future) for future in futures]
        assert sum(report.failed for report in reports) == 3
        return answer

    assert asyncio.run(booking_action()) == "free"


def test_a_spanish_confirmation_arrives_with_its_accents_and_a_spanish_calendar_file(
    session_factory, make_settings, smtp_server
):
    settings = _smtp_settings(make_settings, smtp_server)
    reference = new_consultation_reference()
    book_slot(session_factory, reference=reference, lead_reference=_lead(session_factory),
              starts_at=START, minutes=30, channel="rest", conversation_id="conv-1",
              notifications=visitor_confirmation_draft(settings, "maria@example.com",
                                                       reference, START, "es"))
    assert deliver_due(session_factory, settings, None, NOW).delivered == 1
    [message] = smtp_server.messages
    assert message["Subject"].startswith("Su consulta en")
    [text] = [part.get_payload(decode=True).decode() for part in message.walk()
              if part.get_content_type() == "text/plain"]
    assert "quedó para el lunes 3 de junio" in text and f"Referencia {reference}" in text
    [ics] = [part.get_payload(decode=True).decode() for part in message.walk()
             if part.get_content_type() == "text/calendar"]
    [consultation] = Calendar.from_ical(ics).walk("VEVENT")
    assert str(consultation["summary"]).startswith("Consulta en")
    assert "tretinoína" in str(consultation["description"])
