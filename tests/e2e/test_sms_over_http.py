"""Texting the clinic through the real assistant: Twilio's webhook signed with the twilio
library and posted over HTTP to the real Rasa server, its TwiML replies read back, and the
Messages API played by a local stand-in (tests/twilio_standin.py).

The assistant sits "behind a proxy": Twilio calls https://www.clinic.example/..., which is the
URL it signs and the one the channel checks (SMS_WEBHOOK_URL), while the test posts to the
Rasa server on this machine."""

from __future__ import annotations

import itertools
import re
import time
import uuid
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Callable, Dict, Iterator, List

import pytest
import requests
from sqlalchemy import select, text
from twilio.request_validator import RequestValidator

from bot.booking.aftercare import mark_treated
from bot.notify.outbox import NotificationDraft, deliver_due, queue
from bot.notify.quiet_hours import next_allowed
from bot.runner import Assistant
from bot.store.bookings import book_slot
from bot.store.db import make_engine, make_session_factory
from bot.store.leads import save_intake
from bot.store.models import Consultation, ConsultationStatus, Lead, Notification, SmsMessage
from tests.conftest import Inbox
from tests.e2e.conftest import STAFF_EMAIL, Visitor, start_assistant
from tests.store.conftest import intake
from tests.twilio_standin import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, TwilioStandIn

pytestmark = pytest.mark.e2e

PUBLIC_WEBHOOK = "https://www.clinic.example/webhooks/sms/webhook"
_NUMBERS = itertools.count(100)


@pytest.fixture(scope="module")
def twilio() -> Iterator[TwilioStandIn]:
    with TwilioStandIn() as standin:
        yield standin


@pytest.fixture(scope="module")
def sms_assistant(e2e_dir, inbox, twilio) -> Iterator[Assistant]:
    running = start_assistant(
        e2e_dir, f"sqlite:///{e2e_dir / 'sms-clinic.db'}",
        SMTP_HOST="127.0.0.1", SMTP_PORT=str(inbox.port), SMTP_STARTTLS="false",
        STAFF_EMAIL=STAFF_EMAIL, BOOKING_MIN_NOTICE_HOURS="0",
        CLINIC_HOURS="mon-sun 08:00-20:00", CLOSED_DATES="",
        TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_FROM_NUMBER=FROM_NUMBER, TWILIO_API_BASE_URL=twilio.base_url,
        SMS_WEBHOOK_URL=PUBLIC_WEBHOOK,
    )
    yield running
    running.stop()


@pytest.fixture(scope="module")
def sessions(sms_assistant):
    engine = make_engine(sms_assistant.settings.database_url)
    yield make_session_factory(engine)
    engine.dispose()


class Texter:
    """One person texting the clinic's number; Twilio's webhook carries each text."""

    def __init__(self, assistant: Assistant) -> None:
        self.url = f"{assistant.rasa_url}/webhooks/sms/webhook"
        # 555-0100 to 555-0199 are fictional numbers.
        self.national = f"210 555 0{next(_NUMBERS) % 100 + 100}"
        self.phone = "+1" + self.national.replace(" ", "")

    def form(self, body: str, sid: str | None = None) -> Dict[str, str]:
        sid = sid or "SM" + uuid.uuid4().hex
        return {
            "ToCountry": "US", "ToState": "TX", "SmsMessageSid": sid, "NumMedia": "0",
            "ToCity": "SAN ANTONIO", "FromZip": "78205", "SmsSid": sid, "FromState": "TX",
            "SmsStatus": "received", "FromCity": "SAN ANTONIO", "Body": body,
            "FromCountry": "US", "To": FROM_NUMBER, "ToZip": "78205", "NumSegments": "1",
            "MessageSid": sid, "AccountSid": ACCOUNT_SID, "From": self.phone,
            "ApiVersion": "2010-04-01",
        }

    def post(self, form: Dict[str, str], signature: str | None) -> requests.Response:
        headers = {} if signature is None else {"X-Twilio-Signature": signature}
        return requests.post(self.url, data=form, headers=headers, timeout=60)

    def sends(self, body: str, sid: str | None = None) -> requests.Response:
        """Post the text as Twilio does, signed for the public webhook URL."""
        form = self.form(body, sid)
        return self.post(form, sign(form))

    def texts(self, body: str, sid: str | None = None) -> List[str]:
        """The messages of the TwiML reply to `body`."""
        answer = self.sends(body, sid)
        assert answer.status_code == 200, answer.text
        assert answer.headers["Content-Type"].startswith("application/xml")
        return messages(answer.text)

    def reads(self, body: str) -> str:
        return "\n".join(self.texts(body))


def sign(form: Dict[str, str], url: str = PUBLIC_WEBHOOK, token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, form)


def messages(twiml: str) -> List[str]:
    root = ET.fromstring(twiml)
    assert root.tag == "Response"
    return [message.text or "" for message in root.findall("Message")]


@pytest.fixture
def texter(sms_assistant) -> Texter:
    return Texter(sms_assistant)


def user_turns(sessions, sender: str) -> int:
    with sessions() as session:
        return session.execute(text(
            "SELECT COUNT(*) FROM events WHERE sender_id = :s AND type_name = 'user'"),
            {"s": sender}).scalar_one()


def _wait_for(predicate: Callable[[], object], seconds: float = 10.0) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    return predicate()


def test_a_text_signed_by_twilio_is_answered_in_twiml_with_how_to_opt_out(texter):
    [reply] = texter.texts("How much is microneedling?")
    assert "$" in reply
    assert reply.endswith("Reply STOP to opt out, HELP for help.")
    assert "STOP" not in texter.reads("does it hurt?")  # only the first reply says it


@pytest.mark.parametrize("forgery", [
    "missing", "invalid", "tampered body", "wrong url", "wrong token",
])
def test_a_request_not_signed_by_twilio_is_refused_and_never_processed(
        texter, sms_assistant, sessions, forgery):
    secret = f"my scars {uuid.uuid4().hex}"
    form = texter.form(secret)
    signature = {
        "missing": None,
        "invalid": "bm90IGEgc2lnbmF0dXJl",
        "tampered body": sign({**form, "Body": "something else"}),
        # Signed for the address the Rasa server sees, not the public one Twilio calls.
        "wrong url": sign(form, url=texter.url),
        "wrong token": sign(form, token="not-the-clinics-token"),
    }[forgery]
    refused = texter.post(form, signature)
    assert refused.status_code == 403
    assert user_turns(sessions, texter.phone) == 0
    with sessions() as session:
        assert session.get(SmsMessage, form["MessageSid"]) is None
    log = sms_assistant.log_files["Rasa server"].read_text(errors="replace")
    assert "SMS refused" in log
    assert secret not in log  # the text of a refused request is never logged


def test_without_an_auth_token_every_request_is_refused(assistant):
    # The session's other assistant runs without TWILIO_* settings.
    form = Texter(assistant).form("hello")
    refused = requests.post(f"{assistant.rasa_url}/webhooks/sms/webhook", data=form,
                            headers={"X-Twilio-Signature": sign(form)}, timeout=30)
    assert refused.status_code == 403


def test_help_gives_the_clinics_name_phone_and_how_to_opt_out(texter, sms_assistant):
    clinic = sms_assistant.settings.clinic
    [reply] = texter.texts("HELP")
    assert clinic.name in reply and clinic.phone_display in reply and "STOP" in reply
    [ayuda] = texter.texts("ayuda")
    assert "Llame al" in ayuda and clinic.phone_display in ayuda and "PARAR" in ayuda


def test_a_retried_message_sid_is_answered_once_with_the_same_reply(texter, sessions):
    sid = "SM" + uuid.uuid4().hex
    first = texter.texts("what is PRP?", sid=sid)
    retried = texter.texts("what is PRP?", sid=sid)
    assert retried == first and first
    assert user_turns(sessions, texter.phone) == 1


def test_a_retry_that_arrives_while_the_first_is_answered_waits_for_its_reply(
        texter, sessions):
    sid = "SM" + uuid.uuid4().hex
    with ThreadPoolExecutor(max_workers=2) as pool:
        replies = list(pool.map(lambda _: texter.texts("what is the downtime?", sid=sid),
                                range(2)))
    assert replies[0] == replies[1] and replies[0]
    assert user_turns(sessions, texter.phone) == 1


def _lead(sessions, texter: Texter, conversation: str | None = None) -> str:
    record = intake(conversation_id=conversation or f"web-{uuid.uuid4().hex}",
                    phone=texter.phone)
    return save_intake(sessions, record).reference


def _booking(sessions, lead: str, starts_at: datetime) -> str:
    reference = f"C-{uuid.uuid4().hex[:8].upper()}"
    book_slot(sessions, reference=reference, lead_reference=lead, starts_at=starts_at,
              minutes=30, channel="rest", conversation_id="web")
    return reference


def _status(sessions, reference: str) -> ConsultationStatus:
    with sessions() as session:
        return session.scalars(select(Consultation.status).where(
            Consultation.reference == reference)).one()


_HOURS_AHEAD = itertools.count(72)


def _soon() -> datetime:
    """A start a few days ahead that no other test's booking has."""
    start = datetime.now(timezone.utc) + timedelta(hours=next(_HOURS_AHEAD))
    return start.replace(minute=0, second=0, microsecond=0)


def test_stop_silences_everything_until_start(texter, sessions, sms_assistant, twilio):
    settings = sms_assistant.settings
    lead = _lead(sessions, texter)
    texter.texts("hi")
    [stopped] = texter.texts("STOP")
    assert "unsubscribed" in stopped and "START" in stopped
    assert texter.texts("how much is it?") == []  # no answer of any kind
    assert user_turns(sessions, texter.phone) == 1  # and the assistant never saw it

    def proactive() -> None:
        with sessions.begin() as session:
            queue(session, [NotificationDraft("sms", "update", texter.phone, {
                "lead_reference": lead, "body": f"News for {texter.phone}"})])

    def open_hours() -> datetime:  # now, or when the texting hours open
        return next_allowed(datetime.now(timezone.utc), settings.clinic.timezone)

    proactive()
    held_back = deliver_due(sessions, settings, now=open_hours())
    assert held_back.skipped >= 1 and twilio.texts_to(texter.phone) == []

    [started] = texter.texts("start")
    assert "subscribed" in started
    proactive()
    deliver_due(sessions, settings, now=open_hours())
    assert twilio.texts_to(texter.phone) == [f"News for {texter.phone}"]
    assert "$" in texter.reads("how much is it?")


def test_yes_is_an_answer_unless_the_number_opted_out(texter):
    texter.texts("hi")
    assert "subscribed" not in texter.reads("yes")
    texter.texts("quit")
    assert "texts again" in texter.reads("YES")


def test_cancel_alone_opts_out_but_cancel_my_appointment_asks_to_cancel_it(texter, sessions):
    reference = _booking(sessions, _lead(sessions, texter), _soon())
    [asked] = texter.texts("cancel my appointment")
    # The sender's number proves who is texting: no reference or number is asked.
    assert asked.startswith("Cancel your consultation on ") and "Reply 1 or 2." in asked
    assert "kept your consultation" in texter.reads("2")
    assert _status(sessions, reference) == ConsultationStatus.REQUESTED

    texter.texts("cancel my appointment")
    assert "is cancelled" in texter.reads("1")
    assert _status(sessions, reference) == ConsultationStatus.CANCELLED


def test_cancel_as_a_keyword_never_cancels_a_booking(texter, sessions):
    reference = _booking(sessions, _lead(sessions, texter), _soon())
    [reply] = texter.texts("CANCEL")
    assert "unsubscribed" in reply
    assert _status(sessions, reference) == ConsultationStatus.REQUESTED


INTAKE_BY_NUMBERS = [
    ("1 and 3", "how many scars"),  # ice-pick and rolling
    ("3", "Where are they"),  # more than 20
    ("1 and 3", "How noticeable"),  # cheeks and temples
    ("2", "How long"),
    ("2", "breakouts"),
    ("2", "sun"),
    ("3", "treatment for your scars"),
    ("1", "isotretinoin"),
    ("2", "pregnant"),
    ("2", "keloids"),
    ("2", "blood thinners"),
    ("2", "infection"),
    ("2", "immune"),
    ("2", "how old"),
]


def test_the_whole_self_assessment_and_a_booking_by_text_with_numbered_replies(
        texter, sessions, twilio):
    first = texter.reads("am I a good candidate for microneedling?")
    assert "Which looks most like your scars?" in first
    assert "1) Narrow, deep pits" in first and "Reply a number from 1 to 6." in first
    assert '"stop the questions"' in first and 'Say "stop"' not in first
    replies = []
    for answer, next_question in INTAKE_BY_NUMBERS:
        reply = texter.reads(answer)
        assert next_question in reply, (answer, reply)
        replies.append(reply)
    result = texter.reads("34")
    replies.append(result)
    # The result quotes the answers: by text it says to call instead.
    assert "To keep your health details private" in result
    assert "May the clinic store your answers" in result and "Reply 1 or 2." in result
    replies += [texter.reads(answer) for answer in
                ("1", "2", "Maria Lopez", texter.national, "skip", "2")]
    closing = texter.reads("4")
    assert "Thank you, Maria!" in closing
    everything = "\n".join([*replies, closing]).lower()
    for detail in ("severe", "moderate", "mild", "ice-pick scars", "20 scars", "scarring"):
        assert detail not in everything
    with sessions() as session:
        [lead] = session.scalars(select(Lead).where(Lead.phone == texter.phone)).all()
        assert lead.channel == "sms" and lead.duplicate_of_id is None
        assert lead.reference in closing
        [assessment] = lead.assessments
        assert assessment.conversation_id == texter.phone
        assert assessment.answers["scar_types"] == ["icepick", "rolling"]
        assert assessment.answers["scar_areas"] == ["cheeks", "temples"]
        assert assessment.answers["age"] == 34
        assert assessment.band == "severe"  # kept for staff, never texted
    assert "Reply a number from 1 to 5." in closing  # four free times and "More times"
    booked = texter.reads("1")
    assert "You're booked" in booked
    assert '"cancel my appointment"' in booked and "tell me here" not in booked
    with sessions() as session:
        consultation = session.scalars(select(Consultation).join(Lead).where(
            Lead.phone == texter.phone)).one()
        assert consultation.channel == "sms"
    assert twilio.texts_to(texter.phone) == []  # the reply confirmed it: no second text


def _treated_and_checked_in(sessions, settings, texter: Texter, twilio) -> str:
    lead = _lead(sessions, texter)
    reference = _booking(sessions, lead, _soon() - timedelta(days=6))
    mark_treated(sessions, settings, reference)
    deliver_due(sessions, settings,
                now=next_allowed(datetime.now(timezone.utc), settings.clinic.timezone))
    [asked] = twilio.texts_to(texter.phone)
    assert "how is your skin healing" in asked
    return reference


def _aftercare_answer(sessions, reference: str) -> str | None:
    with sessions() as session:
        return session.scalars(select(Consultation.aftercare_answer).where(
            Consultation.reference == reference)).one()


def test_a_red_flag_answer_to_the_check_in_escalates_and_flags_the_lead(
        texter, sessions, sms_assistant, twilio, inbox: Inbox):
    reference = _treated_and_checked_in(sessions, sms_assistant.settings, texter, twilio)
    reply = texter.reads("the redness is spreading, there is pus and I have a fever")
    assert "need to be seen by a clinician today" in reply
    assert "urgent care" in reply and "911" in reply
    assert _aftercare_answer(sessions, reference) == "red_flag"
    with sessions() as session:
        lead = session.scalars(select(Lead).where(Lead.phone == texter.phone)).one()
        assert "red_flag_infection" in lead.safety_flags.split()
        name = lead.name

    def alert() -> list:
        return [m for m in inbox.to(STAFF_EMAIL) if "Red flag reported by text" in m["Subject"]
                and texter.phone in m.get_payload()]

    [staff] = _wait_for(alert)  # type: ignore[misc]
    assert name in staff["Subject"] and "possible infection" in staff.get_payload()
    assert "pus" not in staff.get_payload()  # what they wrote stays in the conversation


def test_a_fine_answer_to_the_check_in_is_recorded_and_thanked(
        texter, sessions, sms_assistant, twilio):
    reference = _treated_and_checked_in(sessions, sms_assistant.settings, texter, twilio)
    assert "glad it's healing well" in texter.reads("All good, thanks!")
    assert _aftercare_answer(sessions, reference) == "fine"
    # The next text is a conversation again, not another answer.
    assert "$" in texter.reads("how much is another session?")
    assert _aftercare_answer(sessions, reference) == "fine"


CODE = re.compile(r"\b(\d{6})\b")


def test_a_web_visitor_proves_the_number_with_a_texted_code_and_cancels(
        sms_assistant, sessions, twilio):
    owner = Texter(sms_assistant)
    reference = _booking(sessions, _lead(sessions, owner), _soon())
    visitor = Visitor(sms_assistant)
    asked = visitor.reads("I need to cancel my appointment")
    assert "booking reference" in asked and "text me a code" in asked
    assert "I'll text you a code" in visitor.reads("I don't have the reference, text me a code")
    sent_to = visitor.reads(owner.national)
    assert "If that number has a booking with us, I've just texted it a 6-digit code" in sent_to
    [texted] = twilio.texts_to(owner.phone)
    code = CODE.search(texted).group(1)  # type: ignore[union-attr]
    assert "expires in 10 minutes" in texted
    wrong = "000000" if code != "000000" else "111111"
    assert "isn't right" in visitor.reads(wrong)
    asked = visitor.reads(code)
    assert asked.startswith("Cancel your consultation on ")
    assert "is cancelled" in visitor.reads("yes")
    assert _status(sessions, reference) == ConsultationStatus.CANCELLED


def test_wrong_codes_count_down_and_the_sixth_try_is_refused(sms_assistant, sessions, twilio):
    owner = Texter(sms_assistant)
    reference = _booking(sessions, _lead(sessions, owner), _soon())
    visitor = Visitor(sms_assistant)
    visitor.reads("cancel my appointment")
    visitor.reads("text me a code")
    visitor.reads(owner.national)
    code = CODE.search(twilio.texts_to(owner.phone)[-1]).group(1)  # type: ignore[union-attr]
    wrong = "000000" if code != "000000" else "111111"
    left = [visitor.reads(wrong) for _ in range(5)]
    assert "(4 tries left)" in left[0] and "(1 try left)" in left[3]
    assert "expired or was tried too often" in left[4]
    assert "expired or was tried too often" in visitor.reads(code)
    assert _status(sessions, reference) == ConsultationStatus.REQUESTED


def test_a_number_without_a_booking_gets_no_text_and_the_same_answer(sms_assistant, twilio):
    stranger = Texter(sms_assistant)
    visitor = Visitor(sms_assistant)
    visitor.reads("cancel my appointment")
    visitor.reads("text me a code")
    said = visitor.reads(stranger.national)
    assert "If that number has a booking with us, I've just texted it a 6-digit code" in said
    assert twilio.texts_to(stranger.phone) == []


# A texter the clinic already knows: a lead with the number, saved from a web conversation.


def test_a_texter_with_a_lead_is_greeted_back_by_first_name_and_the_lead_linked(
        texter, sessions):
    reference = _lead(sessions, texter)
    greeting = texter.reads("hi")
    assert greeting.startswith("Hi Maria, welcome back to E2E Test Skin Clinic!")
    for detail in ("Lopez", "severe", "ice-pick", "20 scars"):
        assert detail not in greeting
    with sessions() as session:
        lead = session.scalars(select(Lead).where(Lead.reference == reference)).one()
        assert lead.conversation_id == texter.phone  # the lead's latest conversation


def test_a_web_visitor_with_a_texters_number_as_sender_id_is_refused(
        texter, sessions, sms_assistant):
    _lead(sessions, texter)
    assert texter.reads("hi").startswith("Hi Maria")
    turns = user_turns(sessions, texter.phone)
    # The REST channel refuses a phone number as sender (bot/channels/phone_ids.py): the
    # texter's conversation, with their lead's reference in it, gets nothing from the web.
    for sender in (texter.phone, texter.national):
        refused = requests.post(
            f"{sms_assistant.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": "I want to book"}, timeout=30)
        assert refused.status_code == 400
        assert "must not be a phone number" in refused.json()["reason"]
    assert user_turns(sessions, texter.phone) == turns


def test_a_known_texter_asking_for_a_call_back_is_told_only_consent_is_needed(
        texter, sessions):
    _lead(sessions, texter)
    reply = texter.reads("can you call me back?")
    assert "I have your name and mobile number, so I only need your OK" in reply
    assert "I only need your name and mobile number" not in reply
    assert "May the clinic store your name and mobile number" in reply


def test_a_known_texter_books_straight_away_and_finds_the_booking_again(texter, sessions):
    reference = _lead(sessions, texter)
    offer = texter.reads("I want to book")
    assert "next free times" in offer and "Reply a number from 1 to 5." in offer
    assert "You're booked" in texter.reads("1")
    with sessions() as session:
        consultation = session.scalars(select(Consultation).join(Lead).where(
            Lead.phone == texter.phone)).one()
        assert consultation.lead.reference == reference and consultation.channel == "sms"
        booked = consultation.reference
    assert booked in texter.reads("what did I book?")


def test_a_known_texter_hears_of_a_booking_made_on_the_web_and_can_cancel_it(
        texter, sessions):
    booked = _booking(sessions, _lead(sessions, texter), _soon())
    told = texter.reads("what did I book?")
    assert booked in told and told.startswith("Your consultation at E2E Test Skin Clinic is on")
    [asked] = texter.texts("cancel my appointment")
    assert asked.startswith("Cancel your consultation on ")
    assert "is cancelled" in texter.reads("1")
    assert _status(sessions, booked) == ConsultationStatus.CANCELLED


def test_a_known_texter_asking_for_a_call_back_is_asked_only_for_consent(texter, sessions):
    reference = _lead(sessions, texter)
    asked = texter.reads("can someone call me back?")
    assert "May the clinic store your name and mobile number" in asked
    done = texter.reads("1")
    assert "What's your name" not in done and "mobile number to reach you" not in done
    assert f"Thank you, Maria! Your reference is {reference}." in done
    assert "The clinic will call you" in done
    with sessions() as session:
        assert len(session.scalars(select(Lead).where(Lead.phone == texter.phone)).all()) == 1


def test_a_known_texters_self_assessment_asks_neither_name_nor_number(texter, sessions):
    reference = _lead(sessions, texter)
    texter.reads("am I a good candidate for microneedling?")
    for answer, _next_question in INTAKE_BY_NUMBERS:
        texter.reads(answer)
    assert "May the clinic store your answers" in texter.reads("34")
    texter.reads("1")  # store my answers
    asked = texter.reads("2")  # no offers
    assert "email address" in asked and "What's your name" not in asked
    texter.reads("skip")
    texter.reads("2")  # text me
    closing = texter.reads("4")  # any time
    assert f"Thank you, Maria! The clinic will text you about a consultation. Your " \
           f"reference is {reference}." in closing
    with sessions() as session:
        [lead] = session.scalars(select(Lead).where(Lead.phone == texter.phone)).all()
        assert lead.name == "Maria Lopez" and len(lead.assessments) == 2


# A red flag from a number that opted out: no reply may go to it, so staff must hear of it.


def _red_flag_alerts(sessions, phone: str) -> list:
    with sessions() as session:
        return [n for n in session.scalars(select(Notification).where(
            Notification.topic == "red_flag")) if phone in n.payload.get("body", "")]


def test_a_red_flag_from_an_opted_out_number_alerts_staff_and_flags_the_lead_unanswered(
        texter, sessions, twilio, inbox: Inbox):
    reference = _lead(sessions, texter)
    texter.texts("STOP")
    assert texter.texts("my face is swollen and I have pus") == []  # compliance: silence
    assert user_turns(sessions, texter.phone) == 0  # nor is it in any conversation
    with sessions() as session:
        lead = session.scalars(select(Lead).where(Lead.reference == reference)).one()
        assert "red_flag_infection" in lead.safety_flags.split()

    def alert() -> list:
        return [m for m in inbox.to(STAFF_EMAIL) if "Red flag reported by text" in m["Subject"]
                and texter.phone in m.get_payload()]

    [staff] = _wait_for(alert)  # type: ignore[misc]
    body = staff.get_payload()
    assert "Maria Lopez" in staff["Subject"] and "possible infection" in body
    assert "opted out" in body and "do not text" in body
    assert "pus" not in body  # what they wrote is not forwarded
    assert twilio.texts_to(texter.phone) == []


def test_a_red_flag_from_an_opted_out_number_without_a_lead_still_alerts_staff(
        texter, inbox: Inbox):
    texter.texts("STOP")
    assert texter.texts("I want to kill myself") == []

    def alert() -> list:
        return [m for m in inbox.to(STAFF_EMAIL) if "Red flag reported by text" in m["Subject"]
                and texter.phone in m.get_payload()]

    [staff] = _wait_for(alert)  # type: ignore[misc]
    assert "no lead for this number" in staff["Subject"]
    assert "thoughts of self-harm" in staff.get_payload()


def test_an_ordinary_text_from_an_opted_out_number_alerts_nobody(texter, sessions):
    reference = _lead(sessions, texter)
    texter.texts("STOP")
    assert texter.texts("how much is microneedling?") == []
    assert texter.texts("no pus, no fever, it's healing fine") == []
    # Staff's alerts are queued before the (empty) reply goes back: none was.
    assert _red_flag_alerts(sessions, texter.phone) == []
    with sessions() as session:
        lead = session.scalars(select(Lead).where(Lead.reference == reference)).one()
        assert lead.safety_flags == ""
