"""Delivering a booking's notifications without making the visitor wait.

The work runs on the outbox's own threads (bot.notify.outbox.deliver_soon); this name stays
for the booking actions that import it from here.
"""

from __future__ import annotations

from bot.notify.outbox import deliver_soon

__all__ = ["deliver_soon"]
