"""With the language slot at "es" the booking actions answer in Spanish, with Spanish button
titles and the same payloads; English conversations keep their English."""

from __future__ import annotations

import asyncio
from datetime import timezone
from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.booking import manage
from actions.booking.book import ActionBookSlot
from actions.booking.confirm import ActionAnswerConfirmation
from actions.booking.manage import ActionAskLookupReference, ActionChangeConsultation
from actions.booking.offer import ActionOfferMoreSlots, ActionStartBooking
from bot.store.models import Consultation
from tests.actions.booking.test_booking_actions import run, stored_lead, tracker


def spanish(**values: Any):
    return tracker(language="es", **values)


def test_slots_mode_offers_free_times_in_spanish_with_the_same_payloads(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    lead = stored_lead(sessions)
    [offer] = run(ActionStartBooking(settings), spanish(**lead))
    [english] = run(ActionStartBooking(settings), tracker(**lead))
    assert offer["text"].startswith("¿Quiere hacer su cita para la consulta ahorita?")
    assert "(hora del centro)" in offer["text"]
    titles = [b["title"] for b in offer["buttons"]]
    assert titles[-1] == "Más horarios"
    assert all(" a la" in title and ("a. m." in title or "p. m." in title)
               for title in titles[:-1])
    assert [b["payload"] for b in offer["buttons"]] == [b["payload"] for b in english["buttons"]]
    assert english["buttons"][-1]["title"] == "More times"


def test_callback_mode_tells_a_spanish_speaker_when_the_clinic_calls(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="callback")
    [message] = run(ActionStartBooking(settings), spanish(**stored_lead(sessions)))
    assert message["text"] == ("La clínica le va a llamar en la noche para buscar un horario "
                               "para su consulta que le acomode.")


def test_link_mode_sends_the_link_with_spanish_words(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="link",
                                     BOOKING_URL="https://book.example/clinic")
    [message] = run(ActionStartBooking(settings), spanish(**stored_lead(sessions)))
    assert message["text"].startswith("Aquí puede escoger la hora de su consulta")
    assert message["attachment"] in message["text"]


def test_an_unreadable_time_is_re_asked_in_spanish(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    [reply] = run(ActionBookSlot(settings), spanish(text="cuando sea bueno para ustedes",
                                                   **stored_lead(sessions)))
    assert reply["text"].startswith("Perdón, no entendí esa hora.")
    assert reply["buttons"][-1]["title"] == "Más horarios"


def test_more_times_are_offered_in_spanish(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    [more] = run(ActionOfferMoreSlots(settings), spanish(**stored_lead(sessions)))
    assert more["text"] == "Aquí tiene más horarios disponibles:"


def test_a_spanish_speaker_cancels_in_spanish_with_si_and_no_buttons(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    lead = stored_lead(sessions)
    [offer] = run(ActionStartBooking(settings), spanish(**lead))
    run(ActionBookSlot(settings), spanish(text=offer["buttons"][0]["payload"], **lead))
    [question] = run(ActionChangeConsultation(settings), spanish(
        text="quiero cancelar mi cita", intent="cancel_appointment", **lead))
    assert question["text"].startswith("¿Cancelo su consulta del ")
    assert question["text"].endswith("(hora del centro)?")
    assert [(b["title"], b["payload"]) for b in question["buttons"]] == [
        ("Sí", "/affirm"), ("No", "/deny")]
    day = question["text"].removeprefix("¿Cancelo su consulta del ").removesuffix("?")
    pending = {"kind": "cancel", "consultation": _consultation(sessions),
               "starts_at": _starts_at(sessions)}
    [done] = run(ActionAnswerConfirmation(settings),
                 spanish(text="sí", intent="affirm", pending_confirmation=pending, **lead))
    assert done["text"] == (f"Listo: su consulta del {day} quedó cancelada. Si quiere otro "
                            "horario, nada más dígame \"quiero hacer una cita\".")


def test_the_booking_reference_is_asked_for_in_spanish(booking_env):
    settings, _ = booking_env()
    [ask] = run(ActionAskLookupReference(settings), spanish())
    assert ask["text"].startswith("Claro. ¿Cuál es su número de referencia?")
    [english] = run(ActionAskLookupReference(settings), tracker())
    assert english["text"].startswith("Sure. What's your booking reference?")


def _consultation(sessions) -> str:
    with sessions() as session:
        return session.scalars(select(Consultation.reference)).one()


def _starts_at(sessions) -> str:
    with sessions() as session:
        starts = session.scalars(select(Consultation.starts_at)).one()
    return starts.replace(tzinfo=starts.tzinfo or timezone.utc).isoformat()


def test_a_spanish_speaker_picking_a_slot_gets_the_confirmation_in_spanish(booking_env):
    settings, sessions = booking_env(BOOKING_MODE="slots")
    lead = stored_lead(sessions)
    [offer] = run(ActionStartBooking(settings), spanish(**lead))
    [confirmation] = run(ActionBookSlot(settings),
                         spanish(text=offer["buttons"][0]["payload"], **lead))
    assert confirmation["text"].startswith("Listo, su consulta quedó para el ")
    assert confirmation["attachment"].endswith(".ics")


def test_the_texted_lookup_code_is_in_plain_gsm_spanish(booking_env, monkeypatch):
    settings, _ = booking_env()
    sent = []
    monkeypatch.setattr(manage, "_may_get_code", lambda *args: True)
    monkeypatch.setattr(manage, "new_code", lambda *args: "123456")
    monkeypatch.setattr(manage, "send_sms", lambda config, phone, text: sent.append(text))
    form = manage.ValidateBookingLookupForm(settings)
    for language in ("es", "en"):
        assert asyncio.run(form._text_code(CollectingDispatcher(), tracker(language=language),
                                           "+12105550123"))
    spanish_text, english_text = sent
    assert spanish_text.startswith("123456 es su codigo de ")
    assert not set("áíóú") & set(spanish_text)
    assert english_text.startswith("123456 is your ")
