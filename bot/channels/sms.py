"""Text messages through Twilio: the same assistant for people who text the clinic's number.

Rasa's own twilio channel trusts any request; this one answers only requests signed by
Twilio (X-Twilio-Signature, checked with the twilio library's RequestValidator against the
auth token and the webhook's public URL, SMS_WEBHOOK_URL): anything else gets 403, is not
processed, and is logged without its text. With no auth token configured, every request is
refused. Replies go back as TwiML in the webhook's response, so answering needs no API call.

In order, for each signed text (form fields From, Body, MessageSid):
1. A MessageSid seen before is answered with the reply stored for it: Twilio sends a webhook
   again when the first try timed out, and the assistant must not run twice.
2. Compliance keywords, before the assistant sees anything (bot/channels/sms_text.py): STOP
   and its kin opt the number out (stored with the time; nothing more is sent, proactive texts
   included, until START), START / UNSTOP (or YES once opted out) opt back in, HELP / INFO /
   AYUDA answer with the clinic's name, phone and how to opt out. A number that opted out gets
   no answer at all; a red flag it texts (read by the assistant's NLU, never added to the
   conversation) alerts staff and flags its lead, since nobody else will see it.
3. "2" picks the second of the numbered choices of the last reply.
4. The first text after an aftercare check-in is its answer: read by the assistant's NLU, a
   red flag goes on to the assistant (escalation, the lead flagged for staff), "fine" is
   recorded and thanked here, anything else is recorded and answered by the assistant.
5. The assistant answers as on the web, in the conversation named by the sender's E.164
   number (the carrier proves it: bot/booking/ownership.py), several questions in turn; the
   text's MessageSid goes along as metadata, so that a new session knows the number's lead;
   its replies become plain text with numbered choices, a reply that would quote health
   answers becomes "call us", and the first reply to a new number says how to opt out.

What the channel writes itself (keyword replies, numbered choices, "call us", the opt-out
line) is in the conversation's language: the `language` slot of the number's conversation,
read from the tracker store. PARAR, ALTO and AYUDA are always answered in Spanish.
"""

from __future__ import annotations

import asyncio
import logging
from asyncio import CancelledError
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot.booking.aftercare import alert_red_flag
from bot.booking.ownership import E164, SMS_MESSAGE_SID
from bot.channels.questions import one_question_at_a_time
from bot.channels.sms_text import (
    OPT_IN,
    OPT_OUT,
    apology,
    checkin_thanks,
    compliance_keyword,
    fine_in,
    keyword_reply,
    numbered_choice,
    reads_as_fine,
    render,
    text_only_notice,
)
from bot.language import CHOSEN, DEFAULT_LANGUAGE, language_of
from bot.nlu.red_flags import INTENTS
from bot.notify.outbox import deliver_soon
from bot.settings import Settings, get_settings
from bot.store.aftercare import pending_checkin, record_checkin_answer
from bot.store.db import clinic_sessions
from bot.store.sms import (
    claim_message,
    note_reply,
    number_state,
    record_reply,
    set_opted_out,
    wait_for_reply,
)

logger = logging.getLogger(__name__)

CHANNEL = "sms"
SIGNATURE_HEADER = "X-Twilio-Signature"
# Twilio gives up on a webhook after 15 s and tries again: a retry waits this long for the
# first try's reply.
DUPLICATE_WAIT_S = 10.0
KIND_OF_INTENT = {intent: kind for kind, intent in INTENTS.items()}
class SmsOutput(CollectingOutputChannel):
    """Collects the assistant's replies whole (with markers such as `health_details`), and
    names the channel "sms" so responses' `channel: sms` variations are chosen."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        self.messages.append({"recipient_id": recipient_id, **message})


class SmsInput(InputChannel):
    """POST /webhooks/sms/webhook: Twilio's incoming-message webhook, signature checked."""

    def __init__(self, auth_token: str = "", webhook_url: str = "", account_sid: str = "",
                 settings: Settings | None = None) -> None:
        self.auth_token = auth_token
        self.webhook_url = webhook_url
        self.account_sid = account_sid
        self._settings = settings

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> SmsInput:
        credentials = credentials or {}
        return cls(auth_token=str(credentials.get("auth_token") or ""),
                   webhook_url=str(credentials.get("webhook_url") or ""),
                   account_sid=str(credentials.get("account_sid") or ""))

    @property
    def settings(self) -> Settings:
        return self._settings if self._settings is not None else get_settings()

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        handle = one_question_at_a_time(on_new_message)
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            form = request.form
            if not self.auth_token:
                logger.warning("SMS refused: TWILIO_AUTH_TOKEN is not configured")
                return response.text("SMS is not configured.", status=403)
            if not self._signed_by_twilio(request):
                # Never the text: the request is not Twilio's, but it may carry someone's.
                logger.warning("SMS refused: missing or invalid %s (MessageSid %s)",
                               SIGNATURE_HEADER, _short(form.get("MessageSid")))
                return response.text("Invalid signature.", status=403)
            if self.account_sid and form.get("AccountSid") != self.account_sid:
                logger.warning("SMS refused: signed for another account")
                return response.text("Wrong account.", status=403)
            sid, sender = form.get("MessageSid") or "", form.get("From") or ""
            if not sid or not E164.match(sender):
                return response.text("Expected MessageSid and From (E.164).", status=400)
            bodies = await self._reply(request, handle, sid, sender, form.get("Body") or "")
            return _twiml(bodies)

        return webhook

    def _signed_by_twilio(self, request: Request) -> bool:
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            return False
        # Twilio signs the URL it requested; behind a proxy that is not the one Sanic sees.
        url = self.webhook_url or request.url
        return bool(RequestValidator(self.auth_token).validate(url, request.form, signature))

    async def _reply(
        self, request: Request, handle: Callable[[UserMessage], Awaitable[Any]], sid: str,
        sender: str, body: str,
    ) -> List[str]:
        sessions = clinic_sessions()
        now = datetime.now(timezone.utc)
        claim = await asyncio.to_thread(claim_message, sessions, sid, sender, now)
        if not claim.new:
            logger.info("SMS %s seen before: answered with the stored reply", _short(sid))
            if claim.reply is not None:
                return claim.reply
            return await asyncio.to_thread(wait_for_reply, sessions, sid, DUPLICATE_WAIT_S) or []
        try:
            bodies = await self._answer(request, handle, sid, sender, body, now)
        except CancelledError:
            logger.error("SMS %s timed out in conversation %s", _short(sid), _masked(sender))
            bodies = []
        except Exception:  # logged; the texter gets an apology, not silence
            logger.exception("SMS %s failed in conversation %s", _short(sid), _masked(sender))
            language = await conversation_language(request, sender)
            bodies = [apology(self.settings.clinic.phone_display, language)]
        await asyncio.to_thread(record_reply, sessions, sid, bodies, datetime.now(timezone.utc))
        return bodies

    async def _answer(
        self, request: Request, handle: Callable[[UserMessage], Awaitable[Any]], sid: str,
        sender: str, body: str, now: datetime,
    ) -> List[str]:
        settings = self.settings
        clinic = settings.clinic
        sessions = clinic_sessions()
        state = await asyncio.to_thread(number_state, sessions, sender)
        keyword = compliance_keyword(body, state.opted_out)
        if keyword in (OPT_OUT, OPT_IN):
            await asyncio.to_thread(set_opted_out, sessions, sender, keyword == OPT_OUT, now)
            logger.info("SMS number %s opted %s", _masked(sender),
                        "out" if keyword == OPT_OUT else "in")
        if keyword is not None:
            language = await conversation_language(request, sender)
            return [keyword_reply(body, keyword, clinic.name, clinic.phone_display, language)]
        if state.opted_out:
            logger.info("SMS from %s not answered: the number opted out", _masked(sender))
            await self._alert_if_red_flag(request, sender, body.strip())
            return []
        chosen = numbered_choice(body, state.last_buttons)
        text = chosen or body.strip()
        if not text:
            language = await conversation_language(request, sender)
            return [text_only_notice(clinic.phone_display, language)]
        checkin = await asyncio.to_thread(pending_checkin, sessions, sender,
                                          state.last_message_at, now)
        if checkin:
            answer = await self._checkin_answer(request, text)
            await asyncio.to_thread(record_checkin_answer, sessions, checkin, answer, now)
            logger.info("Aftercare check-in %s answered: %s", checkin, answer)
            if answer == "fine":
                await asyncio.to_thread(note_reply, sessions, sender, now, None)
                # A number that never texted has no conversation yet: "bien" says Spanish.
                language = ("es" if "es" in (await conversation_language(request, sender),
                                             fine_in(text)) else "en")
                return render([{"text": checkin_thanks(clinic.phone_display, language)}],
                              clinic.phone_display, language=language).bodies
        output = SmsOutput()
        await handle(UserMessage(text, output, sender, input_channel=CHANNEL,
                                 metadata={SMS_MESSAGE_SID: sid, CHOSEN: chosen is not None}))
        # Read after the assistant answered: this very text may have switched the language.
        language = await conversation_language(request, sender)
        rendered = render(output.messages, clinic.phone_display, first_contact=not state.known,
                          language=language)
        await asyncio.to_thread(note_reply, sessions, sender, now, rendered.buttons)
        return rendered.bodies

    async def _checkin_answer(self, request: Request, text: str) -> str:
        """"red_flag" if the assistant's NLU reads one, "fine" for an all-is-well answer,
        else "concern"."""
        if await _red_flag_kind(request, text):
            return "red_flag"
        return "fine" if reads_as_fine(text) else "concern"

    async def _alert_if_red_flag(self, request: Request, sender: str, text: str) -> None:
        """A red flag from a number that opted out: no reply may go to it, so staff are
        alerted (and its lead flagged) as the assistant's escalation would have done."""
        kind = await _red_flag_kind(request, text) if text else None
        if kind is None:
            return
        settings = self.settings
        sessions = clinic_sessions()
        ids = await asyncio.to_thread(alert_red_flag, sessions, settings, sender, kind,
                                      opted_out=True)
        logger.warning("Red flag (%s) texted by %s, which opted out: staff alerted", kind,
                       _masked(sender))
        deliver_soon(ids, sessions, settings)


async def _red_flag_kind(request: Request, text: str) -> str | None:
    """The red flag the assistant's NLU reads in `text` (bot/nlu/red_flags.py: the red-flag
    detector and its second reading), without adding the text to any conversation."""
    agent = getattr(request.app.ctx, "agent", None)
    parsed = await agent.parse_message(text) if agent is not None else {}
    intent = str(((parsed or {}).get("intent") or {}).get("name") or "")
    return KIND_OF_INTENT.get(intent)


async def conversation_language(request: Request, sender: str) -> str:
    """The `language` slot of the number's conversation ("en" when it has none yet, or the
    tracker store cannot be read: a reply in English beats no reply)."""
    agent = getattr(request.app.ctx, "agent", None)
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return DEFAULT_LANGUAGE
    try:
        tracker = await store.retrieve(sender)
    except Exception:  # logged; the reply still goes, in English
        logger.exception("SMS: the language of conversation %s could not be read",
                         _masked(sender))
        return DEFAULT_LANGUAGE
    return language_of(tracker.get_slot("language") if tracker is not None else None)


def _twiml(bodies: List[str]) -> HTTPResponse:
    reply = MessagingResponse()
    for body in bodies:
        reply.message(body)
    return response.text(str(reply), content_type="application/xml")


def _short(sid: str | None) -> str:
    return (sid or "-")[:40]


def _masked(phone: str) -> str:
    """A conversation id that is a phone number, as logs may show it: +1210*****23."""
    return phone[:5] + "*" * max(len(phone) - 7, 0) + phone[-2:] if len(phone) > 7 else "***"
