"""The REST channel, refusing requests Rasa's own would run as a shared or broken conversation.

Rasa's RestInput files a request without a sender under one conversation called "default",
shared by everyone who leaves it out, answers a body that is not a JSON object with a 500,
and takes the input channel from the body, so a caller could claim to be another channel.
It also takes any sender, a texter's phone number included (bot/channels/phone_ids.py).
This one answers 400 with the reason instead, answers an empty message with a prompt without
running the bot, and always reports its channel as "rest". Several questions in one message
are answered in turn (bot/channels/questions.py). Its name stays "rest": the URL is
still /webhooks/rest/webhook.
"""

from __future__ import annotations

import json
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, Union

import rasa.utils.endpoints
import structlog
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from bot.channels.phone_ids import PHONE_ID_REFUSED, reads_as_phone_number
from bot.channels.questions import one_question_at_a_time

structlogger = structlog.get_logger()

EMPTY_MESSAGE_PROMPT = 'Type your question, for example "how much is micro-needling?"'


class InvalidRequestError(ValueError):
    """The request cannot be a visitor's message; the message says why."""


def read_message(body: bytes) -> Dict[str, Any]:
    """The body as a JSON object with a usable sender and message; else InvalidRequestError."""
    try:
        payload = json.loads(body or b"")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidRequestError(
            'the body must be JSON like {"sender": "<id>", "message": "<text>"}'
        ) from None
    if not isinstance(payload, dict):
        raise InvalidRequestError('the body must be a JSON object: {"sender": ..., "message": ...}')
    sender = payload.get("sender")
    if not isinstance(sender, str) or not sender.strip():
        # Without one, Rasa would put every such visitor into one conversation, "default".
        raise InvalidRequestError('"sender" must be a non-empty string identifying the visitor')
    if reads_as_phone_number(sender):
        # It would continue the conversation of the texter with that number (phone_ids.py).
        raise InvalidRequestError(f'"sender": {PHONE_ID_REFUSED}')
    if not isinstance(payload.get("message"), str):
        raise InvalidRequestError('"message" must be a string')
    if not isinstance(payload.get("metadata", {}), dict):
        raise InvalidRequestError('"metadata", when given, must be a JSON object')
    return payload


class ValidatedRestInput(RestInput):
    """POST /webhooks/rest/webhook with {"sender": "<id>", "message": "<text>"}, checked."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[None]]
    ) -> Blueprint:
        """The health route and the checked webhook, at the same URLs as Rasa's channel."""
        on_new_message = one_question_at_a_time(on_new_message)
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Union[ResponseStream, HTTPResponse]:
            try:
                payload = read_message(request.body)
            except InvalidRequestError as problem:
                return response.json({"reason": str(problem)}, status=400)
            sender, text = payload["sender"], payload["message"]
            if not text.strip():
                return response.json([{"recipient_id": sender, "text": EMPTY_MESSAGE_PROMPT}])
            metadata = payload.get("metadata")
            if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
                return response.stream(
                    self.stream_response(on_new_message, text, sender, self.name(), metadata),
                    content_type="text/event-stream",
                )
            collector = CollectingOutputChannel()
            # As in Rasa's channel: a failing message still answers with what was collected.
            try:
                await on_new_message(UserMessage(
                    text, collector, sender, input_channel=self.name(), metadata=metadata,
                ))
            except CancelledError:
                structlogger.error("rest.message.received.timeout", sender=sender)
            except Exception:  # logged; the visitor gets what was said so far
                structlogger.exception("rest.message.received.failure", sender=sender)
            return response.json(collector.messages)

        return webhook
