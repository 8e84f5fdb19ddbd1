"""The clinic's web app: the landing page, the privacy page and the chat widget's files.

A Starlette app served by uvicorn beside the Rasa and action servers (`python -m bot run`
starts all three). Rasa's own server keeps the chat itself (socket.io, REST); this app only
serves what a browser loads before chatting, and later the staff portal.

    uvicorn bot.web.app:app_from_env --factory --port 8000
"""

from __future__ import annotations

import logging
import os
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.settings import Settings, get_settings
from bot.web.routes import page, staff_portal
from bot.web.security import SecurityHeaders, rasa_sources
from bot.web.templating import WIDGET_SCRIPT, make_templates

WEB_DIR = Path(__file__).resolve().parent
ASSETS_DIR = WEB_DIR / "assets"  # the page's own CSS and images, committed
STATIC_DIR = WEB_DIR / "static"  # built files (the widget bundle), not committed

log = logging.getLogger(__name__)


class BuiltFiles(StaticFiles):
    """Static files from a folder a build step fills: before the build, 404s instead of 500s."""

    async def check_config(self) -> None:
        if self.directory is not None and os.path.isdir(self.directory):
            await super().check_config()


async def healthz(_request: Request) -> Response:
    return PlainTextResponse("ok")


def create_app(settings: Settings, static_dir: Path = STATIC_DIR) -> Starlette:
    """The web app for `settings`; `static_dir` holds the built widget (tests pass their own)."""

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if not (static_dir / WIDGET_SCRIPT).is_file():
            log.warning("The chat widget is not built (%s is missing): pages are served "
                        "without it until it is.", static_dir / WIDGET_SCRIPT)
            app.state.widget_missing_logged = True
        yield

    app = Starlette(
        routes=[
            Route("/healthz", healthz, name="healthz"),
            *page.routes,
            staff_portal.staff_mount(settings),
            Mount("/static/site", app=StaticFiles(directory=ASSETS_DIR), name="assets"),
            Mount("/static", app=BuiltFiles(directory=static_dir, check_dir=False),
                  name="static"),
        ],
        middleware=[Middleware(SecurityHeaders,
                               connect_sources=rasa_sources(settings.public_base_url))],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.templates = make_templates()
    app.state.static_dir = static_dir
    app.state.widget_missing_logged = False
    return app


def app_from_env() -> Starlette:
    """The app for this process's settings (.env and the environment): uvicorn's --factory."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    return create_app(get_settings())
