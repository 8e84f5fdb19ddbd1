"""Answers that quote the clinic's own details: prices, fees, offers, refunds, financing,
address, parking, hours, phone, and the visitor's own booking (read from the database).

The values come from `.env` through `bot.settings`, so a clinic changes a price or its hours
and restarts the action server; the model does not need retraining.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from datetime import datetime, timezone
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.manage import owned_consultation
from actions.configured import Configured, sessions_for
from actions.failures import answers_on_failure
from actions.texter import known_texter
from bot.booking.notices import when_text
from bot.contact import first_name
from bot.settings import Settings, format_dollars, get_settings
from bot.store.bookings import Upcoming, consultation_by_reference

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


def describe_consultation_fee(settings: Settings) -> str:
    prices, name = settings.prices, settings.clinic.name
    if prices.consultation_fee is None:
        return (
            f"The front desk can tell you about the consultation at {name} and its fee: call "
            f"{settings.clinic.phone_display}. At the consultation a provider looks at your "
            "skin and explains which options could suit you and what they would cost."
        )
    if prices.consultation_fee == 0:
        text = f"The consultation at {name} is free."
    elif prices.consultation_fee_credited:
        text = (
            f"The consultation at {name} is {format_dollars(prices.consultation_fee)}, and "
            "that amount is credited toward your treatment if you go ahead."
        )
    else:
        text = (
            f"The consultation at {name} is {format_dollars(prices.consultation_fee)}; it's "
            "separate from the price of any treatment."
        )
    return text + (
        " A provider looks at your skin, explains which options could suit you and what they"
        " would cost, and answers your questions. There's no obligation to book a treatment."
    )


def describe_offers(settings: Settings) -> str:
    prices = settings.prices
    package = (
        f"a package of {prices.package_sessions} micro-needling sessions is "
        f"{format_dollars(prices.package_price)}, which saves "
        f"{format_dollars(prices.package_saving)} compared with paying per session"
    )
    if prices.current_offer:
        text = f"Right now: {_sentence(prices.current_offer)}"
        if prices.package_saving > 0:
            text += f" Packages save too: {package}."
        return text + " The front desk confirms the details when you book."
    if prices.package_saving > 0:
        return (
            "There's no special offer running at the moment. The way to save is a package: "
            f"{package}."
        )
    text = "There's no special offer or discount at the moment; sessions are priced as listed."
    if prices.financing_partners:
        text += f" You can spread the cost with {_or_list(prices.financing_partners)}."
    return text


def describe_payment_options(settings: Settings) -> str:
    prices = settings.prices
    per_session = (
        f"{format_dollars(prices.microneedling_session)} a session for micro-needling, "
        f"{format_dollars(prices.microneedling_prp_session)} with PRP"
    )
    if prices.package_saving > 0:
        text = (
            f"Either way: pay per session as you go ({per_session}), or pay for a package "
            f"upfront: {prices.package_sessions} micro-needling sessions for "
            f"{format_dollars(prices.package_price)}, which saves "
            f"{format_dollars(prices.package_saving)}."
        )
    else:
        text = f"You pay per session as you go ({per_session})."
    if prices.financing_partners:
        text += f" Monthly payments are possible through {_or_list(prices.financing_partners)}."
    return text + " Your provider confirms your plan and its cost at the consultation."


def describe_refund_policy(settings: Settings) -> str:
    phone = settings.clinic.phone_display
    policy = settings.prices.refund_policy
    if not policy:
        return f"The front desk can explain the refund and cancellation policy: call {phone}."
    return (
        f"The clinic's refund policy: {_sentence(policy)} For a question about your own "
        f"payment, call the front desk at {phone}."
    )


def describe_after_hours_care(settings: Settings) -> str:
    clinic = settings.clinic
    return (
        "Redness, warmth or swelling that spreads or gets worse after the first couple of "
        "days, pus, or a fever need to be seen the same day. While we're open "
        f"({clinic.hours.describe()}, {clinic.timezone_label}) call the clinic at "
        f"{clinic.phone_display}; when we're closed, go to an urgent care clinic. If you have "
        "trouble breathing, or your lips, tongue or throat swell, call 911."
    )


def describe_parking(settings: Settings) -> str:
    clinic = settings.clinic
    if clinic.parking_info:
        return f"{_sentence(clinic.parking_info)} The address is {clinic.address}."
    return (
        f"{clinic.name} is at {clinic.address}. Call {clinic.phone_display} and the front desk "
        "can tell you where to park."
    )


def describe_who_answers(settings: Settings) -> str:
    clinic = settings.clinic
    return (
        f"No, I'm {clinic.name}'s virtual assistant, a computer program, not a doctor, "
        "dermatologist or nurse. I can share general information, but I can't look at your "
        "skin: a provider sees you in person at your consultation and answers questions about "
        f"your own skin. To talk to a person, call {clinic.phone_display} "
        f"({clinic.hours.describe()}, {clinic.timezone_label})."
    )


def describe_my_booking(settings: Settings, booking: Upcoming | None, now: datetime) -> str:
    """The consultation this conversation booked, as read from the database; or how to find
    one booked elsewhere."""
    clinic = settings.clinic
    if booking is None:
        return (
            "I can't see a booking made in this conversation. Your confirmation message (and "
            "email, if you gave one) has the day, time and booking reference, which looks "
            "like C-3F9A1C20. To change or cancel it here, tell me and give me that reference "
            "with the mobile number you booked with; or call the clinic at "
            f"{clinic.phone_display}."
        )
    if booking.starts_at is None:
        return (
            f"You asked {clinic.name} to call you back to arrange your consultation (reference "
            f"{booking.reference}). If you haven't heard from them, call {clinic.phone_display}."
        )
    verb = "is" if booking.starts_at >= now else "was"
    return (
        f"Your consultation at {clinic.name} {verb} on {when_text(booking.starts_at, settings)}, "
        f"at {clinic.address}. Reference {booking.reference}. To change or cancel it, tell me "
        f"here or call {clinic.phone_display}."
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


@answers_on_failure
class ActionGreet(Configured, _ClinicInfoAction):
    """Hi; a texter whose number has a lead is greeted back by first name."""

    action_name = "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        settings = self.settings
        known = await known_texter(tracker, settings)
        dispatcher.utter_message(**self.message(settings, first_name(known.name)
                                                if known else None))
        return []

    def message(self, settings: Settings, name: str | None = None) -> Dict[str, Any]:
        hello = (f"Hi {name}, welcome back to {settings.clinic.name}!" if name else
                 f"Hi, welcome to {settings.clinic.name}!")
        return {
            "text": (
                f"{hello} I'm the clinic's virtual assistant. "
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


class ActionTellConsultationFee(_ClinicInfoAction):
    action_name = "action_tell_consultation_fee"

    def message(self, settings: Settings) -> Dict[str, Any]:
        return {"text": describe_consultation_fee(settings)}


class ActionTellOffers(_ClinicInfoAction):
    action_name = "action_tell_offers"

    def message(self, settings: Settings) -> Dict[str, Any]:
        return {"text": describe_offers(settings)}


class ActionTellPaymentOptions(_ClinicInfoAction):
    action_name = "action_tell_payment_options"

    def message(self, settings: Settings) -> Dict[str, Any]:
        return {"text": describe_payment_options(settings)}


class ActionTellRefundPolicy(_ClinicInfoAction):
    action_name = "action_tell_refund_policy"

    def message(self, settings: Settings) -> Dict[str, Any]:
        return {"text": describe_refund_policy(settings)}


class ActionTellAfterHoursCare(_ClinicInfoAction):
    action_name = "action_tell_after_hours_care"

    def message(self, settings: Settings) -> Dict[str, Any]:
        return {"text": describe_after_hours_care(settings)}


class ActionTellParking(_ClinicInfoAction):
    action_name = "action_tell_parking"

    def message(self, settings: Settings) -> Dict[str, Any]:
        return {"text": describe_parking(settings)}


def describe_in_spanish(settings: Settings) -> str:
    """A stop-gap until the assistant speaks Spanish: where to get help in Spanish now."""
    clinic = settings.clinic
    return (
        f"¡Hola! Por ahora solo puedo contestar en inglés. Para atenderle en español, llame a "
        f"{clinic.name} al {clinic.phone_display}; con mucho gusto le ayudamos. "
        "(Sorry, I can only answer in English for now.)"
    )


class ActionAnswerInSpanish(_ClinicInfoAction):
    action_name = "action_answer_in_spanish"

    def message(self, settings: Settings) -> Dict[str, Any]:
        return {"text": describe_in_spanish(settings)}


class ActionTellWhoAnswers(_ClinicInfoAction):
    action_name = "action_tell_who_answers"

    def message(self, settings: Settings) -> Dict[str, Any]:
        return {"text": describe_who_answers(settings)}


@answers_on_failure
class ActionTellMyBooking(Configured, Action):
    """"What did I book?": the consultation booked in this conversation, read from the
    database by its reference (nothing else of the tracker is trusted or quoted), else the
    one the conversation owns: its lead's, or a texter's number's (booked on the web, say)."""

    def name(self) -> str:
        return "action_tell_my_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        settings = self.settings
        reference = tracker.get_slot("consultation_reference")
        sessions = sessions_for(settings)
        now = datetime.now(timezone.utc)
        booking = None
        if isinstance(reference, str) and reference:
            booking = await asyncio.to_thread(consultation_by_reference, sessions, reference)
        if booking is None:
            booking = await asyncio.to_thread(owned_consultation, tracker, sessions, now)
        dispatcher.utter_message(text=describe_my_booking(settings, booking, now))
        return []


def _sentence(text: str) -> str:
    """Free text from a setting as a full sentence."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _or_list(names: tuple) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
