"""The clinic's tables. Rasa's own `events` table is not declared here on purpose."""

from __future__ import annotations

import enum
import secrets
import uuid
from datetime import date, datetime, timezone
from typing import Any, Type, overload

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import declarative_base, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Any: SQLAlchemy 1.4 has no type information, and mypy takes a base class only so.
Base: Any = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@overload
def as_utc(value: datetime) -> datetime: ...
@overload
def as_utc(value: None) -> None: ...
@overload
def as_utc(value: datetime | None) -> datetime | None: ...


def as_utc(value: datetime | None) -> datetime | None:
    """A stored time as UTC: SQLite drops the zone, and every time is stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def new_reference() -> str:
    """A short public reference staff can quote; never the database id."""
    return "L-" + secrets.token_hex(4).upper()


def new_consultation_reference() -> str:
    return "C-" + secrets.token_hex(4).upper()


def new_token() -> str:
    """An unguessable token for a link a visitor may open without logging in."""
    return secrets.token_urlsafe(32)


def status_enum(members: Type[enum.Enum], name: str, length: int = 10) -> Enum:
    """A status column's type: the members' values in a short string column with a CHECK
    constraint, the same on SQLite and PostgreSQL (no native enum type to migrate)."""
    return Enum(members, native_enum=False, length=length, create_constraint=True,
                values_callable=lambda values: [m.value for m in values], name=name)


class LeadStatus(str, enum.Enum):
    NEW = "new"
    CONTACTED = "contacted"
    BOOKED = "booked"
    NOT_CANDIDATE = "not_candidate"
    CLOSED = "closed"


class Lead(Base):
    """A prospective patient; each intake adds an assessment.

    One lead per mobile number, except that an intake giving a number that already has a lead,
    without proving it is theirs, is kept as its own lead marked `duplicate_of` the first one
    (for staff to merge): typing a number must not let anyone overwrite its owner's details.
    """

    __tablename__ = "leads"
    __table_args__ = (
        # The staff portal's list: newest first, alone or within one filter (keyset pages).
        Index("ix_leads_created_at_id", "created_at", "id"),
        Index("ix_leads_status_created_at", "status", "created_at", "id"),
        Index("ix_leads_channel_created_at", "channel", "created_at", "id"),
        Index("ix_leads_band_created_at", "band", "created_at", "id"),
        Index("ix_leads_recommendation_created_at", "recommendation", "created_at",
              "id"),
        Index("ix_leads_language_created_at", "language", "created_at", "id"),
        # One original lead per number; the duplicates point at it.
        Index(
            "uq_leads_phone_original",
            "phone",
            unique=True,
            sqlite_where=text("duplicate_of_id IS NULL"),
            postgresql_where=text("duplicate_of_id IS NULL"),
        ),
    )

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), nullable=False, unique=True, default=new_reference)
    name = Column(String(80), nullable=False)
    phone = Column(String(20), nullable=False, index=True)  # E.164
    duplicate_of_id = Column(ForeignKey("leads.id", ondelete="SET NULL"), index=True)
    email = Column(String(254))
    preferred_contact = Column(String(10), nullable=False)
    preferred_time = Column(String(10), nullable=False)
    channel = Column(String(20), nullable=False)
    # The language of the latest conversation ("en" or "es"), so staff call back in it.
    language = Column(String(2), nullable=False, default="en", server_default=text("'en'"))
    conversation_id = Column(String(255), nullable=False)  # the latest conversation
    status = Column(
        status_enum(LeadStatus, "lead_status", length=16),
        nullable=False,
        default=LeadStatus.NEW,
    )
    # The latest assessment's result, kept on the lead so that the staff portal's list filters
    # by it with an index instead of joining every lead's assessments.
    band = Column(String(10))
    recommendation = Column(String(24))
    # The latest assessment's flags that want a person's eye first (a safety answer, "not
    # sure", a red flag in the conversation), space-separated with a space at both ends so
    # that one flag is found with LIKE '% flag %'; empty when none.
    safety_flags = Column(String(400), nullable=False, default="", server_default=text("''"))
    # Lower-cased name, email and phone digits, for the portal's search.
    search_text = Column(String(400), nullable=False, default="", server_default=text("''"))
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)

    assessments = relationship(
        "Assessment", back_populates="lead", order_by="Assessment.created_at",
        cascade="all, delete-orphan",
    )
    consents = relationship(
        "Consent", back_populates="lead", order_by="Consent.given_at",
        cascade="all, delete-orphan",
    )
    duplicate_of = relationship("Lead", remote_side=[id])

    def take_result(self, assessment: Assessment | None) -> None:
        """Keep the result of `assessment` (the lead's latest) on the lead for the list."""
        self.band = assessment.band if assessment else None
        self.recommendation = assessment.recommendation if assessment else None
        self.safety_flags = safety_flag_text(assessment.flags if assessment else [])


# Assessment flags that put a lead on the portal's "flagged" list: an answer that makes
# treatment wait or needs a provider's review first, "not sure" to a safety question, and a
# red flag during the conversation (`red_flag_<kind>`). The others (ice-pick or raised
# scars, pigmentation risk) are part of planning, not a warning.
SAFETY_FLAGS = frozenset({
    "isotretinoin_recent", "pregnant_or_breastfeeding", "face_infection", "active_acne",
    "keloid_tendency", "bleeding_risk", "immune_suppression", "safety_answer_unsure",
    "under_18",
})
RED_FLAG_PREFIX = "red_flag_"


def is_safety_flag(flag: str) -> bool:
    return flag in SAFETY_FLAGS or flag.startswith(RED_FLAG_PREFIX)


def safety_flag_text(flags: Any) -> str:
    """' flag_a flag_b ' for the safety flags among `flags`; '' for none."""
    chosen = sorted({str(f) for f in flags or [] if is_safety_flag(str(f))})
    return f" {' '.join(chosen)} " if chosen else ""


# The portal's search index, made by migration 0008 outside these models (an SQLite FTS5
# table and its shadow tables, or a PostgreSQL trigram index): schema comparisons skip them.
SEARCH_INDEX_OBJECTS = frozenset({
    "leads_search", "leads_search_config", "leads_search_data", "leads_search_docsize",
    "leads_search_idx", "ix_leads_search_text_trgm",
})


def search_text(name: str | None, email: str | None, phone: str | None) -> str:
    """What the portal's search looks in: lower-cased name and email, and the phone number's
    digits with and without the country code, so "210 555 0123" finds +12105550123."""
    digits = "".join(c for c in phone or "" if c.isdigit())
    national = digits[1:] if digits.startswith("1") else digits
    return " ".join(p for p in ((name or "").lower(), (email or "").lower(), digits, national)
                    if p)[:400]


@event.listens_for(Lead, "before_insert")
@event.listens_for(Lead, "before_update")
def _keep_search_text(_mapper: Any, _connection: Any, lead: Lead) -> None:
    lead.search_text = search_text(lead.name, lead.email, lead.phone)


class Assessment(Base):
    """One completed self-assessment and safety screen: every answer and what it led to."""

    __tablename__ = "assessments"

    id = Column(Integer, primary_key=True)
    lead_id = Column(ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    conversation_id = Column(String(255), nullable=False, unique=True)
    channel = Column(String(20), nullable=False)
    answers = Column(JSON, nullable=False)
    band = Column(String(10), nullable=False)
    recommendation = Column(String(24), nullable=False)
    flags = Column(JSON, nullable=False)
    reasons = Column(JSON, nullable=False)
    scoring_version = Column(String(32), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)

    lead = relationship("Lead", back_populates="assessments")


class Consent(Base):
    """What a visitor agreed to (or declined), with the exact wording's version and hash."""

    __tablename__ = "consents"
    __table_args__ = (
        UniqueConstraint("conversation_id", "kind", name="uq_consents_conversation_kind"),
    )

    id = Column(Integer, primary_key=True)
    lead_id = Column(ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    conversation_id = Column(String(255), nullable=False)
    kind = Column(String(16), nullable=False)  # "data" or "marketing"
    granted = Column(Boolean, nullable=False)
    wording_version = Column(String(40), nullable=False)
    text_hash = Column(String(64), nullable=False)
    channel = Column(String(20), nullable=False)
    given_at = Column(DateTime(timezone=True), nullable=False)

    lead = relationship("Lead", back_populates="consents")


class DeclinedAssessmentCount(Base):
    """Visitors who finished the assessment but declined storage: a count per day, no data."""

    __tablename__ = "declined_assessment_counts"

    day = Column(Date, primary_key=True, default=date.today)
    count = Column(Integer, nullable=False, default=0)



class ConsultationStatus(str, enum.Enum):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class Consultation(Base):
    """A consultation slot booked by a lead, or a request to be called back."""

    __tablename__ = "consultations"
    __table_args__ = (
        # Race-safe booking: two live consultations can never share a start time. Cancelled
        # ones and callback requests (no start time) are outside the index.
        Index(
            "uq_consultations_live_start",
            "starts_at",
            unique=True,
            sqlite_where=text("status != 'cancelled' AND starts_at IS NOT NULL"),
            postgresql_where=text("status != 'cancelled' AND starts_at IS NOT NULL"),
        ),
        # One live consultation (booked slot or callback request) per lead: a second booking
        # is a move, which cancels the first in the same transaction.
        Index(
            "uq_consultations_live_lead",
            "lead_id",
            unique=True,
            sqlite_where=text("status != 'cancelled'"),
            postgresql_where=text("status != 'cancelled'"),
        ),
    )

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), nullable=False, unique=True, default=new_consultation_reference)
    lead_id = Column(ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    starts_at = Column(DateTime(timezone=True))  # UTC; empty for a callback request
    ends_at = Column(DateTime(timezone=True))
    callback_time = Column(String(10))  # for a callback request: morning/afternoon/evening/any
    channel = Column(String(20), nullable=False)
    conversation_id = Column(String(255), nullable=False)
    calendar_token = Column(String(43), nullable=False, unique=True, default=new_token)
    status = Column(
        status_enum(ConsultationStatus, "consultation_status"),
        nullable=False,
        default=ConsultationStatus.REQUESTED,
    )
    # Staff marked the treatment done (bot/booking/aftercare.py): the aftercare check-in is
    # texted two days later, and the answer kept: "fine", "concern" or "red_flag".
    treated_at = Column(DateTime(timezone=True))
    aftercare_answer = Column(String(10))
    aftercare_answered_at = Column(DateTime(timezone=True))
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)

    lead = relationship("Lead")


class NotificationStatus(str, enum.Enum):
    PENDING = "pending"  # waiting for its first or next attempt
    DELIVERED = "delivered"
    FAILED = "failed"  # NOTIFY_MAX_ATTEMPTS attempts failed: no more retries
    SKIPPED = "skipped"  # no longer true when its turn came (a cancelled consultation)


def new_event_id() -> str:
    return str(uuid.uuid4())


class Notification(Base):
    """An email or webhook waiting to be delivered (an outbox): written in the same
    transaction as the booking, so a failed delivery never loses it; retried with backoff."""

    __tablename__ = "notifications"

    id = Column(Integer, primary_key=True)
    channel = Column(String(10), nullable=False)  # "email" or "webhook"
    topic = Column(String(20), nullable=False)  # "booked", "cancelled", "callback", ...
    recipient = Column(String(500), nullable=False)
    payload = Column(JSON, nullable=False)
    # Chosen when queued, so every retry carries the same id and a receiver can drop repeats.
    event_id = Column(String(36), nullable=False, unique=True, default=new_event_id)
    status = Column(
        status_enum(NotificationStatus, "notification_status"),
        nullable=False,
        default=NotificationStatus.PENDING,
        server_default=NotificationStatus.PENDING.value,
        index=True,
    )
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    delivered_at = Column(DateTime(timezone=True))
    last_error = Column(String(1000))
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class BookingLookupFailure(Base):
    """A failed try to find a booking by reference and mobile number: counted per conversation
    and per number so that guessing stops after a few tries, across restarts."""

    __tablename__ = "booking_lookup_failures"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    # A hash, not the number: the number typed may belong to someone who never talked to us.
    phone_hash = Column(String(64), nullable=False, index=True)
    failed_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class StaffRole(str, enum.Enum):
    STAFF = "staff"  # sees and works leads
    ADMIN = "admin"  # also exports, reads the audit log and manages accounts


class StaffUser(Base):
    """A person who signs in to the staff portal."""

    __tablename__ = "staff_users"

    id = Column(Integer, primary_key=True)
    email = Column(String(254), nullable=False, unique=True)  # lower-cased
    role = Column(status_enum(StaffRole, "staff_role"), nullable=False, default=StaffRole.STAFF)
    password_hash = Column(String(255), nullable=False)  # argon2id, with its parameters
    active = Column(Boolean, nullable=False, default=True)
    # Part of every session cookie: a password reset or disabling bumps it, which ends every
    # session signed in before (a signed cookie cannot be revoked otherwise).
    session_version = Column(Integer, nullable=False, default=1)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_sign_in_at = Column(DateTime(timezone=True))


class SignInFailure(Base):
    """A failed sign-in, counted per account and per client address to slow down and then
    lock out password guessing, across restarts and across several web servers."""

    __tablename__ = "sign_in_failures"

    id = Column(Integer, primary_key=True)
    # Hashes: the email typed may be nobody's, and addresses are personal data too.
    email_hash = Column(String(64), nullable=False, index=True)
    address_hash = Column(String(64), nullable=False, index=True)
    failed_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class LeadNote(Base):
    """A note staff wrote on a lead (a call, a voicemail, what was agreed)."""

    __tablename__ = "lead_notes"

    id = Column(Integer, primary_key=True)
    lead_id = Column(ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    author_id = Column(ForeignKey("staff_users.id", ondelete="SET NULL"), index=True)
    body = Column(String(4000), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)

    author = relationship("StaffUser")


class LeadStatusChange(Base):
    """A change of a lead's status, with the note that says why, who made it and when."""

    __tablename__ = "lead_status_changes"

    id = Column(Integer, primary_key=True)
    lead_id = Column(ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    author_id = Column(ForeignKey("staff_users.id", ondelete="SET NULL"), index=True)
    from_status = Column(String(16), nullable=False)
    to_status = Column(String(16), nullable=False)
    note = Column(String(4000), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)

    author = relationship("StaffUser")


class AuditEntry(Base):
    """Who viewed, changed or exported which lead, and when; also sign-ins and account
    changes. Rows are only ever added."""

    __tablename__ = "audit_entries"

    id = Column(Integer, primary_key=True)
    # The email is copied so the entry still says who it was after the account is gone.
    staff_user_id = Column(ForeignKey("staff_users.id", ondelete="SET NULL"), index=True)
    staff_email = Column(String(254), nullable=False)
    action = Column(String(32), nullable=False)  # "viewed", "changed_status", "exported", ...
    lead_id = Column(ForeignKey("leads.id", ondelete="SET NULL"), index=True)
    lead_reference = Column(String(16))  # kept when the lead is merged away
    detail = Column(String(1000), nullable=False, default="")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class HandledQuestion(Base):
    """A visitor's message the assistant could not answer (a row of Rasa's `events` table, by
    its id) that staff marked as handled in the unanswered questions, with who and when; it is
    no longer shown there."""

    __tablename__ = "handled_questions"

    event_id = Column(Integer, primary_key=True, autoincrement=False)
    # The email is copied so the mark still says who it was after the account is gone.
    handled_by_id = Column(ForeignKey("staff_users.id", ondelete="SET NULL"), index=True)
    handled_by_email = Column(String(254), nullable=False)
    handled_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    group_example = Column(String(500), nullable=False, default="")  # the group's first text


class PortalSecret(Base):
    """A random key made on first use (the staff portal's cookie-signing key), kept in the
    database so that every web server of the clinic signs and checks cookies alike."""

    __tablename__ = "portal_secrets"

    name = Column(String(32), primary_key=True)
    value = Column(String(128), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class SmsNumber(Base):
    """A mobile number the clinic texts with: when it first wrote, whether it opted out (STOP)
    and when, and the numbered choices of the last reply ("2" picks the second)."""

    __tablename__ = "sms_numbers"

    phone = Column(String(20), primary_key=True)  # E.164
    first_seen_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_message_at = Column(DateTime(timezone=True))  # its latest text to the clinic
    opted_out = Column(Boolean, nullable=False, default=False)
    opted_out_at = Column(DateTime(timezone=True))  # the latest opt-out, kept after opting in
    opted_in_at = Column(DateTime(timezone=True))  # the latest START / UNSTOP / YES
    last_buttons = Column(JSON)  # [{"title", "payload"}] of the last reply, or null


class SmsMessage(Base):
    """An incoming text by Twilio's MessageSid. Twilio sends a webhook again with the same sid
    when the first try timed out: the stored reply answers it, and nothing runs twice."""

    __tablename__ = "sms_messages"

    message_sid = Column(String(64), primary_key=True)
    phone = Column(String(20), nullable=False)
    received_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    reply = Column(JSON)  # the texts sent back; null while the message is being answered
    answered_at = Column(DateTime(timezone=True))


class SmsCode(Base):
    """A 6-digit code texted to a number to prove, on the web, that a visitor holds it: only
    a salted hash is kept; it expires and allows a few tries."""

    __tablename__ = "sms_codes"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    # A hash, not the number: it is also how codes sent to one number are counted.
    phone_hash = Column(String(64), nullable=False, index=True)
    code_hash = Column(String(100), nullable=False)  # "<salt>$<sha256 of salt and code>"
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    expires_at = Column(DateTime(timezone=True), nullable=False)
    tries = Column(Integer, nullable=False, default=0)
    used_at = Column(DateTime(timezone=True))


# An entry still waiting in the "talk to a person" queue.
WAITING = "closed_at IS NULL"


class HandoffRequest(Base):
    """A visitor asked to talk to a person: the conversation waits in the staff portal's
    queue until staff take it over, hand it back, or mark it done. One waiting entry per
    conversation; closed entries are kept with who closed them, how and when."""

    __tablename__ = "handoff_requests"
    __table_args__ = (
        Index("uq_handoff_requests_waiting_conversation", "conversation_id", unique=True,
              sqlite_where=text(WAITING), postgresql_where=text(WAITING)),
        # The queue page and the count in the navigation read only waiting entries.
        Index("ix_handoff_requests_waiting_requested_at", "requested_at",
              sqlite_where=text(WAITING), postgresql_where=text(WAITING)),
    )

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False)
    channel = Column(String(20), nullable=False)
    lead_id = Column(ForeignKey("leads.id", ondelete="SET NULL"), index=True)
    requested_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    closed_at = Column(DateTime(timezone=True))
    # The email is copied so the entry still says who it was after the account is gone.
    closed_by_id = Column(ForeignKey("staff_users.id", ondelete="SET NULL"), index=True)
    closed_by_email = Column(String(254))
    closed_how = Column(String(16))  # "taken_over", "handed_back" or "done"

    lead = relationship("Lead")


class ConversationHold(Base):
    """Who took over a conversation (paused the assistant in it) and the name the visitor
    was told. Whether it is paused is Rasa's tracker's to say; this row says by whom, and
    goes when staff hand back."""

    __tablename__ = "conversation_holds"

    conversation_id = Column(String(255), primary_key=True)
    staff_user_id = Column(ForeignKey("staff_users.id", ondelete="SET NULL"), index=True)
    staff_email = Column(String(254), nullable=False)
    display_name = Column(String(40), nullable=False)
    since = Column(DateTime(timezone=True), nullable=False, default=utcnow)
