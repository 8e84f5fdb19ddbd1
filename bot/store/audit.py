"""The staff portal's audit log: who viewed, changed or exported which lead, and when (also
sign-ins and account changes). Entries are only ever added."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import List

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from bot.store.models import AuditEntry, Lead, StaffUser, as_utc

VIEWED = "viewed"
CHANGED = "changed"
EXPORTED = "exported"
SIGNED_IN = "signed_in"
SIGNED_OUT = "signed_out"
ACCOUNT = "account"
QUESTION_HANDLED = "question_handled"  # a group of unanswered questions marked handled


def record(session_factory: sessionmaker, user: StaffUser | None, action: str,
           lead: Lead | None = None, detail: str = "", lead_reference: str | None = None,
           email: str | None = None) -> None:
    """Add one entry; `email` names who acted when there is no account (a failed sign-in)."""
    with session_factory.begin() as session:
        session.add(AuditEntry(
            staff_user_id=user.id if user else None,
            staff_email=user.email if user else (email or "")[:254],
            action=action,
            lead_id=lead.id if lead else None,
            lead_reference=lead.reference if lead else lead_reference,
            detail=detail[:1000],
        ))


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    who: str
    action: str
    lead_reference: str | None
    detail: str


AUDIT_PAGE = 100


def entries(session_factory: sessionmaker, before: int | None = None, lead_reference: str = "",
            who: str = "", limit: int = AUDIT_PAGE) -> tuple[List[AuditRow], int | None]:
    """The newest entries (older than entry `before`), optionally for one lead or person;
    and the id to continue after, or None."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit + 1)
    if before is not None:
        query = query.where(AuditEntry.id < before)
    if lead_reference:
        query = query.where(AuditEntry.lead_reference == lead_reference.strip().upper())
    if who:
        query = query.where(AuditEntry.staff_email == who.strip().lower())
    with session_factory() as session:
        found = list(session.scalars(query))
    rows = [AuditRow(as_utc(e.created_at), e.staff_email, e.action, e.lead_reference, e.detail)
            for e in found[:limit]]
    return rows, (found[limit - 1].id if len(found) > limit else None)
