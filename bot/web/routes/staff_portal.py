"""The staff portal under /staff: its routes, its signed session and its stylesheet, as one
Mount for the web app (`bot.web.app`)."""

from __future__ import annotations

from pathlib import Path

from starlette.middleware import Middleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from bot.settings import Settings
from bot.store.db import session_factory_for
from bot.web.routes import (
    staff_audit,
    staff_auth,
    staff_conversation,
    staff_dashboard,
    staff_lead,
    staff_leads,
    staff_queue,
    staff_unanswered,
    staff_users,
)
from bot.web.staff.sessions import StaffSessions

STAFF_ASSETS = Path(__file__).resolve().parent.parent / "staff" / "assets"


def staff_mount(settings: Settings) -> Mount:
    """Everything under /staff. The database is first touched by the first request."""
    return Mount(
        "/staff",
        routes=[
            Mount("/assets", app=StaticFiles(directory=STAFF_ASSETS), name="staff_assets"),
            *staff_auth.routes,
            *staff_leads.routes,  # before staff_lead: /leads/export.csv is not a reference
            *staff_lead.routes,
            *staff_dashboard.routes,
            *staff_users.routes,
            *staff_audit.routes,
            *staff_unanswered.routes,
            *staff_queue.routes,
            *staff_conversation.routes,
        ],
        middleware=[Middleware(
            StaffSessions, session_factory=lambda: session_factory_for(settings.database_url),
            https_site=settings.web.base_url.startswith("https://"))],
        name="staff",
    )
