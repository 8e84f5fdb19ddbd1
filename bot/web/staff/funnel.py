"""The dashboard's figures: the funnel per week and per channel, the spread of bands and
recommendations, and the median time from a lead to its first contact.

Conversations and started self-assessments come from Rasa's tracker store (`events`); the
rest from the clinic's tables. Weeks start on Monday in the clinic's time zone.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Dict, Iterable, List, Tuple
from zoneinfo import ZoneInfo

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot.store.models import (
    Assessment,
    Consent,
    Consultation,
    ConsultationStatus,
    DeclinedAssessmentCount,
    Lead,
    LeadStatusChange,
    as_utc,
)

STAGES = ("conversations", "started", "finished", "leads", "bookings")
STAGE_LABELS = {
    "conversations": "Conversations",
    "started": "Self-assessments started",
    "finished": "Self-assessments finished",
    "leads": "Consented leads",
    "bookings": "Consultations booked",
}
INTAKE_FORM = "intake_form"
UNKNOWN_CHANNEL = "not recorded"  # declined assessments are counted without a channel


@dataclass
class Funnel:
    weeks: List[date]  # Mondays, oldest first
    by_week: Dict[str, List[int]]  # stage -> count per week
    by_channel: Dict[str, Dict[str, int]]  # channel -> stage -> count over all the weeks
    bands: List[Tuple[str, int]] = field(default_factory=list)
    recommendations: List[Tuple[str, int]] = field(default_factory=list)
    median_first_contact: timedelta | None = None
    contacted: int = 0  # leads (of the period) with a first contact
    waiting: int = 0  # leads of the period still without one

    def total(self, stage: str) -> int:
        return sum(self.by_week[stage])


def week_of(moment: datetime, zone: ZoneInfo) -> date:
    local = moment.astimezone(zone).date()
    return local - timedelta(days=local.weekday())


def funnel(session_factory: sessionmaker, engine: Engine, zone: ZoneInfo, weeks: int = 12,
           now: datetime | None = None) -> Funnel:
    now = now or datetime.now(timezone.utc)
    last = week_of(now, zone)
    mondays = [last - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    since = datetime.combine(mondays[0], datetime.min.time(), tzinfo=zone).astimezone(
        timezone.utc)
    counts: Dict[str, Counter] = {stage: Counter() for stage in STAGES}
    channels: Dict[str, Counter] = defaultdict(Counter)

    def add(stage: str, moment: datetime, channel: str | None) -> None:
        week = week_of(moment, zone)
        counts[stage][week] += 1
        channels[channel or UNKNOWN_CHANNEL][stage] += 1

    first_channel: Dict[str, str] = {}
    for sender, moment, channel in _first_messages(engine, since):
        first_channel[sender] = channel
        add("conversations", moment, channel)
    for sender, moment in _intake_starts(engine, since):
        add("started", moment, first_channel.get(sender))

    with session_factory() as session:
        for created, channel in session.execute(
                select(Assessment.created_at, Assessment.channel)
                .where(Assessment.created_at >= since)):
            add("finished", as_utc(created), channel)
        for day, count in session.execute(
                select(DeclinedAssessmentCount.day, DeclinedAssessmentCount.count)
                .where(DeclinedAssessmentCount.day >= mondays[0])):
            week = day - timedelta(days=day.weekday())
            counts["finished"][week] += count
            channels[UNKNOWN_CHANNEL]["finished"] += count
        consented = select(Consent.lead_id).where(Consent.kind == "data",
                                                  Consent.granted.is_(True))
        for created, channel in session.execute(
                select(Lead.created_at, Lead.channel)
                .where(Lead.created_at >= since, Lead.id.in_(consented))):
            add("leads", as_utc(created), channel)
        for created, channel in session.execute(
                select(Consultation.created_at, Consultation.channel)
                .where(Consultation.created_at >= since, Consultation.starts_at.is_not(None),
                       Consultation.status != ConsultationStatus.CANCELLED)):
            add("bookings", as_utc(created), channel)
        bands = _spread(session.execute(
            select(Lead.band, func.count()).where(Lead.band.is_not(None)).group_by(Lead.band)))
        recommendations = _spread(session.execute(
            select(Lead.recommendation, func.count()).where(Lead.recommendation.is_not(None))
            .group_by(Lead.recommendation)))
        first_contacts = select(LeadStatusChange.lead_id,
                                func.min(LeadStatusChange.created_at).label("first")) \
            .group_by(LeadStatusChange.lead_id).subquery()
        waits = [as_utc(first) - as_utc(created) for created, first in session.execute(
            select(Lead.created_at, first_contacts.c.first)
            .join(first_contacts, first_contacts.c.lead_id == Lead.id, isouter=True)
            .where(Lead.created_at >= since)) if first is not None]
        period_leads = session.scalar(select(func.count()).select_from(Lead)
                                      .where(Lead.created_at >= since)) or 0

    return Funnel(
        weeks=mondays,
        by_week={stage: [counts[stage][week] for week in mondays] for stage in STAGES},
        by_channel={channel: {stage: channels[channel][stage] for stage in STAGES}
                    for channel in sorted(channels)},
        bands=bands,
        recommendations=recommendations,
        median_first_contact=statistics.median(waits) if waits else None,
        contacted=len(waits),
        waiting=period_leads - len(waits),
    )


BAND_ORDER = ("mild", "moderate", "severe")
RECOMMENDATION_ORDER = ("good_candidate", "consultation_first", "not_right_now")


def _spread(rows: Iterable[Tuple[str, int]]) -> List[Tuple[str, int]]:
    found = {name: count for name, count in rows}
    order = [*BAND_ORDER, *RECOMMENDATION_ORDER]
    return sorted(found.items(), key=lambda item: (order.index(item[0])
                                                   if item[0] in order else 99, item[0]))


def _first_messages(engine: Engine, since: datetime) -> List[Tuple[str, datetime, str]]:
    """Each conversation whose first visitor message is after `since`: its id, that time and
    the channel it came in by."""
    if not inspect(engine).has_table("events"):
        return []
    query = text(
        "SELECT e.sender_id, e.timestamp, e.data FROM events e WHERE e.id IN "
        "(SELECT MIN(id) FROM events WHERE type_name = 'user' GROUP BY sender_id) "
        "AND e.timestamp >= :since")
    found = []
    with engine.connect() as connection:
        for sender, timestamp, data in connection.execute(query, {"since": since.timestamp()}):
            channel = (json.loads(data).get("input_channel") or None) if data else None
            found.append((sender, datetime.fromtimestamp(timestamp, timezone.utc),
                          channel or UNKNOWN_CHANNEL))
    return found


def _intake_starts(engine: Engine, since: datetime) -> List[Tuple[str, datetime]]:
    if not inspect(engine).has_table("events"):
        return []
    query = text(
        "SELECT sender_id, MIN(timestamp) FROM events WHERE type_name = 'active_loop' "
        "AND action_name = :form GROUP BY sender_id HAVING MIN(timestamp) >= :since")
    with engine.connect() as connection:
        return [(sender, datetime.fromtimestamp(first, timezone.utc))
                for sender, first in connection.execute(
                    query, {"form": INTAKE_FORM, "since": since.timestamp()})]


def describe_wait(wait: timedelta | None) -> str:
    """'3 h 20 min', '2 days 4 h', or 'no contacts yet'."""
    if wait is None:
        return "no contacts yet"
    minutes = int(wait.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"
