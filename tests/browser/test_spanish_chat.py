"""A Spanish-speaking visitor chats on the clinic's Spanish page (/es), in chromium, with the
real assistant: the widget greets in Spanish, answers the price and a question in Spanish,
takes the whole self-assessment by Spanish buttons and words, and books. Pressing a Spanish
button never turns the conversation into English. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from bot.store.db import make_engine, make_session_factory
from bot.store.models import Lead
from tests.browser.conftest import Chat, RunningSite
from tests.browser.test_staff_portal import ARTIFACTS

pytestmark = pytest.mark.e2e

PRICE = "$333"  # PRICE_MICRONEEDLING_SESSION of the e2e assistant
TITLE = "Pregúntele a la clínica"

# The self-assessment up to the consent question as a visitor types it: (the answer, words
# of the Spanish question that follows).
TYPED_ES = [
    ("tengo de picahielo y unas onduladas", "cuántas cicatrices"),
    ("como 25", "Dónde las tiene"),
    ("en los cachetes y las sienes", "se le notan"),
    ("se notan bastante", "Desde hace cuánto"),
    ("hace como 3 años", "granos"),
    ("de vez en cuando", "al sol"),
    ("rara vez me quemo y me bronceo fácil", "tratamiento"),
    ("ninguno", "isotretinoína"),
    ("no", "embarazada"),
    ("no", "queloides"),
    ("no sé", "sangre"),
    ("no", "infección"),
    ("no", "defensas"),
    ("no", "cuántos años"),
    ("tengo 34 años", "no es un diagnóstico"),
]
# The same by the Spanish buttons where the question has them.
CLICKED_ES = [
    ("click", "Hoyitos angostos y profundos, como un piquete (picahielo)", "cuántas cicatrices"),
    ("click", "Más de 20", "Dónde las tiene"),
    ("type", "en los cachetes y las sienes", "se le notan"),
    ("click", "Se ven fácilmente a esa distancia", "Desde hace cuánto"),
    ("click", "De 1 a 5 años", "granos"),
    ("click", "De vez en cuando", "al sol"),
    ("click", "Rara vez me quemo, me bronceo fácil", "tratamiento"),
    ("click", "Ninguno", "isotretinoína"),
    ("click", "No", "embarazada"),
    ("click", "No sé", "queloides"),
]


class SpanishChat(Chat):
    """The widget on the Spanish page, found by its Spanish names."""

    def __init__(self, page: Page, site: RunningSite) -> None:
        super().__init__(page, site)
        self.launcher = page.get_by_role("button", name=TITLE)
        self.panel = page.get_by_role("dialog", name=TITLE)
        self.input = page.get_by_role("textbox", name="Su mensaje")
        self.log = page.get_by_role("log", name="Conversación")
        self.bot_messages = self.log.locator("li.msg.bot")
        self.visitor_messages = self.log.locator("li.msg.visitor")
        self.replies = self.log.get_by_role("group", name="Respuestas sugeridas")

    def greeted(self) -> SpanishChat:
        expect(self.bot_messages.first).to_contain_text("¿Qué le gustaría saber?")
        expect(self.reply_button("Precios")).to_be_visible()
        return self


@pytest.fixture
def spanish_chat(page: Page, site: RunningSite) -> SpanishChat:
    return SpanishChat(page, site)


def _shot(chat: Chat, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    chat.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _no_english_since_the_last_message(chat: Chat) -> None:
    replies = "\n".join(chat.bot_messages.all_inner_texts()[chat.answered:])
    for english in ("What would you like", "Which looks most like", "How many", "Where are",
                    "How noticeable", "How long", "breakouts", "to the sun", "Thank you",
                    "You're booked", "per session"):
        assert english not in replies, (english, replies)


def test_a_spanish_visitor_chats_asks_does_the_self_assessment_and_books_on_the_spanish_page(
    spanish_chat: SpanishChat, site: RunningSite
) -> None:
    chat = spanish_chat
    chat.visit("/es").open().greeted()
    expect(chat.input).to_have_attribute("placeholder", "Escriba su pregunta…")

    chat.clicks("Precios")  # payload /ask_cost
    chat.expect_reply(PRICE)
    chat.expect_reply("por sesión")
    _no_english_since_the_last_message(chat)
    chat.says("¿y duele mucho?")
    chat.expect_reply("crema")
    _no_english_since_the_last_message(chat)
    _shot(chat, "widget-es-questions")

    chat.says("¿soy buena candidata para el microneedling?")
    chat.expect_reply("¿Cuál se parece más a sus cicatrices?")
    for answer, next_question in TYPED_ES:
        chat.says(answer)
        expect(chat.visitor_messages.last).to_contain_text(answer)
        chat.expect_reply(next_question)
        _no_english_since_the_last_message(chat)
    chat.expect_reply("¿Permite que la clínica guarde sus respuestas")
    expect(chat.log).to_contain_text("aviso de privacidad")
    _shot(chat, "widget-es-assessment-result")

    chat.clicks("Sí, estoy de acuerdo")
    chat.expect_reply("ofertas")
    chat.clicks("No, gracias")
    chat.expect_reply("¿Cuál es su nombre?")
    chat.says("María López")
    chat.expect_reply("celular")
    chat.says("210 555 0192")
    chat.expect_reply("correo")
    chat.says("maria.lopez@example.com")
    chat.expect_reply("¿Cómo prefiere")
    chat.clicks("Mándenme un texto")
    chat.expect_reply("¿A qué hora")
    chat.says("en la tarde")
    chat.expect_reply("¡Gracias, María!")
    chat.expect_reply("¿Quiere hacer su cita")
    _no_english_since_the_last_message(chat)
    expect(chat.reply_button("Más horarios")).to_be_visible()

    chat.answered = chat.bot_messages.count()
    chat.replies.last.get_by_role("button").first.click()
    chat.expect_reply("Listo, su consulta")
    _no_english_since_the_last_message(chat)
    expect(chat.log.get_by_role("link", name="Agregue la consulta a su calendario (.ics)")
           ).to_be_visible()
    _shot(chat, "widget-es-booked")

    engine = make_engine(site.assistant.settings.database_url)
    try:
        with make_session_factory(engine)() as session:
            lead = session.scalars(select(Lead).where(Lead.phone == "+12105550192")).one()
            assert lead.language == "es"
            assert lead.assessments[0].answers["scar_types"] == ["icepick", "rolling"]
    finally:
        engine.dispose()


def test_a_spanish_topic_button_gets_the_spanish_answer(spanish_chat: SpanishChat) -> None:
    chat = spanish_chat
    chat.visit("/es").open().greeted()
    chat.clicks("¿Qué es el microneedling?")
    expect(chat.visitor_messages.last).to_contain_text("¿Qué es el microneedling?")
    chat.expect_reply(re.compile(r"colágeno|micropunción"))


def test_a_spanish_visitor_answering_by_the_spanish_buttons_is_asked_in_spanish(
    spanish_chat: SpanishChat,
) -> None:
    chat = spanish_chat
    chat.visit("/es").open().greeted()
    chat.says("¿soy buena candidata para el microneedling?")
    chat.expect_reply("¿Cuál se parece más a sus cicatrices?")
    for how, answer, next_question in CLICKED_ES:
        if how == "click":
            chat.clicks(answer)
        else:
            chat.says(answer)
        expect(chat.visitor_messages.last).to_contain_text(answer)
        chat.expect_reply(next_question)
        _no_english_since_the_last_message(chat)


def test_a_visitor_writing_spanish_on_the_english_page_gets_the_widget_in_spanish(
    chat: Chat, site: RunningSite,
) -> None:
    chat.visit("/").open().greeted()
    expect(chat.input).to_have_attribute("placeholder", re.compile("question", re.I))
    chat.says("hola, ¿cuánto cuesta el microneedling?")

    spanish = SpanishChat(chat.page, site)  # the widget's own words are Spanish now
    spanish.answered = chat.answered
    spanish.expect_reply(PRICE)
    spanish.expect_reply("por sesión")
    _no_english_since_the_last_message(spanish)
    expect(spanish.panel).to_be_visible()
    expect(spanish.input).to_have_attribute("placeholder", "Escriba su pregunta…")
    expect(spanish.panel.get_by_role("button", name="Switch the chat to English")).to_have_text(
        "English")
    _shot(spanish, "widget-en-page-spanish-visitor")

    chat.page.reload()  # the English page again: the conversation stays in Spanish
    expect(spanish.panel).to_be_visible()
    expect(spanish.input).to_have_attribute("placeholder", "Escriba su pregunta…")
    spanish.says("¿y duele mucho?")
    spanish.expect_reply("crema")
    _no_english_since_the_last_message(spanish)
