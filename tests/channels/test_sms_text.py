"""Replies as text messages, and a texter's words read back: keywords, numbered choices,
markup, health details, message sizes and segments."""

from __future__ import annotations

import pytest

from bot.channels.sms_text import (
    FIRST_CONTACT_NOTE,
    FIRST_CONTACT_NOTE_ES,
    HELP,
    MAX_BODY,
    OPT_IN,
    OPT_OUT,
    apology,
    checkin_thanks,
    compliance_keyword,
    fine_in,
    keyword_reply,
    numbered_choice,
    plain_text,
    reads_as_fine,
    render,
    segments,
    split_bodies,
    text_only_notice,
)

PHONE = "(210) 555-0147"
YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
SCARS = [{"title": "Ice-pick", "payload": "ice-pick"}, {"title": "Boxcar", "payload": "boxcar"},
         {"title": "Rolling", "payload": "rolling"}]


@pytest.mark.parametrize("word", ["STOP", "stop", " Stop. ", "STOPALL", "unsubscribe", "CANCEL",
                                  "end", "Quit!", "PARAR", "alto", "'stop'"])
def test_every_opt_out_keyword_alone_opts_out(word):
    assert compliance_keyword(word, opted_out=False) == OPT_OUT


@pytest.mark.parametrize("text", ["cancel my appointment", "stop the questions", "please stop",
                                  "the end", "quit smoking first?", "stop sending me offers"])
def test_a_sentence_with_a_keyword_goes_to_the_assistant(text):
    assert compliance_keyword(text, opted_out=False) is None


@pytest.mark.parametrize("word", ["START", "unstop", "Start."])
def test_start_and_unstop_opt_in(word):
    assert compliance_keyword(word, opted_out=True) == OPT_IN


def test_yes_opts_in_only_a_number_that_opted_out():
    assert compliance_keyword("YES", opted_out=True) == OPT_IN
    assert compliance_keyword("yes", opted_out=False) is None  # an answer, e.g. to consent


@pytest.mark.parametrize("word", ["HELP", "help?", "INFO", "Ayuda"])
def test_help_info_and_ayuda_ask_for_help(word):
    assert compliance_keyword(word, opted_out=False) == HELP
    assert compliance_keyword(word, opted_out=True) == HELP


def test_a_number_picks_that_choice():
    assert numbered_choice("2", SCARS) == "boxcar"
    assert numbered_choice(" 3. ", SCARS) == "rolling"
    assert numbered_choice("#1", YES_NO) == "/affirm"


def test_several_numbers_pick_several_answers_in_words():
    assert numbered_choice("1 and 3", SCARS) == "ice-pick and rolling"
    assert numbered_choice("1,2", SCARS) == "ice-pick and boxcar"


def test_numbers_that_are_no_choice_go_to_the_assistant_as_written():
    assert numbered_choice("4", SCARS) is None  # there is no fourth
    assert numbered_choice("0", SCARS) is None
    assert numbered_choice("25", SCARS) is None
    assert numbered_choice("1 and 2", YES_NO) is None  # yes and no cannot both be meant
    assert numbered_choice("2", None) is None  # no choices were offered
    assert numbered_choice("I have 2 kinds", SCARS) is None


def test_buttons_become_a_numbered_list_with_how_to_reply():
    rendered = render([{"text": "Which?", "buttons": SCARS}], PHONE)
    assert rendered.bodies == ["Which?\n1) Ice-pick\n2) Boxcar\n3) Rolling\nReply 1, 2 or 3."]
    assert rendered.buttons == SCARS


def test_two_choices_say_reply_1_or_2_and_many_say_a_number_from():
    assert render([{"text": "Sure?", "buttons": YES_NO}], PHONE).bodies[0].endswith(
        "Reply 1 or 2.")
    many = [{"title": str(n), "payload": str(n)} for n in range(6)]
    assert render([{"text": "Pick", "buttons": many}], PHONE).bodies[0].endswith(
        "Reply a number from 1 to 6.")


def test_no_markup_reaches_a_phone():
    assert plain_text("**Call** [the clinic](tel:+12105550147) <b>now</b>") == (
        "Call the clinic: tel:+12105550147 now")
    assert plain_text("[https://x.example](https://x.example)") == "https://x.example"
    # One curly quote would make the whole text UCS-2: 70 characters a segment instead of 160.
    assert plain_text("It\u2019s \u201cfine\u201d \u2013 really\u2026") == (
        'It\'s "fine" - really...')


def test_a_reply_with_health_details_is_never_texted():
    rendered = render([{"text": "Your answers point to severe scarring, because you have "
                        "more than 20 scars", "health_details": True}], PHONE)
    [body] = rendered.bodies
    assert "severe" not in body and "20 scars" not in body
    assert "call the clinic at (210) 555-0147" in body


def test_the_first_reply_to_a_new_number_says_how_to_opt_out():
    assert render([{"text": "Hi!"}], PHONE, first_contact=True).bodies == [
        f"Hi!\n\n{FIRST_CONTACT_NOTE}"]
    assert "STOP" in FIRST_CONTACT_NOTE
    assert render([{"text": "Hi!"}], PHONE).bodies == ["Hi!"]


def test_a_long_reply_is_cut_between_paragraphs_within_twilios_limit():
    first, second, third = ("word " * 180).strip(), ("more " * 180).strip(), "last words"
    bodies = split_bodies(f"{first}\n\n{second}\n\n{third}")
    assert bodies == [first, f"{second}\n\n{third}"]
    assert all(len(body) <= MAX_BODY for body in bodies)
    assert split_bodies("x " * 2000)[0].endswith("x")


@pytest.mark.parametrize(("text", "encoding", "count"), [
    ("a" * 160, "GSM-7", 1),
    ("a" * 161, "GSM-7", 2),
    ("a" * 306, "GSM-7", 2),
    ("a" * 307, "GSM-7", 3),
    ("€" * 80, "GSM-7", 1),  # an extension-table character costs two septets
    ("€" * 81, "GSM-7", 2),  # 162 septets: 76 characters (152 septets) and 5
    # 306 septets fit two segments exactly, but an escape pair is never split: three.
    ("aa" + "€" * 151 + "aa", "GSM-7", 3),
    ("á" * 70, "UCS-2", 1),  # one character outside GSM-7 makes the whole text UCS-2
    ("a" * 69 + "á", "UCS-2", 1),
    ("a" * 70 + "á", "UCS-2", 2),
    ("a" * 133 + "á", "UCS-2", 2),
    ("a" * 134 + "á", "UCS-2", 3),
    ("", "GSM-7", 0),
])
def test_segments_are_counted_as_carriers_bill_them(text, encoding, count):
    found = segments(text)
    assert (found.encoding, found.count) == (encoding, count)


@pytest.mark.parametrize("answer", ["FINE", "fine", "All good, thanks!", "it's fine",
                                    "Healing well", "doing great thank you", "ok", "yes fine",
                                    "no problems so far", "Everything's good \U0001F44D"])
def test_short_all_is_well_answers_to_the_check_in_read_as_fine(answer):
    assert reads_as_fine(answer)


@pytest.mark.parametrize("answer", ["fine but there is some pus", "not good", "not fine",
                                    "it's red and swollen", "a bit itchy, is that normal?",
                                    "good question, when can I book again?", ""])
def test_anything_more_is_not_read_as_fine(answer):
    assert not reads_as_fine(answer)


def test_each_keyword_gets_one_answer_and_the_spanish_ones_a_spanish_answer():
    def reply(word: str, kind: str) -> str:
        return keyword_reply(word, kind, "Clinic", PHONE)

    assert "unsubscribed" in reply("STOP", OPT_OUT) and "START" in reply("stop", OPT_OUT)
    assert reply("parar", OPT_OUT).startswith("Ya no le enviaremos mensajes de Clinic")
    assert "subscribed to Clinic texts again" in reply("START", OPT_IN)
    help_text = reply("HELP", HELP)
    assert "Clinic" in help_text and PHONE in help_text and "STOP" in help_text
    assert "Llame al (210) 555-0147" in reply("Ayuda", HELP)
    for word, kind in (("STOP", OPT_OUT), ("PARAR", OPT_OUT), ("START", OPT_IN),
                       ("HELP", HELP), ("AYUDA", HELP)):
        found = segments(reply(word, kind))
        assert (found.encoding, found.count) == ("GSM-7", 1), word


@pytest.mark.parametrize("answer", ["BIEN", "bien", "Todo bien, gracias!", "muy bien",
                                    "sí, todo va bien", "Ya mejor", "está bien", "bien gracias",
                                    "todo bien hasta ahorita", "Sin problemas"])
def test_short_spanish_all_is_well_answers_read_as_fine(answer):
    assert reads_as_fine(answer)


@pytest.mark.parametrize("answer", ["no muy bien", "bien pero tiene pus", "más o menos",
                                    "no está bien", "mal", "tengo fiebre"])
def test_anything_more_in_spanish_is_not_read_as_fine(answer):
    assert not reads_as_fine(answer)


def test_an_english_keyword_from_a_spanish_conversation_gets_a_spanish_answer():
    def reply(word: str, kind: str) -> str:
        return keyword_reply(word, kind, "Clinic", PHONE, language="es")

    assert reply("STOP", OPT_OUT).startswith("Ya no le enviaremos mensajes de Clinic")
    assert reply("START", OPT_IN).startswith("De nuevo le enviaremos mensajes de Clinic")
    assert "AYUDA" in reply("START", OPT_IN) and "PARAR" in reply("START", OPT_IN)
    assert "Llame al (210) 555-0147" in reply("HELP", HELP)
    # A Spanish keyword is answered in Spanish whatever the conversation's language.
    assert keyword_reply("PARAR", OPT_OUT, "Clinic", PHONE, language="en").startswith("Ya no")
    assert keyword_reply("STOP", OPT_OUT, "Clinic", PHONE, language="en").startswith(
        "You're unsubscribed")
    for word, kind in (("STOP", OPT_OUT), ("START", OPT_IN), ("HELP", HELP)):
        found = segments(reply(word, kind))
        assert (found.encoding, found.count) == ("GSM-7", 1), word


def test_spanish_choices_say_responda():
    assert render([{"text": "¿Seguro?", "buttons": YES_NO}], PHONE,
                  language="es").bodies[0].endswith("Responda 1 o 2.")
    assert render([{"text": "¿Cuáles?", "buttons": SCARS}], PHONE,
                  language="es").bodies[0].endswith("Responda 1, 2 o 3.")
    many = [{"title": str(n), "payload": str(n)} for n in range(6)]
    assert render([{"text": "Elija", "buttons": many}], PHONE,
                  language="es").bodies[0].endswith("Responda con un número del 1 al 6.")


def test_health_details_are_never_texted_in_spanish_either():
    [body] = render([{"text": "Sus respuestas indican cicatrices graves: más de 20",
                      "health_details": True}], PHONE, language="es").bodies
    assert "graves" not in body and "20" not in body
    assert body.startswith("Ya tenemos listo su resultado") and "llame al (210) 555-0147" in body


def test_the_first_reply_in_spanish_says_how_to_opt_out_in_spanish():
    assert render([{"text": "¡Hola!"}], PHONE, first_contact=True, language="es").bodies == [
        f"¡Hola!\n\n{FIRST_CONTACT_NOTE_ES}"]
    assert "PARAR" in FIRST_CONTACT_NOTE_ES and "AYUDA" in FIRST_CONTACT_NOTE_ES


@pytest.mark.parametrize("write", [checkin_thanks, text_only_notice, apology])
def test_the_channels_own_answers_have_spanish_in_one_plain_segment(write):
    english, spanish = write(PHONE), write(PHONE, "es")
    assert english != spanish and PHONE in spanish
    for text in (english, spanish, FIRST_CONTACT_NOTE_ES):
        found = segments(text)
        assert (found.encoding, found.count) == ("GSM-7", 1), text


def test_an_all_is_well_answer_says_its_language():
    assert fine_in("Todo bien, gracias") == "es"
    assert fine_in("all good thanks") == "en"
    assert fine_in("ok") == "en"  # either language: the conversation's decides
    assert fine_in("no muy bien") is None
