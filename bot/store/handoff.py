"""The "talk to a person" queue and who took over which conversation.

A conversation waits in the queue once, however often the visitor asks; taking it over,
handing it back or marking it done closes its entry (kept, with who and how).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import List

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.sql import Select

from bot.store.models import ConversationHold, HandoffRequest, Lead, StaffUser, as_utc, utcnow

TAKEN_OVER = "taken_over"
HANDED_BACK = "handed_back"
DONE = "done"
QUEUE_PAGE = 200


@dataclass(frozen=True)
class Waiting:
    """A conversation in the queue, as the portal lists it."""

    conversation_id: str
    channel: str
    requested_at: datetime
    lead_reference: str | None
    lead_name: str | None


@dataclass(frozen=True)
class Hold:
    """Who took over a conversation, and the name the visitor was told."""

    conversation_id: str
    staff_email: str
    display_name: str
    since: datetime


def request_person(
    sessions: sessionmaker, conversation_id: str, channel: str, now: datetime | None = None
) -> bool:
    """Put the conversation in the queue; False when it is already waiting there."""
    with sessions.begin() as session:
        lead_id = session.scalar(
            select(Lead.id)
            .where(Lead.conversation_id == conversation_id)
            .order_by(Lead.created_at.desc())
            .limit(1)
        )
        if session.scalar(_open_request(conversation_id)) is not None:
            return False
    try:
        with sessions.begin() as session:
            session.add(
                HandoffRequest(
                    conversation_id=conversation_id,
                    channel=channel[:20],
                    lead_id=lead_id,
                    requested_at=now or utcnow(),
                )
            )
    except IntegrityError:  # the same conversation asked twice at once: one entry
        return False
    return True


def waiting(sessions: sessionmaker, limit: int = QUEUE_PAGE) -> List[Waiting]:
    """The waiting conversations, the longest waiting first."""
    query = (
        select(
            HandoffRequest.conversation_id,
            HandoffRequest.channel,
            HandoffRequest.requested_at,
            Lead.reference,
            Lead.name,
        )
        .outerjoin(Lead, Lead.id == HandoffRequest.lead_id)
        .where(HandoffRequest.closed_at.is_(None))
        .order_by(HandoffRequest.requested_at, HandoffRequest.id)
        .limit(limit)
    )
    with sessions() as session:
        return [
            Waiting(cid, channel, as_utc(at), reference, name)
            for cid, channel, at, reference, name in session.execute(query)
        ]


def waiting_count(sessions: sessionmaker) -> int:
    with sessions() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(HandoffRequest)
                .where(HandoffRequest.closed_at.is_(None))
            )
            or 0
        )


def is_waiting(sessions: sessionmaker, conversation_id: str) -> bool:
    with sessions() as session:
        return session.scalar(_open_request(conversation_id)) is not None


def _open_request(conversation_id: str) -> Select:
    """The id of the conversation's entry still waiting in the queue, if any."""
    return select(HandoffRequest.id).where(
        HandoffRequest.conversation_id == conversation_id, HandoffRequest.closed_at.is_(None)
    )


def close_waiting(
    sessions: sessionmaker, conversation_id: str, user: StaffUser | None, how: str
) -> bool:
    """Close the conversation's waiting entry, if any; True if there was one."""
    with sessions.begin() as session:
        closed = session.execute(
            update(HandoffRequest)
            .where(
                HandoffRequest.conversation_id == conversation_id,
                HandoffRequest.closed_at.is_(None),
            )
            .values(
                closed_at=utcnow(),
                closed_how=how,
                closed_by_id=user.id if user else None,
                closed_by_email=user.email if user else None,
            )
            .execution_options(synchronize_session=False)
        )
        return bool(closed.rowcount)


def lead_of(sessions: sessionmaker, conversation_id: str) -> Lead | None:
    """The latest lead saved from the conversation, detached; None when it left no details."""
    with sessions() as session:
        lead = session.scalars(
            select(Lead)
            .where(Lead.conversation_id == conversation_id)
            .order_by(Lead.created_at.desc())
            .limit(1)
        ).first()
        session.expunge_all()
        return lead


def hold_of(sessions: sessionmaker, conversation_id: str) -> Hold | None:
    with sessions() as session:
        row = session.get(ConversationHold, conversation_id)
        return _hold(row) if row is not None else None


def holds(sessions: sessionmaker, limit: int = QUEUE_PAGE) -> List[Hold]:
    """Every conversation staff hold now, the oldest first."""
    with sessions() as session:
        rows = session.scalars(
            select(ConversationHold).order_by(ConversationHold.since).limit(limit)
        )
        return [_hold(row) for row in rows]


def take_hold(
    sessions: sessionmaker, conversation_id: str, user: StaffUser, display_name: str
) -> None:
    """Record that `user` holds the conversation (replacing an earlier holder)."""
    with sessions.begin() as session:
        row = session.get(ConversationHold, conversation_id)
        if row is None:
            row = ConversationHold(conversation_id=conversation_id)
            session.add(row)
        row.staff_user_id = user.id
        row.staff_email = user.email
        row.display_name = display_name[:40]
        row.since = utcnow()


def release_hold(sessions: sessionmaker, conversation_id: str) -> None:
    with sessions.begin() as session:
        row = session.get(ConversationHold, conversation_id)
        if row is not None:
            session.delete(row)


def _hold(row: ConversationHold) -> Hold:
    return Hold(row.conversation_id, row.staff_email, row.display_name, as_utc(row.since))
