"""Texting's records: who opted out and when, each incoming MessageSid with its reply, the
numbered choices of the last reply, and the 6-digit codes that prove a number on the web."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Dict, List

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.store.models import Consent, Lead, SmsCode, SmsMessage, SmsNumber, as_utc

# Twilio retries a webhook within seconds or minutes; a day is far more than enough.
KEEP_MESSAGES = timedelta(days=1)


@dataclass(frozen=True)
class NumberState:
    known: bool  # it has texted (or been texted) before
    opted_out: bool
    last_buttons: List[Dict[str, str]] | None
    last_message_at: datetime | None


def number_state(session_factory: sessionmaker, phone: str) -> NumberState:
    with session_factory() as session:
        row = session.get(SmsNumber, phone)
        if row is None:
            return NumberState(False, False, None, None)
        return NumberState(True, row.opted_out, row.last_buttons,
                           as_utc(row.last_message_at))


def is_opted_out(session: Session, phone: str) -> bool:
    return bool(session.scalar(select(SmsNumber.opted_out).where(SmsNumber.phone == phone)))


def set_opted_out(session_factory: sessionmaker, phone: str, opted_out: bool,
                  now: datetime) -> None:
    """Record STOP (True) or START (False) for the number, with its time."""

    def change(row: SmsNumber) -> None:
        row.opted_out = opted_out
        if opted_out:
            row.opted_out_at = now
            row.last_buttons = None
        else:
            row.opted_in_at = now

    _change_number(session_factory, phone, now, change)


def note_reply(session_factory: sessionmaker, phone: str, now: datetime,
               buttons: List[Dict[str, str]] | None) -> None:
    """The number wrote at `now` and was answered with these choices (None: no choices)."""

    def change(row: SmsNumber) -> None:
        row.last_message_at = now
        row.last_buttons = buttons

    _change_number(session_factory, phone, now, change)


def _change_number(session_factory: sessionmaker, phone: str, now: datetime,
                   change: Callable[[SmsNumber], None]) -> None:
    for attempt in (1, 2):
        try:
            with session_factory.begin() as session:
                row = session.get(SmsNumber, phone)
                if row is None:
                    row = SmsNumber(phone=phone, first_seen_at=now, opted_out=False)
                    session.add(row)
                change(row)
            return
        except IntegrityError:  # another message of the same new number made the row first
            if attempt == 2:
                raise


@dataclass(frozen=True)
class Claim:
    """Whether this MessageSid is new (answer it) or seen (its stored reply, or None while the
    first try is still being answered)."""

    new: bool
    reply: List[str] | None = None


def claim_message(session_factory: sessionmaker, message_sid: str, phone: str,
                  now: datetime) -> Claim:
    """Take an incoming MessageSid, once: a second call with the same sid is not new."""
    try:
        with session_factory.begin() as session:
            session.execute(delete(SmsMessage).where(SmsMessage.received_at < now - KEEP_MESSAGES))
            session.add(SmsMessage(message_sid=message_sid, phone=phone, received_at=now))
        return Claim(new=True)
    except IntegrityError:
        return Claim(new=False, reply=stored_reply(session_factory, message_sid))


def stored_reply(session_factory: sessionmaker, message_sid: str) -> List[str] | None:
    with session_factory() as session:
        return session.scalar(select(SmsMessage.reply).where(
            SmsMessage.message_sid == message_sid))


def wait_for_reply(session_factory: sessionmaker, message_sid: str, seconds: float,
                   every: float = 0.25) -> List[str] | None:
    """The reply of a MessageSid whose first try is still running, once it is stored."""
    deadline = time.monotonic() + seconds
    while True:
        reply = stored_reply(session_factory, message_sid)
        if reply is not None or time.monotonic() >= deadline:
            return reply
        time.sleep(every)


# The longest a text can plausibly wait for its conversation (Rasa's lock lives 60 s) and be
# answered: after that its MessageSid proves nothing.
BEING_ANSWERED_WITHIN = timedelta(minutes=5)


def being_answered(session_factory: sessionmaker, message_sid: str, phone: str,
                   now: datetime) -> bool:
    """Whether the SMS channel took `message_sid` from `phone` and is answering it right now.

    A web client can name any sender id, "+12105550123" included, and send any metadata; only
    the channel records an incoming text, after checking Twilio's signature. So a new
    conversation session that carries this text's MessageSid was started by that number."""
    with session_factory() as session:
        row = session.get(SmsMessage, message_sid)
        return (row is not None and row.phone == phone and row.answered_at is None
                and as_utc(row.received_at) >= now - BEING_ANSWERED_WITHIN)


def record_reply(session_factory: sessionmaker, message_sid: str, reply: List[str],
                 now: datetime) -> None:
    with session_factory.begin() as session:
        row = session.get(SmsMessage, message_sid)
        if row is not None:
            row.reply = reply
            row.answered_at = now


def texting_refused(session: Session, phone: str, lead_reference: str | None) -> str | None:
    """Why a proactive text to `phone` must not go out, or None: the number opted out, or the
    lead it is about is not this number's own with consent to be contacted."""
    if is_opted_out(session, phone):
        return "the number opted out (STOP)"
    lead = session.scalars(select(Lead).where(Lead.reference == (lead_reference or ""))).first()
    # A duplicate lead typed a number that belongs to an earlier lead: never text its owner
    # about somebody else's booking.
    if lead is None or lead.phone != phone or lead.duplicate_of_id is not None:
        return "no lead of its own for this number"
    consented = session.scalar(
        select(func.count()).select_from(Consent)
        .where(Consent.lead_id == lead.id, Consent.kind == "data", Consent.granted.is_(True)))
    return None if consented else "no consent to be contacted"


CODE_LIFETIME = timedelta(minutes=10)
CODE_TRIES = 5
CODES_PER_HOUR = 3  # per number and per conversation: texting strangers must stay rare


def phone_hash(phone: str) -> str:
    return hashlib.sha256(phone.encode()).hexdigest()


def new_code(session_factory: sessionmaker, conversation_id: str, phone: str,
             now: datetime) -> str | None:
    """A fresh 6-digit code for this conversation and number (earlier ones stop working), or
    None when this number or conversation had CODES_PER_HOUR codes in the last hour."""
    hashed = phone_hash(phone)
    since = now - timedelta(hours=1)
    with session_factory.begin() as session:
        for column, value in ((SmsCode.phone_hash, hashed),
                              (SmsCode.conversation_id, conversation_id)):
            sent = session.scalar(select(func.count()).select_from(SmsCode)
                                  .where(column == value, SmsCode.created_at >= since))
            if sent >= CODES_PER_HOUR:
                return None
        session.execute(delete(SmsCode).where(SmsCode.created_at < now - timedelta(days=1)))
        for old in session.scalars(select(SmsCode).where(
                SmsCode.conversation_id == conversation_id, SmsCode.used_at.is_(None))):
            old.used_at = now  # superseded
        code = f"{secrets.randbelow(10 ** 6):06d}"
        session.add(SmsCode(conversation_id=conversation_id, phone_hash=hashed,
                            code_hash=_hash_code(code), created_at=now,
                            expires_at=now + CODE_LIFETIME, tries=0))
    return code


@dataclass(frozen=True)
class CodeCheck:
    ok: bool = False
    expired: bool = False  # or never sent: ask for a new one
    tries_left: int = 0


def check_code(session_factory: sessionmaker, conversation_id: str, phone: str, code: str,
               now: datetime) -> CodeCheck:
    """Whether `code` is the live code texted to `phone` in this conversation; each wrong try
    counts, and after CODE_TRIES the code is dead."""
    with session_factory.begin() as session:
        row = session.scalars(
            select(SmsCode).where(SmsCode.conversation_id == conversation_id,
                                  SmsCode.phone_hash == phone_hash(phone),
                                  SmsCode.used_at.is_(None))
            .order_by(SmsCode.created_at.desc(), SmsCode.id.desc())
        ).first()
        if row is None or as_utc(row.expires_at) <= now or row.tries >= CODE_TRIES:
            return CodeCheck(expired=True)
        if _code_matches(row.code_hash, code):
            row.used_at = now
            return CodeCheck(ok=True)
        row.tries += 1
        return CodeCheck(tries_left=CODE_TRIES - row.tries, expired=row.tries >= CODE_TRIES)


def _hash_code(code: str) -> str:
    salt = secrets.token_hex(8)
    return f"{salt}${hashlib.sha256(f'{salt}:{code}'.encode()).hexdigest()}"


def _code_matches(stored: str, code: str) -> bool:
    salt, _, digest = stored.partition("$")
    return hmac.compare_digest(digest, hashlib.sha256(f"{salt}:{code}".encode()).hexdigest())


def latest_state(session_factory: sessionmaker, phone: str) -> Dict[str, Any]:
    """The number's row as a dict (tests and the CLI)."""
    with session_factory() as session:
        row = session.get(SmsNumber, phone)
        if row is None:
            return {}
        return {"opted_out": row.opted_out, "opted_out_at": as_utc(row.opted_out_at),
                "opted_in_at": as_utc(row.opted_in_at), "first_seen_at": as_utc(row.first_seen_at)}
