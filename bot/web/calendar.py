"""Serves a booked consultation's .ics file at /calendar/<token>.ics on the Rasa server.

Listed in credentials.yml like a channel, so it runs inside the same Sanic app as the chat;
it is not a way messages enter, and a web app of its own can serve `calendar_file` later.
The token is unguessable and names one consultation; it is only shown to the visitor who
booked it.
"""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.booking.calendar import consultation_ics
from bot.settings import Settings, get_settings
from bot.store.bookings import by_calendar_token
from bot.store.db import session_factory_for
from bot.store.models import as_utc


def calendar_file(token: str, settings: Settings) -> str | None:
    """The .ics file of the consultation with this token, in its lead's language; None if
    unknown or cancelled."""
    consultation = by_calendar_token(session_factory_for(settings.database_url), token)
    if consultation is None or consultation.status.value == "cancelled":
        return None
    return consultation_ics(consultation.reference, as_utc(consultation.starts_at), settings,
                            consultation.lead.language)


class CalendarFiles(InputChannel):
    """The route as a Rasa component; it reads the process's settings when a file is asked for
    (unless built with settings of its own)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = settings

    @classmethod
    def name(cls) -> str:
        return "calendar"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> CalendarFiles:
        return cls()

    def url_prefix(self) -> str:
        return "/calendar"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        files = Blueprint("calendar_files", __name__)

        @files.route("/<filename:str>", methods=["GET"])
        async def ics(request: Request, filename: str) -> HTTPResponse:
            token = filename[: -len(".ics")] if filename.endswith(".ics") else ""
            settings = self._settings if self._settings is not None else get_settings()
            content = await asyncio.to_thread(calendar_file, token, settings) if token else None
            if content is None:
                return response.text("No such consultation.", status=404)
            return response.text(
                content, content_type="text/calendar; charset=utf-8",
                headers={"Content-Disposition": 'attachment; filename="consultation.ics"'},
            )

        return files
