"""Webhooks: event_id and timestamp inside the signed body, the same event_id on every retry,
no redirects followed, https only (plain http only on this machine); real local HTTP servers."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.notify.outbox import NotificationDraft, deliver_due, failed_notifications, queue
from bot.settings import SettingsError
from bot.store.models import Notification
from tests.conftest import free_port

NOW = datetime(2030, 1, 1, 12, 0, tzinfo=timezone.utc)
SECRET = "s3cret"


def _queue_webhook(session_factory, url: str) -> list:
    with session_factory.begin() as session:
        return queue(session, [NotificationDraft(
            "webhook", "booked", url, {"event": "booked", "name": "Maria Lopez"})])


def _settings(make_settings, url: str):
    return make_settings(STAFF_WEBHOOK_URL=url, STAFF_WEBHOOK_SECRET=SECRET)


def _verifies(request: dict) -> bool:
    expected = "sha256=" + hmac.new(SECRET.encode(), request["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(request["headers"]["X-Clinic-Signature"], expected)


def _row(session_factory) -> Notification:
    with session_factory() as session:
        return session.scalars(select(Notification)).one()


def test_webhook_body_carries_event_id_and_timestamp_inside_the_signature(
    session_factory, make_settings, webhook_receiver
):
    receiver = webhook_receiver()
    ids = _queue_webhook(session_factory, receiver.url)
    before = datetime.now(timezone.utc)
    assert deliver_due(session_factory, _settings(make_settings, receiver.url), ids,
                       NOW).delivered == 1
    [request] = receiver.requests
    assert _verifies(request)
    body = json.loads(request["body"])
    assert body["event_id"] == _row(session_factory).event_id
    assert len(body["event_id"]) == 36
    sent_at = datetime.fromisoformat(body["timestamp"])
    assert sent_at.utcoffset() == timedelta(0)
    assert before <= sent_at <= datetime.now(timezone.utc)
    assert body["name"] == "Maria Lopez"


def test_a_retried_webhook_carries_the_same_event_id_and_a_new_timestamp(
    session_factory, make_settings, webhook_receiver
):
    receiver = webhook_receiver(fail_first=1)
    settings = _settings(make_settings, receiver.url)
    ids = _queue_webhook(session_factory, receiver.url)
    assert deliver_due(session_factory, settings, ids, NOW).failed == 1
    assert deliver_due(session_factory, settings, ids, NOW + timedelta(hours=1)).delivered == 1
    first, retry = receiver.payloads()
    assert first["event_id"] == retry["event_id"]
    assert first["timestamp"] < retry["timestamp"]
    assert all(_verifies(request) for request in receiver.requests)


@pytest.mark.parametrize("status", [302, 307])  # 307 would resend the signed body as is
def test_a_redirect_is_not_followed_and_the_webhook_is_retried(
    session_factory, make_settings, webhook_receiver, status
):
    elsewhere = webhook_receiver()
    redirecting = webhook_receiver(redirect_to=elsewhere.url, redirect_status=status)
    ids = _queue_webhook(session_factory, redirecting.url)
    report = deliver_due(session_factory, _settings(make_settings, redirecting.url), ids, NOW)
    assert (report.delivered, report.failed) == (0, 1)
    assert len(redirecting.requests) == 1 and elsewhere.requests == []
    row = _row(session_factory)
    assert row.status.value == "pending" and row.next_attempt_at is not None
    assert f"{status} redirect" in row.last_error


def test_a_plain_http_webhook_off_this_machine_is_refused_without_a_request(
    session_factory, make_settings, webhook_receiver
):
    # 127.0.0.2 reaches this machine too, but is not one of the names allowed plain http: a
    # request to it would show up here.
    try:
        receiver = webhook_receiver(host="127.0.0.2")
    except OSError:
        pytest.skip("this machine cannot listen on 127.0.0.2")
    ids = _queue_webhook(session_factory, receiver.url)
    settings = _settings(make_settings, "https://hooks.clinic.example/booking")
    assert deliver_due(session_factory, settings, ids, NOW).failed == 1
    assert receiver.requests == []
    assert "https" in _row(session_factory).last_error


@pytest.mark.parametrize("url", [
    "http://hooks.clinic.example/booking", "http://127.0.0.2:8080/hook", "ftp://localhost/x",
    "hooks.clinic.example/booking",
])
def test_settings_refuse_a_staff_webhook_url_that_is_not_https(make_settings, url):
    with pytest.raises(SettingsError, match="STAFF_WEBHOOK_URL"):
        _settings(make_settings, url)


@pytest.mark.parametrize("url", [
    "https://hooks.clinic.example/booking", "http://localhost:8080/hook",
    "http://127.0.0.1:9000/hook", "http://[::1]:9000/hook",
])
def test_settings_accept_https_or_plain_http_on_this_machine(make_settings, url):
    assert _settings(make_settings, url).notifications.webhook_url == url


def test_a_failed_webhook_is_listed_without_the_token_in_its_path(session_factory, make_settings):
    url = f"http://127.0.0.1:{free_port()}/hooks/tok3n-123?key=k3y"  # nothing listens there
    ids = _queue_webhook(session_factory, url)
    settings = make_settings(STAFF_WEBHOOK_URL=url, STAFF_WEBHOOK_SECRET=SECRET,
                             NOTIFY_MAX_ATTEMPTS="1")
    assert deliver_due(session_factory, settings, ids, NOW).gave_up == 1
    [failed] = failed_notifications(session_factory)
    assert failed.recipient == f"{url.split('/hooks')[0]}/***"
    assert "ConnectionError" in failed.last_error
    assert "tok3n" not in failed.last_error + failed.recipient
    assert "k3y" not in failed.last_error + failed.recipient
