"""Answers that quote the clinic's own details: prices, financing, address, hours, phone.

The values come from `.env` through `bot.settings`, so a clinic changes a price or its hours
and restarts the action server; the model does not need retraining.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.failures import answers_on_failure
from bot.settings import Settings, format_dollars, get_settings

MAIN_TOPICS = [
    {"title": "What is micro-needling?", "payload": "What is micro-needling?"},
    {"title": "Ice-pick scars", "payload": "/ask_icepick_scars"},
    {"title": "PRP / vampire facial", "payload": "What is PRP, the vampire facial?"},
    {"title": "Prices", "payload": "/ask_cost"},
]


def describe_prices(settings: Settings) -> str:
    prices, name = settings.prices, settings.clinic.name
    text = (
        f"At {name}, micro-needling is {format_dollars(prices.microneedling_session)} a "
        f"session, and micro-needling with PRP (the \"vampire facial\") is "
        f"{format_dollars(prices.microneedling_prp_session)} a session."
    )
    if prices.package_saving > 0:
        text += (
            f" A package of {prices.package_sessions} micro-needling sessions is "
            f"{format_dollars(prices.package_price)}, which saves "
            f"{format_dollars(prices.package_saving)}."
        )
    text += (
        " Most people with acne scars need several sessions; your provider recommends a plan"
        " and confirms the cost at your consultation."
    )
    if prices.financing_partners:
        text += f" Monthly payments are possible through {_or_list(prices.financing_partners)}."
    return text


def describe_financing(settings: Settings) -> str:
    partners, phone = settings.prices.financing_partners, settings.clinic.phone_display
    if not partners:
        return (
            "The clinic doesn't offer a financing plan at the moment. "
            f"Call {phone} to ask about payment options."
        )
    return (
        f"Yes, you can spread the cost with {_or_list(partners)}, subject to their approval. "
        f"The front desk can help you apply: call {phone}."
    )


def describe_location(settings: Settings) -> str:
    clinic = settings.clinic
    return f"{clinic.name} is at {clinic.address}. Call {clinic.phone_display} for directions."


def describe_hours(settings: Settings) -> str:
    return f"We're open {settings.clinic.hours.describe()} (Central time)."


def describe_contact(settings: Settings) -> str:
    clinic = settings.clinic
    return (
        f"You can reach {clinic.name} at {clinic.phone_display}. "
        f"We're open {clinic.hours.describe()} (Central time)."
    )


@answers_on_failure
class _ClinicInfoAction(Action, ABC):
    """Sends one message built from the clinic's settings."""

    action_name = ""

    def name(self) -> str:
        return self.action_name

    @abstractmethod
    def message(self, settings: Settings) -> Dict[str, Any]:
        """The message's text (and buttons) for these settings."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(**self.message(get_settings()))
        return []


class ActionGreet(_ClinicInfoAction):
    action_name = "action_greet"

    def message(self, settings: Settings) -> Dict[str, Any]:
        return {
            "text": (
                f"Hi, welcome to {settings.clinic.name}! I'm the clinic's virtual assistant. "
                "I can answer questions about micro-needling for acne scars, PRP (the "
                "\"vampire facial\"), prices and insurance. What would you like to know?"
            ),
            "buttons": MAIN_TOPICS,
        }


class ActionTellPrices(_ClinicInfoAction):
    action_name = "action_tell_prices"

    def message(self, settings: Settings) -> Dict[str, Any]:
        return {"text": describe_prices(settings)}


class ActionTellFinancing(_ClinicInfoAction):
    action_name = "action_tell_financing"

    def message(self, settings: Settings) -> Dict[str, Any]:
        return {"text": describe_financing(settings)}


class ActionTellLocation(_ClinicInfoAction):
    action_name = "action_tell_location"

    def message(self, settings: Settings) -> Dict[str, Any]:
        return {"text": describe_location(settings)}


class ActionTellHours(_ClinicInfoAction):
    action_name = "action_tell_hours"

    def message(self, settings: Settings) -> Dict[str, Any]:
        return {"text": describe_hours(settings)}


class ActionTellContact(_ClinicInfoAction):
    action_name = "action_tell_contact"

    def message(self, settings: Settings) -> Dict[str, Any]:
        return {"text": describe_contact(settings)}


def _or_list(names: tuple) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
