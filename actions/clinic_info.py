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
from bot.booking.schedule import when_said
from bot.contact import first_name
from bot.language import language_of, switch_payload
from bot.opening_hours import zone_label
from bot.settings import Settings, format_dollars, get_settings, in_language
from bot.store.bookings import Upcoming, consultation_by_reference

MAIN_TOPICS = [
    {"title": "What is micro-needling?", "payload": "What is micro-needling?"},
    {"title": "Ice-pick scars", "payload": "/ask_icepick_scars"},
    {"title": "PRP / vampire facial", "payload": "What is PRP, the vampire facial?"},
    {"title": "Prices", "payload": "/ask_cost"},
]
# The greeting's way to the other language, where the channel has none of its own (the web
# widget has its header switch): a texter who wrote "hola" can answer with its number.
OTHER_LANGUAGE = {
    "en": {"title": "Español", "payload": switch_payload("es")},
    "es": {"title": "English", "payload": switch_payload("en")},
}
MAIN_TOPICS_ES = [
    {"title": "¿Qué es el microneedling?", "payload": "What is micro-needling?"},
    {"title": "Cicatrices tipo picahielo", "payload": "/ask_icepick_scars"},
    {"title": "PRP / facial de vampiro", "payload": "What is PRP, the vampire facial?"},
    {"title": "Precios", "payload": "/ask_cost"},
]


def describe_prices(settings: Settings, language: str = "en") -> str:
    if language == "es":
        return _prices_es(settings)
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


def _prices_es(settings: Settings) -> str:
    prices, name = settings.prices, settings.clinic.name
    text = (
        f"En {name}, el microneedling cuesta {format_dollars(prices.microneedling_session)} "
        f"por sesión, y el microneedling con PRP (el \"facial de vampiro\") cuesta "
        f"{format_dollars(prices.microneedling_prp_session)} por sesión."
    )
    if prices.package_saving > 0:
        text += (
            f" Un paquete de {prices.package_sessions} sesiones de microneedling cuesta "
            f"{format_dollars(prices.package_price)}, y así se ahorra "
            f"{format_dollars(prices.package_saving)}."
        )
    text += (
        " La mayoría de las personas con cicatrices de acné necesitan varias sesiones; su"
        " proveedor le recomienda un plan y le confirma el costo en su consulta."
    )
    if prices.financing_partners:
        text += (" También puede pagar en mensualidades con "
                 f"{_or_list(prices.financing_partners, 'o')}.")
    return text


def describe_financing(settings: Settings, language: str = "en") -> str:
    if language == "es":
        return _financing_es(settings)
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


def _financing_es(settings: Settings) -> str:
    partners, phone = settings.prices.financing_partners, settings.clinic.phone_display
    if not partners:
        return (
            "Por ahora la clínica no ofrece un plan de financiamiento. "
            f"Llame al {phone} para preguntar por las formas de pago."
        )
    return (
        f"Sí, puede pagar en mensualidades con {_or_list(partners, 'o')}, si le aprueban el "
        f"crédito. En recepción le ayudan a hacer la solicitud: llame al {phone}."
    )


def describe_location(settings: Settings, language: str = "en") -> str:
    clinic = settings.clinic
    if language == "es":
        return (f"{clinic.name} está en {clinic.address}. Llame al {clinic.phone_display} si "
                "necesita indicaciones para llegar.")
    return f"{clinic.name} is at {clinic.address}. Call {clinic.phone_display} for directions."


def describe_hours(settings: Settings, language: str = "en") -> str:
    if language == "es":
        return f"Nuestro horario es {_hours_es(settings)}."
    return f"We're open {settings.clinic.hours.describe()} (Central time)."


def _hours_es(settings: Settings, inside_brackets: bool = False) -> str:
    """The hours in Spanish and the zone: 'de lunes a viernes, ... (hora del centro)', or
    '..., hora del centro' for a sentence that puts the whole in brackets itself."""
    clinic = settings.clinic
    zone = zone_label(clinic.timezone_label, "es")
    hours = clinic.hours.describe("es")
    return f"{hours}, {zone}" if inside_brackets else f"{hours} ({zone})"


def describe_contact(settings: Settings, language: str = "en") -> str:
    clinic = settings.clinic
    if language == "es":
        return (f"Puede comunicarse con {clinic.name} al {clinic.phone_display}. Nuestro "
                f"horario es {_hours_es(settings)}.")
    return (
        f"You can reach {clinic.name} at {clinic.phone_display}. "
        f"We're open {clinic.hours.describe()} (Central time)."
    )


def describe_consultation_fee(settings: Settings, language: str = "en") -> str:
    if language == "es":
        return _consultation_fee_es(settings)
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


def _consultation_fee_es(settings: Settings) -> str:
    prices, name = settings.prices, settings.clinic.name
    if prices.consultation_fee is None:
        return (
            f"En recepción le pueden dar información sobre la consulta en {name} y su costo: "
            f"llame al {settings.clinic.phone_display}. En la consulta, un proveedor revisa su "
            "piel y le explica qué opciones le podrían funcionar y cuánto costarían."
        )
    fee = format_dollars(prices.consultation_fee)
    if prices.consultation_fee == 0:
        text = f"La consulta en {name} es gratis."
    elif prices.consultation_fee_credited:
        text = (f"La consulta en {name} cuesta {fee}, y esa cantidad se le abona a su "
                "tratamiento si decide seguir adelante.")
    else:
        text = f"La consulta en {name} cuesta {fee}; es aparte del precio de cualquier tratamiento."
    return text + (
        " Un proveedor revisa su piel, le explica qué opciones le podrían funcionar y cuánto"
        " costarían, y contesta sus preguntas. No tiene ningún compromiso de hacerse un"
        " tratamiento."
    )


def describe_offers(settings: Settings, language: str = "en") -> str:
    if language == "es":
        return _offers_es(settings)
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


def _offers_es(settings: Settings) -> str:
    prices = settings.prices
    package = (
        f"un paquete de {prices.package_sessions} sesiones de microneedling cuesta "
        f"{format_dollars(prices.package_price)}, y se ahorra "
        f"{format_dollars(prices.package_saving)} comparado con pagar por sesión"
    )
    if prices.current_offer:
        # CURRENT_OFFER(_ES) is one line the clinic writes; it is quoted as written.
        offer = in_language(prices.current_offer, prices.current_offer_es, "es")
        text = f"Ahorita tenemos esta promoción: {_sentence(offer)}"
        if prices.package_saving > 0:
            text += f" Con los paquetes también se ahorra: {package}."
        return text + " En recepción le confirman los detalles cuando haga su cita."
    if prices.package_saving > 0:
        return ("Por ahora no tenemos ninguna promoción especial. La forma de ahorrar es con "
                f"un paquete: {package}.")
    text = ("Por ahora no tenemos ninguna promoción ni descuento; las sesiones tienen el precio "
            "normal.")
    if prices.financing_partners:
        text += (" Puede pagar en mensualidades con "
                 f"{_or_list(prices.financing_partners, 'o')}.")
    return text


def describe_payment_options(settings: Settings, language: str = "en") -> str:
    if language == "es":
        return _payment_options_es(settings)
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


def _payment_options_es(settings: Settings) -> str:
    prices = settings.prices
    per_session = (
        f"{format_dollars(prices.microneedling_session)} por sesión de microneedling, "
        f"{format_dollars(prices.microneedling_prp_session)} con PRP"
    )
    if prices.package_saving > 0:
        text = (
            f"Tiene dos opciones: pagar cada sesión conforme se la hace ({per_session}), o "
            f"pagar un paquete por adelantado: {prices.package_sessions} sesiones de "
            f"microneedling por {format_dollars(prices.package_price)}, y se ahorra "
            f"{format_dollars(prices.package_saving)}."
        )
    else:
        text = f"Paga cada sesión conforme se la hace ({per_session})."
    if prices.financing_partners:
        text += (" También puede pagar en mensualidades con "
                 f"{_or_list(prices.financing_partners, 'o')}.")
    return text + " Su proveedor le confirma su plan y el costo en la consulta."


def describe_refund_policy(settings: Settings, language: str = "en") -> str:
    phone = settings.clinic.phone_display
    policy = in_language(settings.prices.refund_policy, settings.prices.refund_policy_es,
                         language)
    if language == "es":
        if not policy:
            return ("En recepción le pueden explicar la política de reembolsos y cancelaciones:"
                    f" llame al {phone}.")
        # REFUND_POLICY(_ES) is one line the clinic writes; it is quoted as written.
        return (f"La política de reembolsos de la clínica: {_sentence(policy)} Si tiene una "
                f"pregunta sobre algún pago suyo, llame a recepción al {phone}.")
    if not policy:
        return f"The front desk can explain the refund and cancellation policy: call {phone}."
    return (
        f"The clinic's refund policy: {_sentence(policy)} For a question about your own "
        f"payment, call the front desk at {phone}."
    )


def describe_after_hours_care(settings: Settings, language: str = "en") -> str:
    clinic = settings.clinic
    if language == "es":
        return (
            "Si el enrojecimiento, el calor o la hinchazón se extienden o empeoran después de "
            "los primeros dos días, o si tiene pus o fiebre, necesita atención médica el mismo "
            "día. Mientras estamos abiertos "
            f"({_hours_es(settings, inside_brackets=True)}) llame a la clínica al "
            f"{clinic.phone_display}; cuando estemos cerrados, vaya a una clínica de urgencias "
            "(urgent care). Si le cuesta trabajo respirar, o se le hinchan los labios, la "
            "lengua o la garganta, llame al 911."
        )
    return (
        "Redness, warmth or swelling that spreads or gets worse after the first couple of "
        "days, pus, or a fever need to be seen the same day. While we're open "
        f"({clinic.hours.describe()}, {clinic.timezone_label}) call the clinic at "
        f"{clinic.phone_display}; when we're closed, go to an urgent care clinic. If you have "
        "trouble breathing, or your lips, tongue or throat swell, call 911."
    )


def describe_parking(settings: Settings, language: str = "en") -> str:
    clinic = settings.clinic
    if language == "es":
        if clinic.parking_info:
            # PARKING_INFO(_ES) is one line the clinic writes; it is quoted as written.
            parking = in_language(clinic.parking_info, clinic.parking_info_es, "es")
            return f"{_sentence(parking)} La dirección es {clinic.address}."
        return (f"{clinic.name} está en {clinic.address}. Llame al {clinic.phone_display} y en "
                "recepción le dicen dónde estacionarse.")
    if clinic.parking_info:
        return f"{_sentence(clinic.parking_info)} The address is {clinic.address}."
    return (
        f"{clinic.name} is at {clinic.address}. Call {clinic.phone_display} and the front desk "
        "can tell you where to park."
    )


def describe_languages_spoken(settings: Settings, language: str = "en") -> str:
    """Whether someone at the clinic speaks Spanish: the chat is not the clinic."""
    clinic = settings.clinic
    if language == "es":
        if clinic.languages_spoken:
            # LANGUAGES_SPOKEN(_ES) is one line the clinic writes; it is quoted as written.
            spoken = in_language(clinic.languages_spoken, clinic.languages_spoken_es, "es")
            return (f"{_sentence(spoken)} Si quiere que le atiendan en español, dígalo al "
                    f"hacer su cita o llame al {clinic.phone_display}.")
        return (f"Llame al {clinic.phone_display} y pregunte en recepción quién le puede "
                "atender en español en su cita.")
    if clinic.languages_spoken:
        return (f"{_sentence(clinic.languages_spoken)} If you'd like your visit in Spanish, "
                f"say so when you book or call {clinic.phone_display}.")
    return (f"Please call {clinic.phone_display} and the front desk can tell you who can see "
            "you in Spanish.")


def describe_data_deletion(settings: Settings, language: str = "en") -> str:
    """How to have one's details deleted, as the privacy page says: by phone, after the
    clinic confirms who is asking (a chat cannot prove that)."""
    clinic = settings.clinic
    if language == "es":
        return (f"Claro. Para que se borren sus datos y su conversación, llame a la clínica al "
                f"{clinic.phone_display} ({clinic.hours.describe('es')}); primero confirman "
                "que es usted y luego los borran. Desde este chat no puedo borrar nada, para "
                "que nadie más pueda pedirlo en su nombre.")
    return (f"Of course. To have your details and your conversation deleted, call the clinic at "
            f"{clinic.phone_display} ({clinic.hours.describe()}); they confirm it's you, then "
            "delete them. I can't delete anything from this chat, so that nobody else can ask "
            "for it in your name.")


def describe_who_answers(settings: Settings, language: str = "en") -> str:
    clinic = settings.clinic
    if language == "es":
        return (
            f"No, soy el asistente virtual de {clinic.name}, un programa de computadora, no un "
            "doctor, dermatólogo ni enfermero. Le puedo dar información general, pero no puedo "
            "ver su piel: un proveedor la revisa en persona en su consulta y contesta las "
            "preguntas sobre su propia piel. Para hablar con una persona, llame al "
            f"{clinic.phone_display} ({_hours_es(settings, inside_brackets=True)})."
        )
    return (
        f"No, I'm {clinic.name}'s virtual assistant, a computer program, not a doctor, "
        "dermatologist or nurse. I can share general information, but I can't look at your "
        "skin: a provider sees you in person at your consultation and answers questions about "
        f"your own skin. To talk to a person, call {clinic.phone_display} "
        f"({clinic.hours.describe()}, {clinic.timezone_label})."
    )


def describe_my_booking(settings: Settings, booking: Upcoming | None, now: datetime,
                        language: str = "en") -> str:
    """The consultation this conversation booked, as read from the database; or how to find
    one booked elsewhere."""
    clinic = settings.clinic
    if language == "es":
        return _my_booking_es(settings, booking, now)
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


def _my_booking_es(settings: Settings, booking: Upcoming | None, now: datetime) -> str:
    clinic = settings.clinic
    if booking is None:
        return (
            "No veo ninguna cita hecha en esta conversación. Su mensaje de confirmación (y el "
            "correo, si nos dio uno) tiene el día, la hora y el número de referencia, que se ve "
            "así: C-3F9A1C20. Para cambiarla o cancelarla aquí, dígamelo y deme esa referencia "
            "con el número de celular con el que hizo la cita; o llame a la clínica al "
            f"{clinic.phone_display}."
        )
    if booking.starts_at is None:
        return (
            f"Usted pidió que {clinic.name} le llamara para programar su consulta (referencia "
            f"{booking.reference}). Si todavía no le han llamado, llame al "
            f"{clinic.phone_display}."
        )
    verb = "es" if booking.starts_at >= now else "fue"
    return (
        f"Su consulta en {clinic.name} {verb} el "
        f"{when_said(booking.starts_at, settings, 'es')}, en {clinic.address}. Referencia "
        f"{booking.reference}. Para cambiarla o cancelarla, dígamelo aquí o llame al "
        f"{clinic.phone_display}."
    )


@answers_on_failure
class _ClinicInfoAction(Action, ABC):
    """Sends one message built from the clinic's settings."""

    action_name = ""

    def name(self) -> str:
        return self.action_name

    @abstractmethod
    def message(self, settings: Settings, language: str = "en") -> Dict[str, Any]:
        """The message's text (and buttons) for these settings, in the visitor's language."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(**self.message(get_settings(), _language(tracker)))
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
        language = _language(tracker)
        message = self.message(settings, language, first_name(known.name) if known else None)
        if tracker.get_latest_input_channel() != "socketio":
            message["buttons"] = [*message["buttons"], OTHER_LANGUAGE[language]]
        dispatcher.utter_message(**message)
        return []

    def message(self, settings: Settings, language: str = "en",
                name: str | None = None) -> Dict[str, Any]:
        if language == "es":
            hello = (f"¡Hola, {name}! Qué gusto tenerle de vuelta en {settings.clinic.name}."
                     if name else f"¡Hola! Le damos la bienvenida a {settings.clinic.name}.")
            return {
                "text": (
                    f"{hello} Soy el asistente virtual de la clínica. Le puedo contestar "
                    "preguntas sobre el microneedling para cicatrices de acné, el PRP (el "
                    "\"facial de vampiro\"), los precios y el seguro médico. ¿Qué le gustaría "
                    "saber?"
                ),
                "buttons": MAIN_TOPICS_ES,
            }
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

    def message(self, settings: Settings, language: str = "en") -> Dict[str, Any]:
        return {"text": describe_prices(settings, language)}


class ActionTellFinancing(_ClinicInfoAction):
    action_name = "action_tell_financing"

    def message(self, settings: Settings, language: str = "en") -> Dict[str, Any]:
        return {"text": describe_financing(settings, language)}


class ActionTellLocation(_ClinicInfoAction):
    action_name = "action_tell_location"

    def message(self, settings: Settings, language: str = "en") -> Dict[str, Any]:
        return {"text": describe_location(settings, language)}


class ActionTellHours(_ClinicInfoAction):
    action_name = "action_tell_hours"

    def message(self, settings: Settings, language: str = "en") -> Dict[str, Any]:
        return {"text": describe_hours(settings, language)}


class ActionTellContact(_ClinicInfoAction):
    action_name = "action_tell_contact"

    def message(self, settings: Settings, language: str = "en") -> Dict[str, Any]:
        return {"text": describe_contact(settings, language)}


class ActionTellConsultationFee(_ClinicInfoAction):
    action_name = "action_tell_consultation_fee"

    def message(self, settings: Settings, language: str = "en") -> Dict[str, Any]:
        return {"text": describe_consultation_fee(settings, language)}


class ActionTellOffers(_ClinicInfoAction):
    action_name = "action_tell_offers"

    def message(self, settings: Settings, language: str = "en") -> Dict[str, Any]:
        return {"text": describe_offers(settings, language)}


class ActionTellPaymentOptions(_ClinicInfoAction):
    action_name = "action_tell_payment_options"

    def message(self, settings: Settings, language: str = "en") -> Dict[str, Any]:
        return {"text": describe_payment_options(settings, language)}


class ActionTellRefundPolicy(_ClinicInfoAction):
    action_name = "action_tell_refund_policy"

    def message(self, settings: Settings, language: str = "en") -> Dict[str, Any]:
        return {"text": describe_refund_policy(settings, language)}


class ActionTellAfterHoursCare(_ClinicInfoAction):
    action_name = "action_tell_after_hours_care"

    def message(self, settings: Settings, language: str = "en") -> Dict[str, Any]:
        return {"text": describe_after_hours_care(settings, language)}


class ActionTellParking(_ClinicInfoAction):
    action_name = "action_tell_parking"

    def message(self, settings: Settings, language: str = "en") -> Dict[str, Any]:
        return {"text": describe_parking(settings, language)}


class ActionTellLanguagesSpoken(_ClinicInfoAction):
    action_name = "action_tell_languages_spoken"

    def message(self, settings: Settings, language: str = "en") -> Dict[str, Any]:
        return {"text": describe_languages_spoken(settings, language)}


class ActionTellDataDeletion(_ClinicInfoAction):
    action_name = "action_tell_data_deletion"

    def message(self, settings: Settings, language: str = "en") -> Dict[str, Any]:
        return {"text": describe_data_deletion(settings, language)}


class ActionTellWhoAnswers(_ClinicInfoAction):
    action_name = "action_tell_who_answers"

    def message(self, settings: Settings, language: str = "en") -> Dict[str, Any]:
        return {"text": describe_who_answers(settings, language)}


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
        dispatcher.utter_message(text=describe_my_booking(settings, booking, now,
                                                          _language(tracker)))
        return []


def _language(tracker: Tracker) -> str:
    return language_of(tracker.get_slot("language"))


def _sentence(text: str) -> str:
    """Free text from a setting as a full sentence."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _or_list(names: tuple, word: str = "or") -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"
