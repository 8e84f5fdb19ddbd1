"""Play whole visitor conversations against the real assistant and check every turn and goal.

A conversation set is a YAML file (`tuning.yml`, `held_out.yml`, `blind_2.yml`, `spanish.yml`
beside this module). Each conversation has an id, a persona, its turns and a goal. Each turn
sends the visitor's words (`say`) or clicks a button of the previous reply (`click`: its
1-based position or a regex on its title) and checks what `expect` lists:

    intent            the NLU intent of this message, read from the tracker ("faq/<topic>"
                      also checks the answer the ResponseSelector picked); a list: any of them
    reply             regex (or list of regexes) that the turn's reply texts, joined, must match
    no_reply          regex (or list) that they must not match
    buttons           [] for no buttons at all; a regex that some button title must match
    slots             slot values after the turn (lists compared as sets; null: not set)
    form              the active loop after the turn (null: none)
    requested_slot    the question the form asks next (null: none)

Goals are checked after the last turn, against the clinic's database and the tracker:

    lead              the lead this conversation stored, with the given fields (name, phone,
                      email, preferred_contact, preferred_time, marketing) and assessment
                      answers, band, recommendation (`assessment: false`: stored without one);
                      `none`: nothing was stored
    booking           true: a live consultation booked by this conversation; `moved`: and the
                      consultation of the setup was cancelled; `cancelled`: the setup's
                      consultation was cancelled and nothing is live
    escalation        infection | allergic | self_harm: that red flag was recognised and its
                      reply given (clinic phone / 911 / 988); `none`: no red flag and no alarm
    exit              polite: no form running at the end, and the last message was answered
                      with something other than "say it another way"

`{name}` in a text or regex is replaced by a value from the settings the assistant runs with
(`{phone}`, `{price_session}`, ...; regexes get it escaped), or from the conversation's setup
(`{booking_reference}`, `{booking_when}`).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
import time
import uuid
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Mapping, Sequence, Tuple

import requests
import yaml
from sqlalchemy import or_, select, text
from sqlalchemy.engine import Engine

from bot.booking.slots import describe_slot
from bot.runner import Assistant
from bot.settings import PROJECT_ROOT, Settings, format_dollars, load_settings
from bot.store.db import make_engine, make_session_factory
from bot.store.models import (
    Assessment,
    Consent,
    Consultation,
    ConsultationStatus,
    Lead,
    LeadStatus,
)

SETS_DIR = Path(__file__).parent
SET_NAMES = ("tuning", "held_out", "blind_2", "spanish")
REQUEST_TIMEOUT_S = 60
DEFAULT_THREADS = 8

# The settings every run uses besides .env.example: any time of day is bookable, no holidays,
# and a horizon long enough that "the 5th of next month" is always inside it.
RUN_SETTINGS = {
    "BOOKING_MIN_NOTICE_HOURS": "0",
    "CLINIC_HOURS": "mon-sun 08:00-20:00",
    "CLOSED_DATES": "",
    "BOOKING_HORIZON_DAYS": "45",
}

TURN_KEYS = {"say", "click", "expect"}
EXPECT_KEYS = {"intent", "reply", "no_reply", "buttons", "slots", "form", "requested_slot"}
GOAL_KEYS = {"lead", "booking", "escalation", "exit"}
LEAD_FIELDS = ("name", "phone", "email", "preferred_contact", "preferred_time")
LEAD_KEYS = {*LEAD_FIELDS, "marketing", "answers", "assessment", "band", "recommendation"}
SETUP_KEYS = {"booking"}
ESCALATIONS = {
    # red flag: (its intent, what its reply must show; {phone} is the clinic's)
    "infection": ("report_infection", r"(?i)call the clinic|urgent care|{phone}"),
    "allergic": ("report_allergic_reaction", r"\b911\b"),
    "self_harm": ("report_self_harm", r"\b988\b"),
}
# Any escalation's reply or its short repeat, for `escalation: none`, in English or Spanish.
# Not "urgent care" or "911" alone: the answer about healing after hours names them as
# information, not an alarm.
ALARM = re.compile(r"(?i)call the clinic now|call 911 now|crisis lifeline|"
                   r"seen by a clinician today|as i said just above|still here with you|"
                   r"llame a la cl[ií]nica ahora|llame al 911 ahora|prevenci[oó]n del suicidio|"
                   r"profesional de salud hoy|como le dije arriba|aqu[ií] sigo con usted")
FALLBACK = re.compile(r"(?i)didn'?t (quite )?catch|say it another way|no le entend[ií]|"
                      r"de otra forma")
PLACEHOLDER = re.compile(r"\{([a-z][a-z_]*)\}")


class SetError(ValueError):
    """A conversation set is malformed; the message names the conversation and the key."""


# --- the sets -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Turn:
    say: str | None
    click: int | str | None
    expect: Dict[str, Any]


@dataclass(frozen=True)
class Conversation:
    id: str
    persona: str
    turns: Tuple[Turn, ...]
    goal: Dict[str, Any]
    setup: Dict[str, Any] = field(default_factory=dict)


def load_set(path: Path, domain_file: Path = PROJECT_ROOT / "domain.yml") -> List[Conversation]:
    """The conversations of one set, checked against the domain's intents and slots, so that
    a misspelt key or name fails loudly instead of checking nothing."""
    domain = yaml.safe_load(domain_file.read_text())
    intents = {i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]}
    intents |= {"nlu_fallback"}
    slots = set(domain["slots"]) | {"requested_slot"}
    raw = yaml.load(path.read_text(), Loader=_UniqueKeyLoader)  # a SafeLoader
    conversations = [_conversation(item, intents, slots) for item in raw["conversations"]]
    ids = [c.id for c in conversations]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise SetError(f"{path.name}: conversation ids used twice: {sorted(duplicates)}")
    return conversations


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key given twice in one mapping: PyYAML would keep the last
    one silently, and the expectation written first would check nothing."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Dict[Any, Any]:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        repeated = sorted({str(k) for k in keys if keys.count(k) > 1})
        if repeated:
            raise SetError(f"{node.start_mark}: keys given twice: {repeated}")
        return super().construct_mapping(node, deep=deep)


def _conversation(item: Mapping[str, Any], intents: set, slots: set) -> Conversation:
    cid = item.get("id") or "?"

    def fail(problem: str) -> SetError:
        return SetError(f"conversation {cid}: {problem}")

    unknown = set(item) - {"id", "persona", "turns", "goal", "setup"}
    if unknown:
        raise fail(f"unknown keys {sorted(unknown)}")
    if not item.get("persona") or not item.get("turns") or not item.get("goal"):
        raise fail("needs a persona, turns and a goal")
    turns = []
    for number, raw in enumerate(item["turns"], 1):
        if set(raw) - TURN_KEYS or ("say" in raw) == ("click" in raw):
            raise fail(f"turn {number} needs exactly one of say/click, and only {TURN_KEYS}")
        expect = raw.get("expect") or {}
        if not expect:
            raise fail(f"turn {number} expects nothing: every turn must be able to fail")
        if set(expect) - EXPECT_KEYS:
            raise fail(f"turn {number}: unknown expectations {sorted(set(expect) - EXPECT_KEYS)}")
        for name in _as_list(expect.get("intent")):
            if name.split("/")[0] not in intents:
                raise fail(f"turn {number}: intent {name!r} is not in domain.yml")
        for name in expect.get("slots") or {}:
            if name not in slots:
                raise fail(f"turn {number}: slot {name!r} is not in domain.yml")
        for key in ("reply", "no_reply", "buttons"):
            for pattern in _as_list(expect.get(key)):
                re.compile(PLACEHOLDER.sub("x", pattern))  # a bad regex fails here, not later
        turns.append(Turn(raw.get("say"), raw.get("click"), expect))
    goal = item["goal"]
    if set(goal) - GOAL_KEYS:
        raise fail(f"unknown goals {sorted(set(goal) - GOAL_KEYS)}")
    lead = goal.get("lead")
    if isinstance(lead, dict) and set(lead) - LEAD_KEYS:
        raise fail(f"unknown lead fields {sorted(set(lead) - LEAD_KEYS)}")
    if lead is not None and not isinstance(lead, dict) and lead != "none":
        raise fail("lead: a mapping of expected fields, or none")
    if goal.get("escalation") not in (None, "none", *ESCALATIONS):
        raise fail(f"escalation must be none or one of {sorted(ESCALATIONS)}")
    if goal.get("booking") not in (None, True, False, "moved", "cancelled"):
        raise fail("booking must be true, false, moved or cancelled")
    if goal.get("exit") not in (None, "polite"):
        raise fail("exit must be polite")
    setup = item.get("setup") or {}
    if set(setup) - SETUP_KEYS:
        raise fail(f"unknown setup {sorted(set(setup) - SETUP_KEYS)}")
    return Conversation(str(cid), item["persona"], tuple(turns), goal, setup)


def _as_list(value: Any) -> List[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def substitutions(settings: Settings) -> Dict[str, str]:
    """What `{name}` stands for in a set, from the settings the assistant runs with."""
    prices, clinic = settings.prices, settings.clinic
    values = {
        "clinic_name": clinic.name,
        "phone": clinic.phone_display,
        "address": clinic.address,
        "price_session": format_dollars(prices.microneedling_session),
        "price_prp": format_dollars(prices.microneedling_prp_session),
        "package_price": format_dollars(prices.package_price),
        "package_sessions": str(prices.package_sessions),
    }
    if prices.consultation_fee is not None:
        values["consultation_fee"] = format_dollars(prices.consultation_fee)
    return values


def fill(template: str, values: Mapping[str, str], regex: bool) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise SetError(f"no value for {{{name}}} (known: {sorted(values)})")
        return re.escape(values[name]) if regex else values[name]

    return PLACEHOLDER.sub(value, template)


# --- results --------------------------------------------------------------------------------

@dataclass
class Failure:
    """One turn (or a goal) that did not go as expected."""

    conversation: str
    turn: int | str  # the turn's number from 1, or "goal"
    text: str
    expected: Dict[str, Any]
    problems: List[str]
    happened: Dict[str, Any]
    replies: List[str]


@dataclass
class ConversationResult:
    id: str
    turns_right: int
    turns_total: int
    goal_reached: bool
    failures: List[Failure]
    seconds: float


@dataclass
class SetResult:
    name: str
    conversations: List[ConversationResult]

    @property
    def turns_right(self) -> int:
        return sum(c.turns_right for c in self.conversations)

    @property
    def turns_total(self) -> int:
        return sum(c.turns_total for c in self.conversations)

    @property
    def goals_reached(self) -> int:
        return sum(c.goal_reached for c in self.conversations)

    @property
    def goals_total(self) -> int:
        return len(self.conversations)

    @property
    def turn_share(self) -> float:
        return self.turns_right / self.turns_total if self.turns_total else 0.0

    @property
    def goal_share(self) -> float:
        return self.goals_reached / self.goals_total if self.goals_total else 0.0

    @property
    def failures(self) -> List[Failure]:
        return [f for c in self.conversations for f in c.failures]

    def summary(self) -> Dict[str, Any]:
        return {
            "conversations": self.goals_total,
            "turns_right": self.turns_right, "turns_total": self.turns_total,
            "turn_share": round(self.turn_share, 4),
            "goals_reached": self.goals_reached, "goals_total": self.goals_total,
            "goal_share": round(self.goal_share, 4),
            "failed_goals": [c.id for c in self.conversations if not c.goal_reached],
            "failures": [asdict(f) for f in self.failures],
        }


# --- playing --------------------------------------------------------------------------------

@dataclass
class State:
    """What the tracker says after a turn."""

    intent: str | None = None
    faq_key: str | None = None
    slots: Dict[str, Any] = field(default_factory=dict)
    form: str | None = None
    intents_seen: List[str] = field(default_factory=list)
    slot_values_seen: Dict[str, List[Any]] = field(default_factory=dict)


class TrackerReader:
    """Replays one conversation's events from Rasa's SQL tracker store (the `events` table of
    DATABASE_URL, as endpoints.yml configures it) with Rasa's own tracker class."""

    def __init__(self, engine: Engine, sender: str, domain_slots: Sequence[Any]) -> None:
        from rasa.shared.core.trackers import DialogueStateTracker

        self.engine, self.sender = engine, sender
        self.tracker = DialogueStateTracker(sender, domain_slots)
        self.last_id = 0
        self.state = State()

    def update(self) -> State:
        import json

        from rasa.shared.core.events import Event

        query = text("SELECT id, data FROM events WHERE sender_id = :sender AND id > :last "
                     "ORDER BY id")
        with self.engine.connect() as connection:
            rows = connection.execute(query, {"sender": self.sender, "last": self.last_id}).all()
        state = self.state
        state.intent = state.faq_key = None
        for row_id, data in rows:
            self.last_id = row_id
            event = json.loads(data)
            self.tracker.update(Event.from_parameters(event))
            if event.get("event") == "user":
                parse = event.get("parse_data") or {}
                state.intent = (parse.get("intent") or {}).get("name")
                selected = ((parse.get("response_selector") or {}).get("faq") or {})
                state.faq_key = (selected.get("response") or {}).get("intent_response_key")
                state.intents_seen.append(state.intent or "")
            elif event.get("event") == "slot":
                state.slot_values_seen.setdefault(event["name"], []).append(event.get("value"))
        state.slots = self.tracker.current_slot_values()
        state.form = self.tracker.active_loop_name
        return state


@dataclass
class Target:
    """A running assistant to play against."""

    rasa_url: str
    database_url: str
    settings: Settings


def play_sets(sets: Mapping[str, Sequence[Conversation]], target: Target,
              threads: int = DEFAULT_THREADS) -> Dict[str, SetResult]:
    """Play every conversation of every set, a few at a time (each has its own sender id);
    one pool for all sets, so that the long conversations of one do not wait for the other."""
    domain_slots = _domain_slots()
    engine = make_engine(target.database_url)
    jobs = [(name, conversation) for name, conversations in sets.items()
            for conversation in conversations]
    # The longest conversations first, so that none is left running alone at the end.
    jobs.sort(key=lambda job: -len(job[1].turns))
    try:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            played = list(pool.map(
                lambda job: play_conversation(job[1], target, engine, domain_slots, job[0]),
                jobs))
    finally:
        engine.dispose()
    by_id = {(name, result.id): result for (name, _), result in zip(jobs, played, strict=True)}
    return {name: SetResult(name, [by_id[(name, c.id)] for c in conversations])
            for name, conversations in sets.items()}


def play_set(name: str, conversations: Sequence[Conversation], target: Target,
             threads: int = DEFAULT_THREADS) -> SetResult:
    """Play the conversations of one set (see play_sets)."""
    return play_sets({name: conversations}, target, threads)[name]


def _domain_slots() -> List[Any]:
    from rasa.shared.core.domain import Domain

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Rasa warns about slot auto-fill on every load
        return list(Domain.load(str(PROJECT_ROOT / "domain.yml")).slots)


def play_conversation(conversation: Conversation, target: Target, engine: Engine,
                      domain_slots: Sequence[Any], set_name: str = "set") -> ConversationResult:
    started = time.monotonic()
    sender = f"conv-{set_name}-{conversation.id}-{uuid.uuid4().hex[:8]}"
    values = substitutions(target.settings)
    values.update(_setup(conversation.setup, target, engine, sender))
    reader = TrackerReader(engine, sender, domain_slots)
    failures: List[Failure] = []
    right = 0
    buttons: List[Dict[str, Any]] = []
    last_replies: List[Dict[str, Any]] = []
    all_texts: List[str] = []
    for number, turn in enumerate(conversation.turns, 1):
        message, shown = _message(turn, buttons, values)
        replies = _post(target.rasa_url, sender, message) if message is not None else []
        state = reader.update()
        texts = [r.get("text") or "" for r in replies]
        all_texts.extend(texts)
        buttons = [b for r in replies for b in r.get("buttons") or []]
        last_replies = replies
        problems = check_turn(turn.expect, replies, state, values)
        if message is None:
            problems.insert(0, "click: the previous reply had no such button")
        if problems:
            failures.append(Failure(
                conversation.id, number, shown, turn.expect, problems,
                _happened(turn.expect, state, replies), texts))
        else:
            right += 1
    goal_problems = check_goal(conversation, sender, reader.state, last_replies, all_texts,
                               values, make_session_factory(engine))
    if goal_problems:
        failures.append(Failure(conversation.id, "goal", "", conversation.goal, goal_problems,
                                {"form": reader.state.form,
                                 "intents": reader.state.intents_seen}, []))
    return ConversationResult(conversation.id, right, len(conversation.turns), not goal_problems,
                              failures, round(time.monotonic() - started, 1))


def _message(turn: Turn, buttons: List[Dict[str, Any]], values: Mapping[str, str]
             ) -> Tuple[str | None, str]:
    """The text to send for a turn and how to show it in a report."""
    if turn.say is not None:
        text = fill(str(turn.say), values, regex=False)
        return text, text
    if isinstance(turn.click, int):
        chosen = buttons[turn.click - 1] if 0 < turn.click <= len(buttons) else None
    else:
        pattern = re.compile(fill(str(turn.click), values, regex=True))
        chosen = next((b for b in buttons if pattern.search(b.get("title", ""))), None)
    if chosen is None:
        return None, f"[click {turn.click!r}: no such button]"
    return chosen["payload"], f"[clicks {chosen.get('title')!r}]"


def _post(rasa_url: str, sender: str, message: str) -> List[Dict[str, Any]]:
    response = requests.post(f"{rasa_url}/webhooks/rest/webhook",
                             json={"sender": sender, "message": message},
                             timeout=REQUEST_TIMEOUT_S)
    response.raise_for_status()
    return response.json()


def check_turn(expect: Mapping[str, Any], replies: List[Dict[str, Any]], state: State,
               values: Mapping[str, str]) -> List[str]:
    """What went wrong in one turn, one line per expectation not met."""
    problems: List[str] = []
    joined = "\n".join(r.get("text") or "" for r in replies)
    titles = [b.get("title", "") for r in replies for b in r.get("buttons") or []]
    wanted_intents = _as_list(expect.get("intent"))
    if wanted_intents and not any(_intent_matches(w, state) for w in wanted_intents):
        got = state.faq_key if state.intent == "faq" and state.faq_key else state.intent
        problems.append(f"intent: expected {' or '.join(wanted_intents)}, got {got}")
    for pattern in _as_list(expect.get("reply")):
        if not re.search(fill(pattern, values, regex=True), joined):
            problems.append(f"reply: nothing matched /{pattern}/")
    for pattern in _as_list(expect.get("no_reply")):
        found = re.search(fill(pattern, values, regex=True), joined)
        if found:
            problems.append(f"no_reply: /{pattern}/ matched {found.group(0)!r}")
    if "buttons" in expect:
        wanted = expect["buttons"]
        if wanted == [] and titles:
            problems.append(f"buttons: expected none, got {titles}")
        elif isinstance(wanted, str) and not any(
                re.search(fill(wanted, values, regex=True), t) for t in titles):
            problems.append(f"buttons: no title matched /{wanted}/ (got {titles})")
    for slot, wanted in (expect.get("slots") or {}).items():
        got = state.slots.get(slot)
        if not _same_value(wanted, got):
            problems.append(f"slot {slot}: expected {wanted!r}, got {got!r}")
    if "form" in expect and state.form != expect["form"]:
        problems.append(f"form: expected {expect['form']}, got {state.form}")
    if "requested_slot" in expect:
        got = state.slots.get("requested_slot") if state.form else None
        if got != expect["requested_slot"]:
            problems.append(f"requested_slot: expected {expect['requested_slot']}, got {got}")
    return problems


def _intent_matches(wanted: str, state: State) -> bool:
    if wanted.startswith("faq/"):
        return state.intent == "faq" and state.faq_key == wanted
    return state.intent == wanted


def _same_value(wanted: Any, got: Any) -> bool:
    if isinstance(wanted, list) and isinstance(got, list):
        return sorted(map(str, wanted)) == sorted(map(str, got))
    return bool(wanted == got)


def _happened(expect: Mapping[str, Any], state: State, replies: List[Dict[str, Any]]
              ) -> Dict[str, Any]:
    got = state.faq_key if state.intent == "faq" and state.faq_key else state.intent
    happened: Dict[str, Any] = {"intent": got, "form": state.form,
                                "requested_slot": state.slots.get("requested_slot")
                                if state.form else None}
    if expect.get("slots"):
        happened["slots"] = {s: state.slots.get(s) for s in expect["slots"]}
    titles = [b.get("title", "") for r in replies for b in r.get("buttons") or []]
    if titles:
        happened["buttons"] = titles
    return happened


# --- goals ----------------------------------------------------------------------------------

def check_goal(conversation: Conversation, sender: str, state: State,
               last_replies: List[Dict[str, Any]], all_texts: List[str],
               values: Mapping[str, str], sessions: Callable[..., Any]) -> List[str]:
    """What the conversation failed to reach, one line per goal not met."""
    goal, problems = conversation.goal, []
    if "lead" in goal:
        problems += _check_lead(goal["lead"], sender, sessions)
    if "booking" in goal:
        problems += _check_booking(goal["booking"], sender, values, sessions)
    if "escalation" in goal:
        problems += _check_escalation(goal["escalation"], state, all_texts, values)
    if goal.get("exit") == "polite":
        texts = "\n".join(r.get("text") or "" for r in last_replies)
        if state.form is not None:
            problems.append(f"exit: the form {state.form} was still running at the end")
        if not texts.strip():
            problems.append("exit: the last message got no answer")
        elif FALLBACK.search(texts):
            problems.append("exit: the last message got \"say it another way\"")
    return problems


def _leads_of(session: Any, sender: str) -> List[Lead]:
    assessed = select(Assessment.lead_id).where(Assessment.conversation_id == sender)
    consented = select(Consent.lead_id).where(Consent.conversation_id == sender)
    return list(session.scalars(select(Lead).where(or_(
        Lead.conversation_id == sender, Lead.id.in_(assessed), Lead.id.in_(consented),
    )).order_by(Lead.id)).all())


def _check_lead(wanted: Any, sender: str, sessions: Callable[..., Any]) -> List[str]:
    with sessions() as session:
        leads = _leads_of(session, sender)
        if wanted == "none":
            return [f"lead: expected nothing stored, found {len(leads)} lead(s)"] if leads else []
        if not leads:
            return ["lead: no lead stored by this conversation"]
        lead = leads[-1]
        problems = []
        for name in LEAD_FIELDS:
            if name in wanted and getattr(lead, name) != wanted[name]:
                problems.append(f"lead {name}: expected {wanted[name]!r}, "
                                f"got {getattr(lead, name)!r}")
        consents = {c.kind: c.granted for c in lead.consents if c.conversation_id == sender}
        if consents.get("data") is not True:
            problems.append("lead: no data consent recorded for this conversation")
        if "marketing" in wanted and consents.get("marketing", False) != wanted["marketing"]:
            problems.append(f"lead marketing consent: expected {wanted['marketing']}, "
                            f"got {consents.get('marketing')}")
        assessment = next((a for a in lead.assessments if a.conversation_id == sender), None)
        if wanted.get("assessment") is False:
            if assessment is not None:
                problems.append("lead: expected no assessment, found one")
            return problems
        needs_assessment = wanted.get("assessment") or {"answers", "band",
                                                        "recommendation"} & set(wanted)
        if needs_assessment and assessment is None:
            return [*problems, "lead: no assessment stored for this conversation"]
        if assessment is None:
            return problems
        for slot, value in (wanted.get("answers") or {}).items():
            if not _same_value(value, assessment.answers.get(slot)):
                problems.append(f"lead answer {slot}: expected {value!r}, "
                                f"got {assessment.answers.get(slot)!r}")
        for name in ("band", "recommendation"):
            if name in wanted and getattr(assessment, name) != wanted[name]:
                problems.append(f"lead {name}: expected {wanted[name]!r}, "
                                f"got {getattr(assessment, name)!r}")
        return problems


def _check_booking(wanted: Any, sender: str, values: Mapping[str, str],
                   sessions: Callable[..., Any]) -> List[str]:
    with sessions() as session:
        live = session.scalars(select(Consultation).where(
            Consultation.conversation_id == sender,
            Consultation.status != ConsultationStatus.CANCELLED,
            Consultation.starts_at.is_not(None),
        )).all()
        seeded = None
        if "booking_reference" in values:
            seeded = session.scalars(select(Consultation).where(
                Consultation.reference == values["booking_reference"])).one()
        problems = []
        if wanted in (True, "moved") and not live:
            problems.append("booking: no live consultation booked by this conversation")
        if wanted is False and live:
            problems.append(f"booking: expected none, found {live[0].reference}")
        if wanted in ("moved", "cancelled"):
            if seeded is None:
                problems.append("booking: the conversation has no booking in its setup")
            elif seeded.status != ConsultationStatus.CANCELLED:
                problems.append(f"booking: {seeded.reference} is still {seeded.status.value}")
        if wanted == "cancelled" and seeded is not None:
            others = session.scalars(select(Consultation).where(
                Consultation.lead_id == seeded.lead_id,
                Consultation.status != ConsultationStatus.CANCELLED)).all()
            if others:
                problems.append(f"booking: {others[0].reference} is live after the cancel")
        return problems


def _check_escalation(wanted: str, state: State, all_texts: List[str],
                      values: Mapping[str, str]) -> List[str]:
    joined = "\n".join(all_texts)
    seen = {kind for kind, (intent, _) in ESCALATIONS.items() if intent in state.intents_seen}
    if wanted == "none":
        problems = [f"escalation: expected none, the message was read as {intent}"
                    for kind in sorted(seen) for intent in [ESCALATIONS[kind][0]]]
        alarm = ALARM.search(joined)
        if alarm:
            problems.append(f"escalation: expected none, a reply said {alarm.group(0)!r}")
        return problems
    intent, shows = ESCALATIONS[wanted]
    problems = []
    if wanted not in seen:
        problems.append(f"escalation: no message was read as {intent}")
    if not re.search(fill(shows, values, regex=True), joined):
        problems.append(f"escalation: no reply showed /{shows}/")
    return problems


# --- setup and the assistant ----------------------------------------------------------------

def _setup(setup: Mapping[str, Any], target: Target, engine: Engine, sender: str
           ) -> Dict[str, str]:
    """Seed what a conversation starts from (a returning patient's booking); return the values
    its texts may refer to."""
    booking = setup.get("booking")
    if not booking:
        return {}
    zone = target.settings.clinic.timezone
    day = (datetime.now(zone) + timedelta(days=int(booking.get("days_ahead", 3)))).date()
    hour, minute = (int(part) for part in str(booking.get("at", "10:00")).split(":"))
    start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(
        timezone.utc)
    sessions = make_session_factory(engine)
    with sessions.begin() as session:
        # Against a database used before (a re-run, the shared end-to-end assistant), the
        # number's lead and the slot may exist already: reuse the one, free the other.
        lead = session.scalars(select(Lead).where(Lead.phone == booking["phone"],
                                                  Lead.duplicate_of_id.is_(None))).first()
        if lead is None:
            lead = Lead(phone=booking["phone"], preferred_contact="call", preferred_time="any",
                        channel="rest")
            session.add(lead)
        lead.name = booking.get("name", "Returning Patient")
        lead.conversation_id = f"{sender}-earlier"
        lead.status = LeadStatus.BOOKED
        for live in session.scalars(select(Consultation).where(
                Consultation.status != ConsultationStatus.CANCELLED,
                or_(Consultation.lead == lead, Consultation.starts_at == start))).all():
            live.status = ConsultationStatus.CANCELLED
        session.flush()
        consultation = Consultation(
            lead=lead, starts_at=start,
            ends_at=start + timedelta(minutes=target.settings.booking.consultation_minutes),
            channel="rest", conversation_id=f"{sender}-earlier",
            status=ConsultationStatus.REQUESTED)
        session.add(consultation)
        session.flush()
        reference = consultation.reference
    return {"booking_reference": reference, "booking_when": describe_slot(start, zone)}


def set_path(name: str) -> Path:
    return SETS_DIR / f"{name}.yml"


def write_settings(folder: Path) -> Tuple[Path, str]:
    """An env file for a run: .env.example with the run's settings, a fresh SQLite database and
    free ports."""
    from tests.conftest import free_port, write_env_file

    database_url = f"sqlite:///{folder / 'clinic.db'}"
    env_file = write_env_file(
        folder / "conversations.env", **RUN_SETTINGS, DATABASE_URL=database_url,
        RASA_PORT=str(free_port()), ACTION_SERVER_PORT=str(free_port()),
        WEB_PORT=str(free_port()),
    )
    return env_file, database_url


@dataclass
class Run:
    """A started assistant and where its files are."""

    assistant: Assistant
    target: Target
    folder: Path


@contextlib.contextmanager
def started_assistant(folder: Path | None = None) -> Iterator[Run]:
    """Start the real assistant (action server, Rasa server, web app) on a fresh database; stop
    it when the block ends. Trains the model first if the training data changed. A folder made
    here is removed afterwards, unless the start failed: then its server logs are kept."""
    from bot.store import migrate
    from bot.training import ensure_model

    made_here = folder is None
    folder = folder or Path(tempfile.mkdtemp(prefix="conversations-"))
    env_file, database_url = write_settings(folder)
    migrate.upgrade(database_url)
    settings = load_settings(env_file)
    assistant = Assistant(settings=settings, model=ensure_model(),
                          extra_env={"BOT_ENV_FILE": str(env_file)},
                          log_dir=folder / "server-logs")
    try:
        assistant.start()
    except Exception as error:
        raise RuntimeError(f"the assistant did not start ({error}); its logs: "
                           f"{folder / 'server-logs'}") from error
    try:
        yield Run(assistant, Target(assistant.rasa_url, database_url, settings), folder)
    finally:
        assistant.stop()
        if made_here:
            shutil.rmtree(folder, ignore_errors=True)
