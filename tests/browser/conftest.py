"""The clinic page and its chat widget in a real browser (Debian's chromium, driven by
Playwright) against the real assistant: Rasa, the action server and the web app.

One assistant for the whole session, a new browser context (fresh sessionStorage) per test.
Each test saves screenshots under results/screenshots/ for a reviewer to open.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Iterator, List, Pattern

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Locator,
    Page,
    Playwright,
    Response,
    expect,
    sync_playwright,
)

from bot.runner import Assistant
from bot.settings import PROJECT_ROOT
from tests.conftest import service_missing

# A failing browser test's report ends with the servers' logs, as in tests/e2e/.
from tests.e2e.conftest import (  # noqa: F401 - pytest finds hooks by name in a conftest
    pytest_runtest_makereport,
    pytest_runtest_setup,
    start_assistant,
)

CHROMIUM = Path("/usr/bin/chromium")
WIDGET_BUNDLE = PROJECT_ROOT / "bot" / "web" / "static" / "widget" / "widget.js"
SCREENSHOTS = PROJECT_ROOT / "results" / "screenshots"
WIDGET_TITLE = "Ask the clinic"
# Replies wait for Rasa, which answers the first message of a conversation more slowly.
REPLY_TIMEOUT_MS = 30_000
expect.set_options(timeout=REPLY_TIMEOUT_MS)


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        service_missing(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    return CHROMIUM


@pytest.fixture(scope="session")
def widget_bundle() -> Path:
    if not WIDGET_BUNDLE.is_file():
        pytest.fail(f"{WIDGET_BUNDLE.relative_to(PROJECT_ROOT)} is not built: run `make widget`")
    return WIDGET_BUNDLE


class RunningSite:
    """The assistant and the address of its clinic page."""

    def __init__(self, assistant: Assistant, url: str) -> None:
        self.assistant = assistant
        self.url = url


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, widget_bundle: Path) -> Iterator[RunningSite]:
    folder = tmp_path_factory.mktemp("browser")
    assistant = start_assistant(
        folder, f"sqlite:///{folder / 'clinic.db'}", WIDGET_TITLE=WIDGET_TITLE,
        # Slots bookable whenever the tests run; emails wait in the outbox (no SMTP server).
        BOOKING_MIN_NOTICE_HOURS="0", CLINIC_HOURS="mon-sun 08:00-20:00", CLOSED_DATES="",
        SMTP_HOST="",
    )
    try:
        yield RunningSite(assistant, assistant.web_url)
    finally:
        assistant.stop()


# Per module, not per session: Playwright's sync API keeps an asyncio loop running in this
# thread while it is open, and later tests that call asyncio.run() would fail on it.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def browser(playwright: Playwright, chromium: Path) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=str(chromium))
    yield launched
    launched.close()


class Console:
    """What the page wrote to the console as errors, and uncaught exceptions."""

    def __init__(self) -> None:
        self.errors: List[str] = []
        self.allowed: List[Pattern[str]] = []

    def allow(self, pattern: str) -> None:
        """Errors this test expects (e.g. failed connections while Rasa restarts)."""
        self.allowed.append(re.compile(pattern))

    def on_message(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def on_response(self, response: Response) -> None:
        # The console's "Failed to load resource" does not say which one: this does.
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status} for {response.url}")

    def unexpected(self) -> List[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self.allowed)]


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(browser: Browser, console: Console) -> Iterator[Page]:
    """A page in a new browser context; the test fails if the page logged a console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(REPLY_TIMEOUT_MS)
    opened = context.new_page()
    opened.on("console", console.on_message)
    opened.on("pageerror", lambda error: console.errors.append(f"uncaught: {error}"))
    opened.on("response", console.on_response)
    yield opened
    context.close()
    assert not console.unexpected(), f"console errors on the page: {console.unexpected()}"


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


class Chat:
    """The widget on the clinic page, as a visitor sees and uses it."""

    def __init__(self, page: Page, site: RunningSite) -> None:
        self.page = page
        self.site = site
        self.launcher = page.get_by_role("button", name=WIDGET_TITLE)
        self.panel = page.get_by_role("dialog", name=WIDGET_TITLE)
        self.input = page.get_by_role("textbox", name="Your message")
        self.log = page.get_by_role("log", name="Conversation")
        self.bot_messages = self.log.locator("li.msg.bot")
        self.visitor_messages = self.log.locator("li.msg.visitor")
        self.replies = self.log.get_by_role("group", name="Suggested answers")
        self.answered = 0  # bot messages before the visitor's last message

    def visit(self, path: str = "/") -> Chat:
        self.page.goto(self.site.url + path)
        return self

    def open(self) -> Chat:
        self.launcher.click()
        expect(self.panel).to_be_visible()
        return self

    def greeted(self) -> Chat:
        """Wait for the greeting and its topic buttons."""
        expect(self.bot_messages.first).to_contain_text("What would you like to know?")
        expect(self.reply_button("Prices")).to_be_visible()
        return self

    def reply_button(self, title: str) -> Locator:
        return self.replies.get_by_role("button", name=title, exact=True)

    def says(self, text: str) -> None:
        self._mark()
        self.input.fill(text)
        self.input.press("Enter")

    def clicks(self, title: str) -> None:
        self._mark()
        self.reply_button(title).click()

    def _mark(self) -> None:
        self.answered = self.bot_messages.count()

    def expect_reply(self, text: str | Pattern[str], timeout_ms: int = REPLY_TIMEOUT_MS) -> str:
        """A bot message since the visitor's last message that contains `text` (waiting for
        it; the assistant may send several)."""
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            replies = self.bot_messages.all_inner_texts()[self.answered:]
            found = [r for r in replies if (text.search(r) if isinstance(text, Pattern)
                                            else text in r)]
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise AssertionError(f"no reply containing {text!r}; replies since the "
                                     f"visitor's last message: {replies}")
            self.page.wait_for_timeout(100)

    def focused_element(self) -> str:
        """The element with focus, through the widget's shadow root: 'tag#id.class'."""
        return self.page.evaluate("""() => {
            let el = document.activeElement;
            while (el && el.shadowRoot && el.shadowRoot.activeElement) {
                el = el.shadowRoot.activeElement;
            }
            if (!el) return "";
            return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                + (el.className ? "." + String(el.className).split(" ").join(".") : "");
        }""")


@pytest.fixture
def chat(page: Page, site: RunningSite) -> Chat:
    return Chat(page, site)
