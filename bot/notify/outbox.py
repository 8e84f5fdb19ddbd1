"""The notification outbox: emails, webhooks and texts queued with a booking and delivered
after it.

`queue` writes drafts in the caller's transaction, so a booking and its notifications are
stored together or not at all. `deliver_due` sends what is due: each row is claimed in a short
transaction, sent with no database session open (a slow mail server holds no connection or
lock), and its result recorded in another short transaction. A failure is kept with its error
and retried with backoff (30 s doubling to an hour) until NOTIFY_MAX_ATTEMPTS attempts, then
marked failed for staff to see (`python -m bot notifications list --failed`). `deliver_soon`
runs that right after a booking, on the outbox's own two threads.

Called right after a booking (for its own notifications) and every half minute by
`python -m bot run` (or `python -m bot notifications send` from cron in production).

Texts (channel "sms", through Twilio's Messages API) are proactive: each is checked when its
turn comes, not when it was queued. A number that opted out (STOP), or whose lead has no
consent to be contacted, is skipped; outside the Texas quiet hours (bot/notify/quiet_hours.py)
the text waits, without an attempt counted, until they end. A draft's `not_before` holds it
until then (a reminder the day before). An error Twilio answers the same way every time (an
invalid number) is given up at once; 429s and 5xx are retried.
"""

from __future__ import annotations

import logging
import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, Iterable, List
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.notify.email import send_email
from bot.notify.quiet_hours import next_allowed
from bot.notify.sms import UNSUBSCRIBED, SmsError, send_sms
from bot.notify.webhook import post_signed
from bot.settings import Settings, get_settings
from bot.store.db import clinic_sessions
from bot.store.models import (
    Consultation,
    ConsultationStatus,
    Notification,
    NotificationStatus,
    as_utc,
)
from bot.store.sms import set_opted_out, texting_refused

__all__ = [
    "DeliveryReport",
    "FailedNotification",
    "NotificationDraft",
    "deliver_due",
    "deliver_soon",
    "failed_notifications",
    "queue",
    "retry_delay",
]

logger = logging.getLogger(__name__)

CLAIM_FOR = timedelta(minutes=5)  # far longer than one send can take (10 s timeouts)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
# The visitor's confirmation and reminder are sent only while the consultation is still live.
CONFIRMATION_TOPIC = "confirmation"
REMINDER_TOPIC = "reminder"
LIVE_ONLY_TOPICS = frozenset({CONFIRMATION_TOPIC, REMINDER_TOPIC})

# Its own threads: a hanging mail server must never occupy the event loop's default
# executor, which the actions use for every database call.
_EXECUTOR = ThreadPoolExecutor(max_workers=2, thread_name_prefix="outbox")


@dataclass(frozen=True)
class NotificationDraft:
    """An email, webhook or text to queue.

    payload: for email, subject, body and optional attachments [{filename, content,
    mimetype}]; for a webhook, the JSON object to post (event_id and timestamp are added at
    send time); for a text, its body and the `lead_reference` whose consent it needs. A
    "confirmation" or "reminder" whose payload names a `consultation_reference` is skipped if
    that consultation is cancelled (or moved) before it is sent.
    """

    channel: str  # "email", "webhook" or "sms"
    topic: str
    recipient: str  # an email address, a URL, or an E.164 number
    payload: Dict[str, Any]
    not_before: datetime | None = None  # not sent before then (None: at once)


@dataclass
class DeliveryReport:
    """What one delivery round did."""

    delivered: int = 0
    failed: int = 0  # attempts that failed this round
    gave_up: int = 0  # of those, the ones marked failed after NOTIFY_MAX_ATTEMPTS attempts
    skipped: int = 0  # no longer true (a confirmation of a cancelled consultation, a text
    # to a number that opted out)
    held: int = 0  # texts waiting for the end of the quiet hours


@dataclass(frozen=True)
class FailedNotification:
    """A notification given up on, as staff may see it: the recipient masked, no body."""

    id: int
    channel: str
    topic: str
    recipient: str  # masked: j***@example.com, https://hooks.example/***, +1210*****23
    attempts: int
    last_error: str
    created_at: datetime


def queue(session: Session, drafts: Iterable[NotificationDraft]) -> List[int]:
    """Add the drafts to the outbox in the caller's transaction; their ids, in order."""
    rows = [Notification(channel=d.channel, topic=d.topic, recipient=d.recipient,
                         payload=d.payload,
                         **({"next_attempt_at": d.not_before} if d.not_before else {}))
            for d in drafts]
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows]


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... capped at an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def deliver_due(
    session_factory: sessionmaker,
    settings: Settings,
    only: Iterable[int] | None = None,
    now: datetime | None = None,
) -> DeliveryReport:
    """Send every pending notification that is due (or only those of `only`).

    `now` fixes the clock for tests; by default each step reads the current time.
    """
    clock: Callable[[], datetime] = (lambda: now) if now else _utcnow
    report = DeliveryReport()
    query = select(Notification.id).where(
        Notification.status == NotificationStatus.PENDING,
        Notification.next_attempt_at <= clock(),
    )
    if only is not None:
        query = query.where(Notification.id.in_(list(only)))
    with session_factory() as session:
        due = session.scalars(query.order_by(Notification.id)).all()
    for notification_id in due:
        claimed = _claim(session_factory, notification_id, clock(), settings)
        if claimed is None:
            continue  # another worker has it, or it was delivered meanwhile
        if claimed is _SKIPPED:
            report.skipped += 1
            continue
        if claimed is _HELD:
            report.held += 1
            continue
        try:
            _send(claimed, settings)
        except Exception as error:  # noqa: BLE001 - any failure is kept and retried
            report.failed += 1
            if _record_failure(session_factory, claimed, error, clock(),
                               settings.notifications.max_attempts):
                report.gave_up += 1
        else:
            _record_delivery(session_factory, claimed.id, clock())
            report.delivered += 1
    return report


def deliver_soon(
    notification_ids: Iterable[int],
    session_factory: sessionmaker | None = None,
    settings: Settings | None = None,
) -> Future[DeliveryReport]:
    """Start delivering these notifications on the outbox's threads and return at once.

    Failures stay queued for the next round; the future's report is for tests and logs.
    Defaults: the configured database and settings.
    """
    ids = list(notification_ids)
    if not ids:
        done: Future[DeliveryReport] = Future()
        done.set_result(DeliveryReport())
        return done

    def deliver() -> DeliveryReport:
        try:
            return deliver_due(session_factory or clinic_sessions(), settings or get_settings(),
                               only=ids)
        except Exception:
            logger.exception("Delivering notifications %s failed", ids)
            return DeliveryReport()

    return _EXECUTOR.submit(deliver)


def failed_notifications(session_factory: sessionmaker) -> List[FailedNotification]:
    """Notifications given up on, oldest first, with recipients and errors masked."""
    with session_factory() as session:
        rows = session.scalars(
            select(Notification)
            .where(Notification.status == NotificationStatus.FAILED)
            .order_by(Notification.id)
        ).all()
        return [
            FailedNotification(
                id=row.id, channel=row.channel, topic=row.topic,
                recipient=_mask(row.recipient), attempts=row.attempts,
                last_error=_mask(row.last_error or ""), created_at=as_utc(row.created_at),
            )
            for row in rows
        ]


@dataclass(frozen=True)
class _Claimed:
    id: int
    channel: str
    recipient: str
    payload: Dict[str, Any]
    event_id: str


_SKIPPED = _Claimed(0, "", "", {}, "")
_HELD = _Claimed(0, "", "", {}, "")


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _claim(
    session_factory: sessionmaker, notification_id: int, now: datetime, settings: Settings,
) -> _Claimed | None:
    """Take the row for CLAIM_FOR, so no other worker sends it meanwhile; _SKIPPED if it is
    no longer true (or a text that must not go); _HELD for a text in the quiet hours; None if
    someone else has it."""
    with session_factory.begin() as session:
        claimed = session.execute(
            update(Notification)
            .where(Notification.id == notification_id,
                   Notification.status == NotificationStatus.PENDING,
                   Notification.next_attempt_at <= now)
            .values(next_attempt_at=now + CLAIM_FOR)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            return None
        row = session.get(Notification, notification_id)
        if _no_longer_true(session, row, now):
            row.status = NotificationStatus.SKIPPED
            row.last_error = "not sent: the consultation was cancelled, moved or has begun"
            return _SKIPPED
        if row.channel == "sms":
            refused = texting_refused(session, row.recipient, row.payload.get("lead_reference"))
            if refused:
                row.status = NotificationStatus.SKIPPED
                row.last_error = f"not sent: {refused}"
                return _SKIPPED
            allowed = next_allowed(now, settings.clinic.timezone)
            if allowed > now:
                row.next_attempt_at = allowed
                return _HELD
        return _Claimed(row.id, row.channel, row.recipient, dict(row.payload), row.event_id)


def _no_longer_true(session: Session, row: Notification, now: datetime) -> bool:
    reference = row.payload.get("consultation_reference")
    if row.topic not in LIVE_ONLY_TOPICS or not reference:
        return False
    found = session.execute(
        select(Consultation.status, Consultation.starts_at)
        .where(Consultation.reference == reference)
    ).first()
    if found is None or found[0] == ConsultationStatus.CANCELLED:
        return True
    # A reminder held up (the worker down, the quiet hours) is no use once the time has come.
    return row.topic == REMINDER_TOPIC and found[1] is not None and as_utc(found[1]) <= now


def _send(claimed: _Claimed, settings: Settings) -> None:
    if claimed.channel == "email":
        send_email(settings.notifications, claimed.recipient, claimed.payload)
    elif claimed.channel == "webhook":
        post_signed(claimed.recipient, settings.notifications.webhook_secret or "",
                    claimed.payload, event_id=claimed.event_id)
    elif claimed.channel == "sms":
        send_sms(settings.sms, claimed.recipient, str(claimed.payload.get("body") or ""))
    else:
        raise ValueError(f"unknown notification channel {claimed.channel!r}")


def _record_failure(
    session_factory: sessionmaker, claimed: _Claimed, error: Exception, now: datetime,
    max_attempts: int,
) -> bool:
    """Keep the error and schedule a retry; True if this was the last attempt allowed (or an
    error no retry can change)."""
    permanent = isinstance(error, SmsError) and error.permanent
    if isinstance(error, SmsError) and error.code == UNSUBSCRIBED:
        # Twilio refuses: the person replied STOP to the number (perhaps before this
        # assistant ran). Kept here too, so nothing else is tried.
        set_opted_out(session_factory, claimed.recipient, True, now)
    with session_factory.begin() as session:
        row = session.get(Notification, claimed.id)
        row.attempts += 1
        row.last_error = f"{type(error).__name__}: {error}"[:1000]
        gave_up = permanent or row.attempts >= max_attempts
        if gave_up:
            row.status = NotificationStatus.FAILED
        else:
            row.next_attempt_at = now + retry_delay(row.attempts)
        attempts, message = row.attempts, row.last_error
    logger.warning("Notification %s failed (attempt %s%s): %s", claimed.id, attempts,
                   ", giving up" if gave_up else "", _mask(message))
    return gave_up


def _record_delivery(session_factory: sessionmaker, notification_id: int, now: datetime) -> None:
    with session_factory.begin() as session:
        row = session.get(Notification, notification_id)
        row.attempts += 1
        row.status = NotificationStatus.DELIVERED
        row.delivered_at = now


_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s'\"<>]+", re.IGNORECASE)
_EMAIL = re.compile(r"\b([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")


_PHONE = re.compile(r"\+\d{8,15}\b")


def _mask(text: str) -> str:
    """Addresses as j***@example.com, URLs as scheme://host/*** (a path may hold a token),
    numbers as +1210*****23."""
    text = _URL.sub(_mask_url, text)
    text = _PHONE.sub(lambda match: match.group(0)[:5] + "*" * (len(match.group(0)) - 7)
                      + match.group(0)[-2:], text)
    return _EMAIL.sub(lambda match: f"{match.group(1)}***@{match.group(2)}", text)


def _mask_url(match: re.Match[str]) -> str:
    parts = urlsplit(match.group(0))
    host = parts.netloc.rpartition("@")[2]
    hidden = "/***" if parts.path.strip("/") or parts.query else ""
    return f"{parts.scheme}://{host}{hidden}"
