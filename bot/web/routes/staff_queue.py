"""The "talk to a person" queue (`/staff/queue`): conversations whose visitor asked for a
person, the longest waiting first (first come, first served: a newer request does not jump
ahead of someone who has waited longer), and those staff are in now. Its count is in the
navigation of every portal page; on the queue page its script (bot/web/staff/assets/live.js)
asks `/staff/queue/updates` for it every few seconds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Dict

from starlette.responses import Response
from starlette.routing import Route

from bot.store.handoff import holds, waiting, waiting_count
from bot.web.staff.guard import CONTEXT_PROVIDERS, Visit, json_answer, portal_page, render_visit


@dataclass(frozen=True)
class NavItem:
    name: str
    href: str
    label: str
    count: int


def queue_nav(visit: Visit) -> Dict[str, Any]:
    """The Queue link with its count of waiting conversations, for every portal page."""
    return {"extra_nav": [NavItem("queue", "/staff/queue", "Queue", waiting_count(visit.sessions))]}


CONTEXT_PROVIDERS.append(queue_nav)


def minutes_since(moment: datetime, now: datetime) -> str:
    minutes = max(int((now - moment).total_seconds() // 60), 0)
    if minutes < 1:
        return "under a minute"
    if minutes < 120:
        return f"{minutes} minute{'' if minutes == 1 else 's'}"
    hours = minutes // 60
    return f"{hours} hours" if hours < 48 else f"{hours // 24} days"


@portal_page()
def queue_page(visit: Visit) -> Response:
    now = datetime.now(timezone.utc)
    return render_visit(
        visit,
        "staff/queue.html",
        waiting=waiting(visit.sessions),
        holds=holds(visit.sessions),
        waited=lambda at: minutes_since(at, now),
    )


@portal_page(renew=False)
def queue_updates(visit: Visit) -> Response:
    """For the page's script: how many visitors wait for a person now."""
    return json_answer({"waiting": waiting_count(visit.sessions)})


routes = [
    Route("/queue", queue_page, name="staff_queue"),
    Route("/queue/updates", queue_updates, name="staff_queue_updates"),
]
