"""Unanswered questions (`/staff/unanswered`): the visitors' messages that got the fallback or
the out-of-scope answer, grouped by what they ask, so staff see which FAQ to add next; a group
is marked handled once that is done, and leaves the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Tuple

from starlette.responses import Response
from starlette.routing import Route

from bot.store import audit
from bot.store.unanswered import (
    lead_references,
    mark_handled,
    recently_handled,
    unanswered_messages,
)
from bot.web.staff.guard import Visit, portal_page, redirect, render_visit
from bot.web.staff.unanswered import Group, group_messages

LEAD_LINKS = 10  # per group, the latest first


@dataclass(frozen=True)
class GroupView:
    group: Group
    leads: Tuple[str, ...]  # references of the leads its conversations belong to
    # Conversations with no lead: no page to open (their ids are the visitors' session ids).
    without_lead: int

    @property
    def latest(self) -> datetime:
        return datetime.fromtimestamp(self.group.last_at, tz=timezone.utc)

    @property
    def key(self) -> str:
        """The messages it holds, as the form sends them back."""
        return " ".join(str(i) for i in self.group.event_ids)


def _groups(visit: Visit) -> List[GroupView]:
    groups = group_messages(unanswered_messages(visit.sessions.kw["bind"]))
    references = lead_references(visit.sessions,
                                 (c for g in groups for c in g.conversation_ids))
    views = []
    for group in groups:
        leads = tuple(dict.fromkeys(references[c] for c in group.conversation_ids
                                    if c in references))
        views.append(GroupView(group, leads[:LEAD_LINKS], sum(
            1 for c in group.conversation_ids if c not in references)))
    return views


@portal_page()
def unanswered(visit: Visit) -> Response:
    handled = visit.request.query_params.get("handled", "")
    return render_visit(visit, "staff/unanswered.html", groups=_groups(visit),
                        marks=recently_handled(visit.sessions),
                        handled=int(handled) if handled.isdigit() else None)


@portal_page()
def post_handled(visit: Visit) -> Response:
    wanted = {int(part) for part in visit.field("messages").split() if part.isdigit()}
    # Only messages still unanswered are marked: the form may be older than the page's data.
    current = {m.event_id: m for m in unanswered_messages(visit.sessions.kw["bind"])}
    chosen = sorted(wanted & current.keys())
    example = visit.field("example") or (current[chosen[0]].text if chosen else "")
    count = mark_handled(visit.sessions, visit.user, chosen, example) if (
        chosen and visit.user is not None) else 0
    if count:
        audit.record(visit.sessions, visit.user, audit.QUESTION_HANDLED,
                     detail=_audit_detail(count, example))
    return redirect(f"/staff/unanswered?handled={count}")


def _audit_detail(count: int, example: str) -> str:
    """The audit log's words for one mark: how many messages, and the group's question."""
    return f"{count} message{'' if count == 1 else 's'} like “{example}”"


routes = [
    Route("/unanswered", unanswered, name="staff_unanswered"),
    Route("/unanswered/handled", post_handled, methods=["POST"],
          name="staff_unanswered_handled"),
]
