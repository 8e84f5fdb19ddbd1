"""Every action answers, even when it fails.

When a custom action raises, rasa-sdk answers the Rasa server with an error, Rasa drops the
action's events and the visitor hears nothing. `answers_on_failure` wraps an action's `run` so
that a failure (database down or locked, a malformed button payload, a row deleted meanwhile)
becomes an apology with the clinic's phone number, logged with the conversation id only (no
message text, no slot values: they may be health details), and the conversation goes on.
"""

from __future__ import annotations

import functools
import logging
import traceback
from typing import Any, Callable, Dict, List, Protocol, Type, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.language import language_of

logger = logging.getLogger(__name__)

class _Runs(Protocol):
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Dict[str, Any]]: ...


ActionClass = TypeVar("ActionClass", bound=Type[_Runs])


def apology(phone: str | None, language: str = "en") -> str:
    """Sorry, something failed: nothing is lost, call the clinic or try again."""
    if language == "es":
        call = f"por favor llame a la clínica al {phone}" if phone else ("por favor llame a la "
                                                                        "clínica")
        return (f"Lo siento, algo falló de nuestro lado y no pude terminar. No se perdió nada "
                f"de lo que me dijo; {call} y el equipo le ayuda de inmediato, o intente otra "
                "vez en un momento.")
    call = f"please call the clinic at {phone}" if phone else "please call the clinic"
    return (f"I'm sorry, something went wrong on our side and I couldn't finish that. Nothing "
            f"you told me is lost; {call} and the team will help you straight away, or try "
            "again in a moment.")


def _clinic_phone(action: Any) -> str | None:
    try:
        from bot.settings import get_settings

        # A Configured action's own settings (a test's, say), else the process's.
        settings = getattr(action, "settings", None) or get_settings()
        return settings.clinic.phone_display
    except Exception:  # noqa: BLE001 - the apology must go out even with broken settings
        return None


def _language(tracker: Tracker) -> str:
    try:
        return language_of(tracker.get_slot("language"))
    except Exception:  # noqa: BLE001 - a broken tracker still gets the apology, in English
        return "en"


def _where(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"


def answers_on_failure(cls: ActionClass) -> ActionClass:
    """Class decorator for a rasa-sdk action: a failure answers instead of going silent."""
    run: Callable[..., Any] = cls.run

    @functools.wraps(run)
    async def safe_run(
        self: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        try:
            return await run(self, dispatcher, tracker, domain)
        except Exception as error:  # noqa: BLE001 - any failure must still answer the visitor
            # Only the kind of failure and where: the message of a database error can quote
            # the visitor's answers.
            logger.error("Action %s failed in conversation %s: %s at %s", self.name(),
                         tracker.sender_id, type(error).__name__, _where(error))
            dispatcher.messages.clear()  # half-built replies would contradict the apology
            dispatcher.utter_message(text=apology(_clinic_phone(self), _language(tracker)))
            return []

    cls.run = safe_run  # type: ignore[method-assign]  # replacing it is the point
    return cls
