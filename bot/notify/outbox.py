"""Deliver due notifications; a failure is kept with its error and retried with backoff.

Called right after a booking (for its own notifications) and every half minute by
`python -m bot run` (or `python -m bot notifications send` from cron in production).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import sessionmaker

from bot.notify.email import send_email
from bot.notify.webhook import post_signed
from bot.settings import Settings
from bot.store.models import Notification

logger = logging.getLogger(__name__)

CLAIM_FOR = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... capped at an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def deliver_due(
    session_factory: sessionmaker,
    settings: Settings,
    only: Iterable[int] | None = None,
    now: datetime | None = None,
) -> DeliveryReport:
    now = now or datetime.now(timezone.utc)
    report = DeliveryReport()
    query = select(Notification.id).where(
        Notification.delivered_at.is_(None), Notification.next_attempt_at <= now
    )
    if only is not None:
        query = query.where(Notification.id.in_(list(only)))
    with session_factory() as session:
        due = session.scalars(query.order_by(Notification.id)).all()
    for notification_id in due:
        if not _claim(session_factory, notification_id, now):
            continue  # another worker is delivering it
        with session_factory.begin() as session:
            notification = session.get(Notification, notification_id)
            try:
                _send(notification, settings)
            except Exception as error:  # noqa: BLE001 - any failure is kept and retried
                notification.attempts += 1
                notification.last_error = f"{type(error).__name__}: {error}"[:1000]
                notification.next_attempt_at = now + retry_delay(notification.attempts)
                logger.warning("Notification %s failed (attempt %s): %s", notification_id,
                               notification.attempts, notification.last_error)
                report.failed += 1
            else:
                notification.delivered_at = now
                notification.attempts += 1
                report.delivered += 1
    return report


def _claim(session_factory: sessionmaker, notification_id: int, now: datetime) -> bool:
    with session_factory.begin() as session:
        claimed = session.execute(
            update(Notification)
            .where(Notification.id == notification_id, Notification.delivered_at.is_(None),
                   Notification.next_attempt_at <= now)
            .values(next_attempt_at=now + CLAIM_FOR)
        )
        return claimed.rowcount == 1


def _send(notification: Notification, settings: Settings) -> None:
    if notification.channel == "email":
        send_email(settings.notifications, notification.recipient, notification.payload)
    elif notification.channel == "webhook":
        post_signed(notification.recipient, settings.notifications.webhook_secret or "",
                    notification.payload)
    else:
        raise ValueError(f"unknown notification channel {notification.channel!r}")
