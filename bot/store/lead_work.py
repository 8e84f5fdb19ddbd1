"""What staff do with one lead in the portal: read everything about it, write notes, change
its status (always with a note, kept with who and when), and merge a possible duplicate into
the lead it duplicates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import List

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot.store.models import (
    AuditEntry,
    Consent,
    Consultation,
    ConsultationStatus,
    Lead,
    LeadNote,
    LeadStatus,
    LeadStatusChange,
    StaffUser,
    as_utc,
)

MAX_NOTE = 4000


class LeadWorkError(ValueError):
    """A change that cannot be made, with the reason to show staff."""


@dataclass(frozen=True)
class TimelineEntry:
    """A note or a status change, as the lead's thread shows it."""

    at: datetime
    author: str  # the account's email, or "a deleted account"
    body: str
    from_status: str | None = None  # set for status changes
    to_status: str | None = None


@dataclass(frozen=True)
class LeadDetail:
    lead: Lead  # with assessments, consents and the original it may duplicate
    consultations: List[Consultation]  # newest first, cancelled ones too
    timeline: List[TimelineEntry]  # oldest first
    duplicates: List[Lead]  # leads marked as possible duplicates of this one
    conversation_ids: List[str]  # every conversation of this lead, oldest first

    @property
    def live_consultation(self) -> Consultation | None:
        live = (ConsultationStatus.REQUESTED, ConsultationStatus.CONFIRMED)
        return next((c for c in self.consultations if c.status in live), None)


def lead_detail(session_factory: sessionmaker, reference: str) -> LeadDetail | None:
    with session_factory() as session:
        lead = session.scalars(
            select(Lead).where(Lead.reference == reference)
            .options(selectinload(Lead.assessments), selectinload(Lead.consents),
                     selectinload(Lead.duplicate_of))
        ).one_or_none()
        if lead is None:
            return None
        consultations = list(session.scalars(
            select(Consultation).where(Consultation.lead_id == lead.id)
            .order_by(Consultation.created_at.desc(), Consultation.id.desc())))
        duplicates = list(session.scalars(
            select(Lead).where(Lead.duplicate_of_id == lead.id).order_by(Lead.created_at)))
        timeline = _timeline(session, lead.id)
        conversations: List[str] = []
        dated = sorted(
            [(as_utc(a.created_at), a.conversation_id) for a in lead.assessments]
            + [(as_utc(c.given_at), c.conversation_id) for c in lead.consents]
            + [(as_utc(c.created_at), c.conversation_id) for c in consultations]
            + [(as_utc(lead.updated_at), lead.conversation_id)],
            key=lambda pair: pair[0])
        for _at, conversation_id in dated:
            if conversation_id and conversation_id not in conversations:
                conversations.append(conversation_id)
        return LeadDetail(lead, consultations, timeline, duplicates, conversations)


def _timeline(session: Session, lead_id: int) -> List[TimelineEntry]:
    entries = [
        TimelineEntry(as_utc(n.created_at), _who(n.author), n.body)
        for n in session.scalars(select(LeadNote).where(LeadNote.lead_id == lead_id)
                                 .options(selectinload(LeadNote.author)))
    ] + [
        TimelineEntry(as_utc(c.created_at), _who(c.author), c.note, c.from_status, c.to_status)
        for c in session.scalars(select(LeadStatusChange)
                                 .where(LeadStatusChange.lead_id == lead_id)
                                 .options(selectinload(LeadStatusChange.author)))
    ]
    return sorted(entries, key=lambda e: e.at)


def _who(user: StaffUser | None) -> str:
    return user.email if user is not None else "a deleted account"


def _note_text(note: str) -> str:
    note = note.strip()
    if not note:
        raise LeadWorkError("Write a note: what happened, or why.")
    if len(note) > MAX_NOTE:
        raise LeadWorkError(f"A note has at most {MAX_NOTE} characters.")
    return note


def add_note(session_factory: sessionmaker, reference: str, author: StaffUser,
             body: str) -> None:
    text = _note_text(body)
    with session_factory.begin() as session:
        lead = _lead(session, reference)
        session.add(LeadNote(lead_id=lead.id, author_id=author.id, body=text))


def change_status(session_factory: sessionmaker, reference: str, author: StaffUser,
                  to_status: str, note: str) -> None:
    """Set the lead's status; the note, who and when are kept with the change."""
    text = _note_text(note)
    try:
        new = LeadStatus(to_status)
    except ValueError:
        raise LeadWorkError(f"{to_status!r} is not a status.") from None
    with session_factory.begin() as session:
        lead = _lead(session, reference)
        old = lead.status
        if old == new:
            raise LeadWorkError(f"The lead is already {new.value.replace('_', ' ')}.")
        lead.status = new
        session.add(LeadStatusChange(lead_id=lead.id, author_id=author.id,
                                     from_status=old.value, to_status=new.value, note=text))


def merge_duplicate(session_factory: sessionmaker, duplicate_reference: str,
                    author: StaffUser) -> str:
    """Merge a possible duplicate into the lead it duplicates: its assessments, consents,
    consultations, notes and history move over and the duplicate is removed. The original's
    contact details stay (the duplicate's number was never proven); a missing email is
    taken from the duplicate. Returns the original's reference."""
    with session_factory.begin() as session:
        duplicate = _lead(session, duplicate_reference)
        original = duplicate.duplicate_of
        if original is None:
            raise LeadWorkError("This lead is not marked as a possible duplicate.")
        live = (ConsultationStatus.REQUESTED, ConsultationStatus.CONFIRMED)
        both_live = [c.reference for c in session.scalars(
            select(Consultation).where(Consultation.lead_id.in_((duplicate.id, original.id)),
                                       Consultation.status.in_(live)))]
        if len(both_live) > 1:
            raise LeadWorkError(
                f"Both leads have a live consultation ({', '.join(sorted(both_live))}): "
                "cancel one first, then merge.")
        for model in (Consultation, LeadNote, LeadStatusChange):
            session.execute(update(model).where(model.lead_id == duplicate.id)
                            .values(lead_id=original.id))
        session.execute(update(AuditEntry).where(AuditEntry.lead_id == duplicate.id)
                        .values(lead_id=original.id))
        session.execute(update(Lead).where(Lead.duplicate_of_id == duplicate.id)
                        .values(duplicate_of_id=original.id))
        for assessment in list(duplicate.assessments):
            assessment.lead = original
        for consent in list(duplicate.consents):
            consent.lead = original
        original.email = original.email or duplicate.email
        if as_utc(duplicate.created_at) > as_utc(original.created_at):
            original.conversation_id = duplicate.conversation_id
        session.flush()
        session.expire(original, ["assessments", "consents"])
        session.delete(duplicate)
        session.flush()
        original.take_result(original.assessments[-1] if original.assessments else None)
        if both_live and original.status == LeadStatus.NEW:
            original.status = LeadStatus.BOOKED  # the duplicate's booking is now the original's
        return str(original.reference)


def _lead(session: Session, reference: str) -> Lead:
    lead = session.scalars(select(Lead).where(Lead.reference == reference)).one_or_none()
    if lead is None:
        raise LeadWorkError(f"No lead {reference}.")
    return lead


def consents_of(lead: Lead) -> List[Consent]:
    """The lead's consent records, newest first."""
    return sorted(lead.consents, key=lambda c: as_utc(c.given_at), reverse=True)
