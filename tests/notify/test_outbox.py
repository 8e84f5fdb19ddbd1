"""Notifications reach a real SMTP server and a signed webhook; failures are retried."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.notify.outbox import NotificationDraft, deliver_due, queue, retry_delay
from bot.store.models import Notification

NOW = datetime(2030, 1, 1, 12, 0, tzinfo=timezone.utc)


def _queue_drafts(session_factory, *drafts):
    with session_factory.begin() as session:
        return queue(session, drafts)


def _settings(make_settings, smtp=None, webhook=None):
    values = {"STAFF_EMAIL": "staff@clinic.example", "SMTP_STARTTLS": "false"}
    if smtp:
        values.update(SMTP_HOST=smtp.host, SMTP_PORT=str(smtp.port))
    if webhook:
        values.update(STAFF_WEBHOOK_URL=webhook.url, STAFF_WEBHOOK_SECRET="s3cret")
    return make_settings(**values)


def test_email_with_calendar_attachment_reaches_the_smtp_server(
    session_factory, make_settings, smtp_server
):
    inbox = smtp_server
    ids = _queue_drafts(session_factory, NotificationDraft(
        "email", "confirmation", "maria@example.com",
        {"subject": "Your consultation", "body": "See you Tuesday.",
         "attachments": [{"filename": "consultation.ics", "mimetype": "text/calendar",
                          "content": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"}]}))
    report = deliver_due(session_factory, _settings(make_settings, smtp=inbox), ids, NOW)
    assert report.delivered == 1
    [message] = inbox.messages
    assert message["To"] == "maria@example.com"
    assert message["Subject"] == "Your consultation"
    parts = {part.get_filename(): part for part in message.walk() if part.get_filename()}
    assert "BEGIN:VCALENDAR" in parts["consultation.ics"].get_payload(decode=True).decode()


def test_webhook_is_signed_with_hmac_of_the_body(session_factory, make_settings,
                                                 webhook_receiver):
    receiver = webhook_receiver()
    settings = _settings(make_settings, webhook=receiver)
    ids = _queue_drafts(session_factory, NotificationDraft(
        "webhook", "booked", receiver.url, {"event": "booked", "name": "Maria Lopez"}))
    assert deliver_due(session_factory, settings, ids, NOW).delivered == 1
    [request] = receiver.requests
    expected = hmac.new(b"s3cret", request["body"], hashlib.sha256).hexdigest()
    assert request["headers"]["X-Clinic-Signature"] == f"sha256={expected}"
    assert receiver.payloads()[0]["name"] == "Maria Lopez"


def test_a_failed_webhook_is_kept_and_retried_with_backoff(session_factory, make_settings,
                                                           webhook_receiver):
    receiver = webhook_receiver(fail_first=2)
    settings = _settings(make_settings, webhook=receiver)
    ids = _queue_drafts(session_factory, NotificationDraft(
        "webhook", "booked", receiver.url, {"event": "booked"}))
    assert deliver_due(session_factory, settings, ids, NOW).failed == 1
    assert deliver_due(session_factory, settings, ids, NOW).failed == 0  # not due yet
    later = NOW + retry_delay(1)
    assert deliver_due(session_factory, settings, ids, later).failed == 1
    assert deliver_due(session_factory, settings, ids, later + retry_delay(2)).delivered == 1
    with session_factory() as session:
        row = session.scalars(select(Notification)).one()
        assert row.attempts == 3 and row.delivered_at is not None
        assert "503" in row.last_error
    assert len(receiver.requests) == 3


def test_email_waits_in_the_outbox_until_smtp_is_configured(session_factory, make_settings,
                                                            smtp_server):
    ids = _queue_drafts(session_factory, NotificationDraft(
        "email", "booked", "staff@clinic.example", {"subject": "New booking", "body": "x"}))
    assert deliver_due(session_factory, _settings(make_settings), ids, NOW).failed == 1
    inbox = smtp_server
    later = NOW + timedelta(hours=2)
    assert deliver_due(session_factory, _settings(make_settings, smtp=inbox), ids,
                       later).delivered == 1
    assert len(inbox.messages) == 1


def test_retry_delay_doubles_up_to_an_hour():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert retry_delay(20) == timedelta(hours=1)
