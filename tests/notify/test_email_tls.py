"""Email goes only over STARTTLS to a server whose certificate verifies (system CAs or
SMTP_CA_FILE): tested against a real aiosmtpd server with a self-signed certificate."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.notify.outbox import NotificationDraft, deliver_due, queue
from bot.store.models import Notification

NOW = datetime(2030, 1, 1, 12, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(hours=2)


def _queue_email(session_factory) -> list:
    with session_factory.begin() as session:
        return queue(session, [NotificationDraft(
            "email", "booked", "staff@clinic.example",
            {"subject": "New booking", "body": "Maria Lopez, Tue 10:30"})])


def _settings(make_settings, server, **values):
    return make_settings(STAFF_EMAIL="staff@clinic.example", SMTP_HOST="127.0.0.1",
                         SMTP_PORT=str(server.port), SMTP_STARTTLS="true", **values)


def _row(session_factory) -> Notification:
    with session_factory() as session:
        return session.scalars(select(Notification)).one()


def test_email_to_a_server_with_an_untrusted_certificate_is_not_sent_and_kept_for_retry(
    session_factory, make_settings, tls_smtp_server
):
    ids = _queue_email(session_factory)
    report = deliver_due(session_factory, _settings(make_settings, tls_smtp_server.inbox),
                         ids, NOW)
    assert (report.delivered, report.failed, report.gave_up) == (0, 1, 0)
    assert tls_smtp_server.inbox.messages == []
    row = _row(session_factory)
    assert row.status.value == "pending" and row.attempts == 1
    assert "CERTIFICATE_VERIFY_FAILED" in row.last_error


def test_email_is_delivered_over_starttls_when_smtp_ca_file_trusts_the_certificate(
    session_factory, make_settings, tls_smtp_server
):
    ids = _queue_email(session_factory)
    untrusted = _settings(make_settings, tls_smtp_server.inbox)
    assert deliver_due(session_factory, untrusted, ids, NOW).failed == 1
    trusted = _settings(make_settings, tls_smtp_server.inbox,
                        SMTP_CA_FILE=str(tls_smtp_server.ca_file))
    assert deliver_due(session_factory, trusted, ids, LATER).delivered == 1
    [message] = tls_smtp_server.inbox.messages
    assert message["Subject"] == "New booking"
    row = _row(session_factory)
    assert row.status.value == "delivered" and row.attempts == 2


def test_email_is_not_sent_in_the_clear_when_the_server_offers_no_starttls(
    session_factory, make_settings, smtp_server
):
    ids = _queue_email(session_factory)
    report = deliver_due(session_factory, _settings(make_settings, smtp_server), ids, NOW)
    assert report.failed == 1
    assert smtp_server.messages == []
    assert "STARTTLS" in _row(session_factory).last_error
