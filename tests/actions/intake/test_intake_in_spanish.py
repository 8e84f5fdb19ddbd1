"""With the language slot at "es" the intake's own texts are Spanish: re-asks, the explained
result and estimate, the thank-you and the "nothing stored" goodbye."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.intake import finish
from actions.intake.finish import ActionFinishIntake


def test_a_spanish_speaker_is_re_asked_in_spanish(intake):
    form = intake(requested="contact_phone", language="es")
    turn = form.say("210 555")
    assert turn.said == ["Perdón, parece que ese número está incompleto o no es válido. Por "
                         "favor escriba un número de celular de Estados Unidos, por ejemplo "
                         "\"210 555 0123\"."]
    english = intake(requested="contact_phone").say("210 555")
    assert english.said[0].startswith("Sorry, that number doesn't look complete or valid.")


def test_a_spanish_speaker_reads_the_result_in_spanish(intake):
    turn = intake(requested="age", language="es").say("25")
    [result] = turn.said
    assert result.startswith("Sus respuestas apuntan a cicatrices")
    assert "Esto no es un diagnóstico" in result
    assert "cálculo aproximado, no una cotización" in result


def _finish(settings, **slots: Any) -> List[Dict[str, Any]]:
    tracker = Tracker("conv-es", slots, {"text": "sí", "intent": {"name": "affirm"}}, [],
                      False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionFinishIntake(settings).run(dispatcher, tracker, {}))
    return dispatcher.messages


def test_a_spanish_speaker_is_thanked_in_spanish_with_the_reference(
        make_settings, monkeypatch):
    record = SimpleNamespace(name="María López", preferred_contact="text",
                             preferred_time="evening")
    monkeypatch.setattr(finish, "intake_record", lambda *args: record)
    monkeypatch.setattr(finish, "save_intake",
                        lambda sessions, saved: SimpleNamespace(reference="L-1234ABCD"))
    settings = make_settings()
    [thanks] = _finish(settings, data_consent=True, language="es")
    assert thanks["text"] == ("¡Gracias, María! La clínica le va a mandar un mensaje de texto "
                              "en la noche para hablar de una consulta. Su número de referencia "
                              "es L-1234ABCD.")
    [english] = _finish(settings, data_consent=True, language="en")
    assert english["text"] == ("Thank you, María! The clinic will text you in the evening "
                               "about a consultation. Your reference is L-1234ABCD.")


def test_a_spanish_speaker_who_declined_hears_nothing_was_stored_in_spanish(
        make_settings, migrated_sqlite_url, monkeypatch):
    # Rasa's own events table is not in this database: the blanking is tested elsewhere.
    monkeypatch.setattr(finish, "redact_since", lambda *args: None)
    settings = make_settings(DATABASE_URL=migrated_sqlite_url)
    [goodbye] = _finish(settings, data_consent=False, language="es")
    assert goodbye["text"].startswith("Entendido: no se guardó nada de lo que me dijo.")
    assert settings.clinic.phone_display in goodbye["text"]
