"""Staff accounts and signing in: create, list, disable, reset a password; check a sign-in
against the lockout counts."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from bot.store.models import SignInFailure, StaffRole, StaffUser
from bot.web.staff.lockout import LockoutPolicy
from bot.web.staff.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class AccountError(ValueError):
    """A request about an account that cannot be done, with a reason to show."""


def normal_email(email: str) -> str:
    """The email as stored and compared: trimmed and lower-cased."""
    return email.strip().lower()


def create_user(session_factory: sessionmaker, email: str, role: StaffRole | str,
                password: str) -> StaffUser:
    address = normal_email(email)
    if not _EMAIL.fullmatch(address) or len(address) > 254:
        raise AccountError(f"{email!r} is not an email address")
    problem = password_problem(password)
    if problem:
        raise AccountError(f"password: {problem}")
    try:
        with session_factory.begin() as session:
            user = StaffUser(email=address, role=StaffRole(role),
                             password_hash=hash_password(password), active=True,
                             session_version=1)
            session.add(user)
            session.flush()
            return user
    except IntegrityError:
        raise AccountError(f"{address} already has an account") from None


def list_users(session_factory: sessionmaker) -> List[StaffUser]:
    with session_factory() as session:
        return list(session.scalars(select(StaffUser).order_by(StaffUser.email)))


def user_by_id(session_factory: sessionmaker, user_id: int) -> StaffUser | None:
    with session_factory() as session:
        return session.get(StaffUser, user_id)


def set_active(session_factory: sessionmaker, email: str, active: bool) -> StaffUser:
    """Disable (or enable again) an account; disabling ends its sessions at once."""
    with session_factory.begin() as session:
        user = _by_email(session, email)
        if user.active and not active:
            user.session_version += 1
        user.active = active
        return user


def reset_password(session_factory: sessionmaker, email: str, password: str) -> StaffUser:
    """Set a new password; every session signed in with the old one ends."""
    problem = password_problem(password)
    if problem:
        raise AccountError(f"password: {problem}")
    with session_factory.begin() as session:
        user = _by_email(session, email)
        user.password_hash = hash_password(password)
        user.session_version += 1
        session.execute(delete(SignInFailure).where(
            SignInFailure.email_hash == _digest(user.email)))
        return user


def _by_email(session, email: str) -> StaffUser:  # type: ignore[no-untyped-def]
    user = session.scalars(select(StaffUser).where(StaffUser.email == normal_email(email))
                           ).one_or_none()
    if user is None:
        raise AccountError(f"no account for {normal_email(email)}")
    return user


@dataclass(frozen=True)
class SignInResult:
    user: StaffUser | None  # set only when the email and password matched an active account
    locked: bool = False
    delay_s: float = 0.0  # wait this long before answering (slowing down guessing)


def sign_in(session_factory: sessionmaker, email: str, password: str, address: str,
            policy: LockoutPolicy, now: datetime | None = None) -> SignInResult:
    """Check a sign-in; a failure is counted for the email and for the client address."""
    now = now or datetime.now(timezone.utc)
    email_hash, address_hash = _digest(normal_email(email)), _digest(address)
    since = now - policy.window
    with session_factory.begin() as session:
        session.execute(delete(SignInFailure).where(SignInFailure.failed_at < since))
        account_failures, address_failures = (
            session.scalar(select(func.count()).select_from(SignInFailure)
                           .where(column == value, SignInFailure.failed_at >= since))
            for column, value in ((SignInFailure.email_hash, email_hash),
                                  (SignInFailure.address_hash, address_hash)))
        if policy.locked(account_failures, address_failures):
            # No password is checked while locked, so guessing gains nothing.
            return SignInResult(None, locked=True, delay_s=policy.max_delay_s)
        user = session.scalars(select(StaffUser).where(
            StaffUser.email == normal_email(email))).one_or_none()
        matched = verify_password(user.password_hash if user else None, password)
        if user is None or not matched or not user.active:
            session.add(SignInFailure(email_hash=email_hash, address_hash=address_hash,
                                      failed_at=now))
            failures = max(account_failures, address_failures) + 1
            return SignInResult(None, locked=policy.locked(account_failures + 1,
                                                           address_failures + 1),
                                delay_s=policy.delay_s(failures))
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        user.last_sign_in_at = now
        session.execute(delete(SignInFailure).where(SignInFailure.email_hash == email_hash))
        return SignInResult(user)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
