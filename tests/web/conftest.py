"""The real web app, served by uvicorn on a free port in a thread, reached over real HTTP."""

from __future__ import annotations

import contextlib
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Tuple

import pytest
import uvicorn

from bot.settings import Settings
from bot.web.app import STATIC_DIR, create_app
from tests.conftest import example_values, free_port

# Values no template or default could contain by accident.
UNUSUAL = {
    "CLINIC_NAME": "Quillfeather Scar Atelier",
    "CLINIC_PHONE": "+1 830 555 0162",
    "CLINIC_ADDRESS": "4417 Quetzal Bend, Suite 9, Boerne, TX 78006",
    "CLINIC_HOURS": "tue-thu 07:15-19:45; sun 11:30-13:05",
    "PRICE_MICRONEEDLING_SESSION": "417.35",
    "PRICE_MICRONEEDLING_PRP_SESSION": "1234",
    "PACKAGE_SESSIONS": "5",
    "PACKAGE_PRICE": "1999",
    "CONSULTATION_FEE": "63",
    "CONSULTATION_FEE_CREDITED": "false",
    "FINANCING_PARTNERS": "Quokka Pay, Zebrafin",
    "CURRENT_OFFER": "Bring a friend on Thursdays: 13% off both first sessions",
    "PARKING_INFO": "Park behind the mural of the blue heron",
    "RASA_PORT": "5871",
}


@contextlib.contextmanager
def serve(settings: Settings, static_dir: Path = STATIC_DIR) -> Iterator[str]:
    """The web app for `settings` on a free port until the block ends; yields its base URL."""
    with serve_app(create_app(settings, static_dir=static_dir)) as url:
        yield url


@contextlib.contextmanager
def serve_app(app: Any) -> Iterator[str]:
    """`app` served by uvicorn on a free port until the block ends; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", ws="none"))
    thread = threading.Thread(target=server.run, name="web app", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web app did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


WebApp = Callable[..., contextlib.AbstractContextManager]


@pytest.fixture
def web_app(tmp_path: Path) -> WebApp:
    """web_app(static_dir=None, **settings) -> a context serving the app; the settings are
    .env.example's with UNUSUAL and the given overrides; static_dir defaults to an empty
    folder (no widget built)."""

    def start(static_dir: Path | None = None, **overrides: str
              ) -> contextlib.AbstractContextManager:
        settings = Settings.from_mapping(example_values(**{**UNUSUAL, **overrides}))
        return serve(settings, static_dir or tmp_path / "static-not-built")

    return start


@pytest.fixture
def built_widget(tmp_path: Path) -> Path:
    """A static folder holding a widget bundle, as `make widget` leaves it."""
    static = tmp_path / "static"
    (static / "widget").mkdir(parents=True)
    (static / "widget" / "widget.js").write_text("window.builtForTheTest = 7341;\n")
    return static


class Page(HTMLParser):
    """What a test reads from a page: its text, its elements and their attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: List[Tuple[str, Dict[str, str]]] = []
        self.headings: List[Tuple[int, str]] = []
        self.scripts: List[Tuple[Dict[str, str], str]] = []
        self._texts: List[str] = []
        self._heading: List[str] | None = None
        self._script: Dict[str, str] | None = None
        self._in_head = False
        self.title = ""
        self._in_title = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = []
        elif tag == "script":
            self._script = attributes
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._heading is not None:
            self.headings.append((int(tag[1]), " ".join("".join(self._heading).split())))
            self._heading = None
        elif tag == "script" and self._script is not None:
            self.scripts.append((self._script, ""))
            self._script = None
        elif tag == "title":
            self._in_title = False
        if tag in ("p", "li", "tr", "td", "th", "h1", "h2", "h3", "br", "div", "address"):
            self._texts.append("\n")

    def handle_startendtag(self, tag: str, attrs: List[Tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts.append((self._script, data))
            self._script = None
            return
        if self._in_title:
            self.title += data
            return
        self._texts.append(data)
        if self._heading is not None:
            self._heading.append(data)

    @property
    def text(self) -> str:
        """The visible text, whitespace collapsed."""
        return " ".join("".join(self._texts).split())

    def all(self, tag: str) -> List[Dict[str, str]]:
        return [attributes for name, attributes in self.elements if name == tag]
