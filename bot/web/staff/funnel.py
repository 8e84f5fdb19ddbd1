"""The dashboard's figures: the funnel per week and per channel, the spread of bands and
recommendations, and the median time from a lead to its first contact.

The funnel follows conversations (Rasa's sender ids, which the clinic's rows carry too). Each
conversation is counted once, in the week and channel it began, at every step up to the
furthest it reached, so no step can outnumber the one before it:

- it began: its first visitor message in Rasa's tracker store (`events`), or, for a
  conversation the tracker store does not hold (imported leads) or that began before the
  period (a texter writing again), the first of its rows in the clinic's tables;
- started: the intake form ran (`events`);
- finished: every question answered: `action_finish_intake` ran (`events`; it also runs when
  the visitor declines storage, which the clinic's daily declined count cannot tie to a
  conversation or channel), or an assessment of it is stored;
- consented lead: the conversation in which a lead first agreed to be contacted (its
  earliest granted data consent);
- booked: that lead has a live consultation at a set time (not a callback request),
  whenever and however it was booked.

A lead who left details or booked without the self-assessment ("the short way") reached a
later step, so it counts as having started and finished. Weeks start on Monday in the
clinic's time zone.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Dict, Iterable, List, Set, Tuple
from zoneinfo import ZoneInfo

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.store.models import (
    Assessment,
    Consent,
    Consultation,
    ConsultationStatus,
    Lead,
    LeadStatusChange,
    as_utc,
)

STAGES = ("conversations", "started", "finished", "leads", "bookings")
CONVERSATION, STARTED, FINISHED, LEAD, BOOKED = range(len(STAGES))
STAGE_LABELS = {
    "conversations": "Conversations",
    "started": "Self-assessments started",
    "finished": "Self-assessments finished",
    "leads": "Consented leads",
    "bookings": "Consultations booked",
}
# The dashboard's one line on what the steps count (the module's docstring says it fully).
STAGE_NOTE = (
    "Each conversation counts once, in the week and channel it began, at every step up to the "
    "furthest it reached: started the self-assessment, finished it (stored or declined), "
    "became a lead who agreed to be contacted, that lead has a consultation booked (not a "
    "callback request); leaving details or booking without the self-assessment counts as "
    "having done it."
)
INTAKE_FORM = "intake_form"
FINISH_ACTION = "action_finish_intake"
UNKNOWN_CHANNEL = "not recorded"  # a first message without its input channel


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


@dataclass
class Journey:
    """One conversation in the funnel: when and by which channel it began, how far it got."""

    began: datetime
    channel: str
    reached: int = CONVERSATION
    in_events: bool = False  # its beginning is its first message in Rasa's tracker store


class Journeys(dict[str, Journey]):
    """The period's conversations by id."""

    def reach(self, conversation_id: str, stage: int, at: datetime, channel: str) -> None:
        """Conversation `conversation_id` got to `stage`, as a clinic row made at `at` says."""
        journey = self.get(conversation_id)
        if journey is None:
            self[conversation_id] = journey = Journey(at, channel or UNKNOWN_CHANNEL)
        elif not journey.in_events and at < journey.began:
            journey.began = at
        journey.reached = max(journey.reached, stage)


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
    journeys = _journeys(session_factory, engine, since)
    counts: Dict[str, Counter] = {stage: Counter() for stage in STAGES}
    channels: Dict[str, Counter] = defaultdict(Counter)
    for journey in journeys.values():
        week = week_of(journey.began, zone)
        if not mondays[0] <= week <= last:
            continue  # a row dated after `now`
        for stage in STAGES[:journey.reached + 1]:
            counts[stage][week] += 1
            channels[journey.channel][stage] += 1

    with session_factory() as session:
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


def _journeys(session_factory: sessionmaker, engine: Engine, since: datetime) -> Journeys:
    journeys = Journeys()
    for sender, began, channel in _first_messages(engine, since):
        journeys[sender] = Journey(began, channel, in_events=True)
    for stage, senders in ((STARTED, _senders_with(engine, "active_loop", INTAKE_FORM, since)),
                           (FINISHED, _senders_with(engine, "action", FINISH_ACTION, since))):
        # Steps of conversations that began before the period are not the period's.
        for sender in senders & journeys.keys():
            journeys[sender].reached = max(journeys[sender].reached, stage)
    with session_factory() as session:
        for conversation_id, created, channel in session.execute(
                select(Assessment.conversation_id, Assessment.created_at, Assessment.channel)
                .where(Assessment.created_at >= since)):
            journeys.reach(conversation_id, FINISHED, as_utc(created), channel)
        homes = _lead_homes(session, since)
        for conversation_id, given, channel in homes.values():
            journeys.reach(conversation_id, LEAD, as_utc(given), channel)
        for lead_id in session.scalars(
                select(Consultation.lead_id)
                .where(Consultation.created_at >= since, Consultation.starts_at.is_not(None),
                       Consultation.status != ConsultationStatus.CANCELLED)):
            if lead_id in homes:
                conversation_id, given, channel = homes[lead_id]
                journeys.reach(conversation_id, BOOKED, as_utc(given), channel)
    return journeys


def _lead_homes(session: Session, since: datetime) -> Dict[int, Tuple[str, datetime, str]]:
    """The leads that first agreed to be contacted in the period: lead id -> the
    conversation, time and channel of that consent."""
    first = (select(func.min(Consent.id))
             .where(Consent.kind == "data", Consent.granted.is_(True))
             .group_by(Consent.lead_id))
    rows = session.execute(
        select(Consent.lead_id, Consent.conversation_id, Consent.given_at, Consent.channel)
        .where(Consent.id.in_(first), Consent.given_at >= since))
    return {lead_id: (conversation_id, given, channel)
            for lead_id, conversation_id, given, channel in rows}


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


def _senders_with(engine: Engine, type_name: str, name: str, since: datetime) -> Set[str]:
    """The conversations with an event of this type and name since `since`."""
    if not inspect(engine).has_table("events"):
        return set()
    query = text(
        "SELECT DISTINCT sender_id FROM events WHERE type_name = :type "
        "AND action_name = :name AND timestamp >= :since")
    with engine.connect() as connection:
        return {sender for (sender,) in connection.execute(
            query, {"type": type_name, "name": name, "since": since.timestamp()})}


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
