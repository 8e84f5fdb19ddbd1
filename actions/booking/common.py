"""Delivering a booking's notifications without making the visitor wait."""

from __future__ import annotations

import asyncio
import logging
from typing import List

from bot.notify.outbox import deliver_due
from bot.settings import get_settings
from bot.store.db import clinic_sessions

logger = logging.getLogger(__name__)

def deliver_soon(notification_ids: List[int]) -> None:
    """Try to deliver now without making the visitor wait; failures stay queued for retry."""
    if not notification_ids:
        return

    def deliver() -> None:
        try:
            deliver_due(clinic_sessions(), get_settings(), only=notification_ids)
        except Exception:
            logger.exception("Delivering notifications %s failed", notification_ids)

    asyncio.get_running_loop().run_in_executor(None, deliver)
