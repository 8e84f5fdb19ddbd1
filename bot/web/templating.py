"""Rendering pages: one Jinja2 environment (autoescaped), the context every page shares.

Every template extends `base.html`, which includes the chat widget when its bundle is built.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict
from urllib.parse import urlsplit

import jinja2
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from bot.settings import Settings, Web, format_dollars
from bot.web.security import NONCE_KEY
from bot.web.site_text import LANGUAGE_NAMES, SITE_TEXT

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
WIDGET_SCRIPT = "widget/widget.js"  # under the static folder, served at /static/widget/widget.js
SOCKET_PATH = "/socket.io"
PRIVACY_PATH = "/privacy"

log = logging.getLogger(__name__)


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        # Clinic names, addresses and offers come from .env: never trusted as markup.
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a misspelt variable fails loudly, not blank
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["dollars"] = format_dollars
    env.globals["site_text"] = SITE_TEXT
    env.globals["language_names"] = LANGUAGE_NAMES
    return Jinja2Templates(env=env)


def widget_config(settings: Settings, language: str = "en",
                  privacy_path: str = PRIVACY_PATH) -> Dict[str, str]:
    """`window.ClinicChatConfig` as the widget reads it (the README shows the same snippet)."""
    # socket.io reads a path in the server URL as a namespace: give it the origin only.
    public = urlsplit(settings.public_base_url)
    config = {
        "serverUrl": f"{public.scheme}://{public.netloc}",
        "socketPath": SOCKET_PATH,
        "privacyUrl": privacy_path,
        "language": language,
        "primaryColor": settings.web.widget_color,
        "position": settings.web.widget_position,
    }
    # The default title is left to the widget, which says it in the visitor's language; a
    # clinic's own title is shown as written.
    if settings.web.widget_title != Web.widget_title:
        config["title"] = settings.web.widget_title
    if settings.web.widget_greeting:
        config["greeting"] = settings.web.widget_greeting
    if settings.web.widget_title_es:
        config["titleEs"] = settings.web.widget_title_es
    if settings.web.widget_greeting_es:
        config["greetingEs"] = settings.web.widget_greeting_es
    return config


def widget_built(request: Request) -> bool:
    """Whether the widget's bundle exists; a missing one is logged once until it appears."""
    state = request.app.state
    built = (Path(state.static_dir) / WIDGET_SCRIPT).is_file()
    if not built and not state.widget_missing_logged:
        log.warning("The chat widget is not built (%s is missing): the page is served "
                    "without it. Build it with `make widget`.",
                    Path(state.static_dir) / WIDGET_SCRIPT)
    state.widget_missing_logged = not built
    return built


def render(request: Request, template: str, **context: Any) -> Response:
    """The page `template` with the settings, the CSP nonce and the widget's config."""
    settings: Settings = request.app.state.settings
    language = context.setdefault("lang", "en")
    privacy_path = context.setdefault("privacy_path", PRIVACY_PATH)
    context.setdefault("page_paths", {})  # the page in each language, for the switch
    response = request.app.state.templates.TemplateResponse(request, template, {
        "settings": settings,
        "clinic": settings.clinic,
        "csp_nonce": request.scope["state"][NONCE_KEY],
        "widget": (widget_config(settings, language, privacy_path)
                   if widget_built(request) else None),
        "widget_script": f"/static/{WIDGET_SCRIPT}",
        **context,
    })
    # The nonce is new on every response: a cached copy would carry a stale one.
    response.headers["Cache-Control"] = "no-cache"
    return response
