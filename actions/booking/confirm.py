"""Yes or no to the question a booking action asked: "Cancel your consultation on ...?" or
"Book Fri Dec 4, 3:00 PM (Central time)?". Nothing is cancelled or booked before a yes."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.book import PASSED, PASSED_ES, PENDING_SLOT, book_time
from actions.booking.offer import language_in, offer_slots
from actions.configured import Configured, sessions_for
from actions.failures import answers_on_failure
from bot.booking.notices import staff_notify, when_text
from bot.booking.schedule import when_said
from bot.notify.outbox import deliver_soon
from bot.settings import Settings
from bot.store.bookings import cancel_for_lead


@answers_on_failure
class ActionAnswerConfirmation(Configured, Action):
    """Act on the visitor's yes, or keep things as they are on no."""

    def name(self) -> str:
        return "action_answer_confirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        settings = self.settings
        pending = tracker.get_slot(PENDING_SLOT)
        lead = tracker.get_slot("lead_reference")
        yes = (tracker.latest_message.get("intent") or {}).get("name") == "affirm"
        language = language_in(tracker)
        es = language == "es"
        if not isinstance(pending, dict) or not lead:
            dispatcher.utter_message(
                text="¡Gracias! ¿Qué le gustaría hacer? Puede escoger un horario, decir "
                "\"cancelar mi cita\", o preguntarme lo que quiera sobre el tratamiento." if es
                else "Thanks! What would you like to do? You can pick a time, say \"cancel my "
                "appointment\", or ask me anything about the treatment.")
            return []
        cleared: List[EventType] = [SlotSet(PENDING_SLOT, None)]
        starts_at = datetime.fromisoformat(pending["starts_at"])
        if pending.get("kind") == "cancel":
            return cleared + await _cancel(dispatcher, settings, lead, pending["consultation"],
                                           starts_at, yes, language)
        if not yes:
            return cleared + await offer_slots(
                dispatcher, settings, "Está bien, no le hice la cita. Estos son los próximos "
                "horarios disponibles; o dígame otro día:" if es else "No problem, I haven't "
                "booked it. These are the next free times; or tell me another day:",
                language=language)
        if starts_at < datetime.now(timezone.utc):
            return cleared + await offer_slots(dispatcher, settings, PASSED_ES if es else PASSED,
                                               language=language)
        return cleared + await book_time(dispatcher, tracker, settings, lead, starts_at)


async def _cancel(
    dispatcher: CollectingDispatcher, settings: Settings, lead: str, reference: str,
    starts_at: datetime, yes: bool, language: str = "en",
) -> List[EventType]:
    # Staff read the English time; the visitor hears it in their language.
    when = when_text(starts_at, settings)
    said = when_said(starts_at, settings, language)
    es = language == "es"
    if not yes:
        dispatcher.utter_message(text=f"Está bien, su consulta del {said} sigue en pie." if es
                                 else f"OK, I've kept your consultation on {when}.")
        return []
    ids = await asyncio.to_thread(
        cancel_for_lead, sessions_for(settings), reference, lead,
        staff_notify(settings, "cancelled", consultation=when,
                     consultation_reference=reference))
    if ids is None:
        phone = settings.clinic.phone_display
        dispatcher.utter_message(
            text="Esa consulta ya no está agendada. Si no se lo esperaba, por favor llame a la "
            f"clínica al {phone}." if es else "That consultation is no longer booked. If "
            f"that's unexpected, please call the clinic at {phone}.")
        return [SlotSet("consultation_reference", None)]
    deliver_soon(ids, sessions_for(settings), settings)
    dispatcher.utter_message(
        text=f"Listo: su consulta del {said} quedó cancelada. Si quiere otro horario, nada más "
        "dígame \"quiero hacer una cita\"." if es else f"Done: your consultation on {when} is "
        "cancelled. If you'd like another time, just say \"I want to book\".")
    return [SlotSet("consultation_reference", None), SlotSet("rescheduling", None)]
