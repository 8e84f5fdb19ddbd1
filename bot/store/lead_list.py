"""The staff portal's list of leads: newest first, filtered and searched, one page at a time.

Pages are keyset pages ("older than this lead"), not offsets, so the hundredth page costs
what the first does; every filter has an index that ends in the list's order
(created_at, id), so a page reads about as many rows as it shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, List, Mapping, Sequence, Tuple
from zoneinfo import ZoneInfo

from sqlalchemy import and_, literal_column, or_, select, table, text
from sqlalchemy.orm import sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from bot.language import LANGUAGES
from bot.store.models import Lead, LeadStatus, as_utc

PAGE_SIZE = 50
TRIGRAM = 3  # shorter search terms cannot use a trigram index: they read every lead
FLAGGED = "any"  # the flag filter's value for "any safety flag"
_PHONE_LIKE = re.compile(r"[\d\s().+-]+")


@dataclass(frozen=True)
class LeadFilter:
    """What the list is narrowed to; every field empty means every lead."""

    q: str = ""  # part of a name, email or phone number
    status: str = ""
    channel: str = ""
    band: str = ""
    recommendation: str = ""
    language: str = ""  # "en" or "es"
    flag: str = ""  # "any" or one safety flag
    duplicates: str = ""  # "only": possible duplicates only
    date_from: date | None = None  # the clinic's local dates, both included
    date_to: date | None = None

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> LeadFilter:
        """A filter from a page's query string; unreadable values are ignored."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = (params.get(f.name) or "").strip()[:100]
            if f.name.startswith("date_"):
                values[f.name] = _date(raw)
            else:
                values[f.name] = raw
        if values["status"] and values["status"] not in {s.value for s in LeadStatus}:
            values["status"] = ""
        if values["language"] not in LANGUAGES:
            values["language"] = ""
        return cls(**values)

    def query_items(self) -> List[Tuple[str, str]]:
        """The filter as query-string pairs (for links to other pages and the export)."""
        items = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value:
                items.append((f.name, value.isoformat() if isinstance(value, date) else value))
        return items

    @property
    def active(self) -> bool:
        return bool(self.query_items())


def criteria(lead_filter: LeadFilter, zone: ZoneInfo, dialect: str = "sqlite"
             ) -> List[ColumnElement]:
    """SQL conditions on `Lead` for the filter; `zone` turns the dates into instants;
    `dialect` ("sqlite" or "postgresql") chooses how the search uses its index."""
    conditions: List[ColumnElement] = []
    f = lead_filter
    if f.status:
        conditions.append(Lead.status == LeadStatus(f.status))
    if f.channel:
        conditions.append(Lead.channel == f.channel)
    if f.band:
        conditions.append(Lead.band == f.band)
    if f.recommendation:
        conditions.append(Lead.recommendation == f.recommendation)
    if f.language:
        conditions.append(Lead.language == f.language)
    if f.flag == FLAGGED:
        conditions.append(Lead.safety_flags != "")
    elif f.flag:
        conditions.append(Lead.safety_flags.contains(f" {f.flag} ", autoescape=True))
    if f.duplicates == "only":
        # Few leads are duplicates: found by their own index, not by walking the list's order.
        duplicate = select(Lead.id).where(Lead.duplicate_of_id.is_not(None)).scalar_subquery()
        conditions.append(Lead.id.in_(duplicate))
    if f.date_from:
        conditions.append(Lead.created_at >= _local_midnight(f.date_from, zone))
    if f.date_to:
        conditions.append(Lead.created_at < _local_midnight(f.date_to + timedelta(days=1), zone))
    term = search_term(f.q)
    if term:
        if dialect == "sqlite" and len(term) >= TRIGRAM:
            # The FTS5 trigram index (migration 0008) finds the candidates; PostgreSQL's
            # trigram index serves the LIKE below by itself.
            phrase = '"' + term.replace('"', '""') + '"'
            conditions.append(Lead.id.in_(
                select(literal_column("rowid")).select_from(table("leads_search"))
                .where(text("leads_search MATCH :phrase").bindparams(phrase=phrase))))
        conditions.append(Lead.search_text.contains(term, autoescape=True))
    return conditions


def search_term(q: str) -> str:
    """What to look for in a lead's search text: a phone number's digits without the US
    country code, anything else lower-cased."""
    q = q.strip()
    digits = "".join(c for c in q if c.isdigit())
    if len(digits) >= 3 and _PHONE_LIKE.fullmatch(q):
        return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
    return q.lower()


@dataclass(frozen=True)
class LeadRow:
    """One line of the list."""

    id: int
    reference: str
    name: str
    phone: str
    email: str | None
    channel: str
    language: str
    status: str
    band: str | None
    recommendation: str | None
    safety_flags: Sequence[str]
    duplicate: bool
    created_at: datetime

    @property
    def is_new(self) -> bool:
        return self.status == LeadStatus.NEW.value


@dataclass(frozen=True)
class LeadPage:
    rows: List[LeadRow]
    older: int | None  # the lead id to continue after (?before=...), None on the last page
    first: bool  # whether this is the newest page


def lead_page(session_factory: sessionmaker, lead_filter: LeadFilter, zone: ZoneInfo,
              before: int | None = None, size: int | None = None) -> LeadPage:
    """Up to `size` (PAGE_SIZE) leads matching the filter, newest first, older than lead
    `before`."""
    size = size or PAGE_SIZE
    conditions = criteria(lead_filter, zone, session_factory.kw["bind"].dialect.name)
    columns = (Lead.id, Lead.reference, Lead.name, Lead.phone, Lead.email, Lead.channel,
               Lead.status, Lead.band, Lead.recommendation, Lead.safety_flags,
               Lead.duplicate_of_id, Lead.created_at, Lead.language)
    with session_factory() as session:
        if before is not None:
            anchor = session.execute(select(Lead.created_at, Lead.id)
                                     .where(Lead.id == before)).first()
            if anchor is not None:
                created, lead_id = anchor
                # The first condition is a range the index can seek to; the second breaks ties.
                conditions.append(Lead.created_at <= created)
                conditions.append(or_(Lead.created_at < created,
                                      and_(Lead.created_at == created, Lead.id < lead_id)))
        found = session.execute(
            select(*columns).where(*conditions)
            .order_by(Lead.created_at.desc(), Lead.id.desc()).limit(size + 1)
        ).all()
    rows = [LeadRow(
        id=r[0], reference=r[1], name=r[2], phone=r[3], email=r[4], channel=r[5],
        language=r[12], status=r[6].value if isinstance(r[6], LeadStatus) else str(r[6]), band=r[7],
        recommendation=r[8], safety_flags=(r[9] or "").split(), duplicate=r[10] is not None,
        created_at=as_utc(r[11]),
    ) for r in found[:size]]
    older = rows[-1].id if len(found) > size else None
    return LeadPage(rows, older, before is None)


# SELECT DISTINCT reads every lead on PostgreSQL (about 40 ms at 100,000); this walks the
# channel index from one value to the next instead (a "loose index scan"), a few rows in all.
_CHANNELS = text(
    "WITH RECURSIVE found(channel) AS ("
    " SELECT MIN(channel) FROM leads"
    " UNION ALL"
    " SELECT (SELECT MIN(channel) FROM leads WHERE channel > found.channel) FROM found"
    " WHERE found.channel IS NOT NULL)"
    " SELECT channel FROM found WHERE channel IS NOT NULL")


def channels(session_factory: sessionmaker) -> List[str]:
    """The channels leads came from (for the filter's choices)."""
    with session_factory() as session:
        return [c for c in session.scalars(_CHANNELS) if c]


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(timezone.utc)


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
