"""What staff and the visitor are told about a booking. Staff get only what they need to call
back (name, contact, band, time): the full record stays in the clinic's database.

Contact details come from the database (`bot.store.bookings.LeadContact`), read by the lead's
reference inside the booking's transaction, never from the conversation's slots: a
conversation that found a booking by reference and number must not carry the owner's details.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import Any, Dict, List

from babel.dates import format_date

from bot.booking.calendar import consultation_ics, is_soon, preparation
from bot.booking.schedule import when_said
from bot.language import language_of
from bot.notify.outbox import NotificationDraft
from bot.opening_hours import at_clock, zone_label
from bot.settings import Settings
from bot.store.bookings import LeadContact, Notify


def when_text(starts_at: datetime, settings: Settings, language: str = "en") -> str:
    """'Tue Dec 2, 10:30 AM (Central time)' in the clinic's time zone; in Spanish 'martes 2 de
    diciembre a las 10:30 a. m. (hora del centro)'."""
    return when_said(starts_at, settings, language_of(language))


def texted_when(starts_at: datetime, settings: Settings, language: str = "en") -> str:
    """`when_text` for a text message: in Spanish '2 de diciembre a las 10:30 a. m. (hora del
    centro)', without the weekday, since "sábado" alone would make the whole text UCS-2 (70
    characters a segment instead of 160)."""
    if language_of(language) != "es":
        return when_text(starts_at, settings)
    clinic = settings.clinic
    local = starts_at.astimezone(clinic.timezone)
    return (f"{format_date(local.date(), DAY_AND_MONTH, locale='es')} "
            f"{at_clock(local.time(), 'es')} ({zone_label(clinic.timezone_label, 'es')})")


DAY_AND_MONTH = "d 'de' MMMM"


def confirmation_text(reference: str, starts_at: datetime, settings: Settings,
                      texted: bool = False, language: str = "en",
                      now: datetime | None = None) -> str:
    """The booking's confirmation in `language`. `texted` for SMS: within 3 segments, so the
    preparation is the short one (the chat and the email carry it in full), and it says which
    sentence to send to move or cancel, since a bare "cancel" would opt out. `now` (default:
    the current time) tells whether the preparation's "3 days before" has passed."""
    clinic = settings.clinic
    phone = clinic.phone_display
    soon = is_soon(starts_at, now or datetime.now(timezone.utc))
    if language_of(language) == "es":
        if texted:
            return (f"Listo, su consulta es el {texted_when(starts_at, settings, 'es')} en "
                    f"{clinic.name}, {clinic.address}. Referencia {reference}.\n"
                    f"{short_preparation('es', soon)}\n"
                    f"{CHANGE_BY_TEXT_ES.format(phone=phone)}")
        return (f"Listo, su consulta quedó para el {when_text(starts_at, settings, 'es')} en "
                f"{clinic.name}, {clinic.address}. Referencia {reference}.\n"
                f"{preparation('es', soon)}\nPara cambiarla o cancelarla, dígamelo aquí o llame al "
                f"{phone}.")
    booked = (f"You're booked: consultation on {when_text(starts_at, settings)} "
              f"at {clinic.name}, {clinic.address}. Reference {reference}.\n")
    if texted:
        return f"{booked}{short_preparation('en', soon)}\n{CHANGE_BY_TEXT.format(phone=phone)}"
    return f"{booked}{preparation('en', soon)}\nTo change or cancel, tell me here or call {phone}."


# By text, "cancel" alone is the carriers' opt-out keyword: the sentence is what to send.
CHANGE_BY_TEXT = ('To move or cancel it, text "move my appointment" or "cancel my '
                  'appointment", or call {phone}.')
# Spanish texts are worded without á, í, ó, ú (é, ñ, ü, ¿ and ¡ are GSM-7), so that they
# cost 160 characters a segment, not 70.
CHANGE_BY_TEXT_ES = ('Para cambiarla o cancelarla, escriba "cambiar mi cita" o "cancelar mi '
                     'cita", o llame al {phone}.')
_SHORT_PREPARATION = ("{when}, stop retinoids and exfoliating acids; don't stop prescribed "
                      "medicines without asking your doctor, but tell us about them; come "
                      "with clean skin, no make-up.")
_SHORT_PREPARATION_ES = ("{when} deje los retinoides y exfoliantes; siga con sus medicinas "
                         "recetadas y déjenos saber qué toma; venga con la piel limpia, sin "
                         "maquillaje.")


def short_preparation(language: str = "en", soon: bool = False) -> str:
    """The preparation for a text; "72 horas" in Spanish, since "días" would make the whole
    text UCS-2."""
    if language_of(language) == "es":
        return _SHORT_PREPARATION_ES.format(when="Desde hoy" if soon else "72 horas antes")
    return _SHORT_PREPARATION.format(when="From today" if soon else "3 days before")
REMINDER_AT = time(10, 0)  # the day before, clinic time (the quiet hours may hold it longer)
CHECKIN_AFTER = timedelta(days=2)


def reminder_text(reference: str, starts_at: datetime, settings: Settings,
                  language: str = "en") -> str:
    """The text sent the day before the consultation, in `language`."""
    clinic = settings.clinic
    if language_of(language) == "es":
        return (f"Recordatorio de {clinic.name}: su consulta es mañana, "
                f"{texted_when(starts_at, settings, 'es')}, en {clinic.address}. "
                f"Referencia {reference}. " + CHANGE_BY_TEXT_ES.format(phone=clinic.phone_display))
    return (f"Reminder from {clinic.name}: your consultation is tomorrow, "
            f"{when_text(starts_at, settings)}, at {clinic.address}. Reference {reference}. "
            + CHANGE_BY_TEXT.format(phone=clinic.phone_display))


def aftercare_checkin_text(settings: Settings, language: str = "en") -> str:
    """Two days after a treatment: how is it healing? Asks nothing a text should carry back
    beyond fine or not, and says what to do at once if it is not; in `language`."""
    clinic = settings.clinic
    if language_of(language) == "es":
        return (f"Hola, le escribimos de {clinic.name}: ¿qué tal va sanando su piel después "
                "del tratamiento? Responda BIEN si todo va bien, o cuéntenos qué nota. Si el "
                "enrojecimiento se extiende, si sale pus, si tiene fiebre o se le hinchan los "
                f"labios o la garganta, llame ahorita al {clinic.phone_display}, o al 911 si "
                "le cuesta respirar.")
    return (f"Hi from {clinic.name}: how is your skin healing since your treatment? Reply "
            "FINE if all is well, or tell us what you notice. Spreading redness, pus, fever "
            f"or swelling of the lips or throat: call us now at {clinic.phone_display}, or "
            "911 if breathing is hard.")


def texted_booking_drafts(
    settings: Settings, contact: LeadContact, reference: str, starts_at: datetime,
    now: datetime, confirm: bool = True, language: str | None = None,
) -> List[NotificationDraft]:
    """The visitor's texts about a booking, in `language` (else the lead's): a confirmation
    (unless the booking was made by text, where the reply confirms it) and a reminder at 10 AM
    the day before (none when that has passed). The outbox checks consent, opt-out and quiet
    hours when each is due."""
    if not settings.sms.enabled:
        return []
    language = language_of(language or contact.language)
    common = {"consultation_reference": reference, "lead_reference": contact.reference}
    drafts = []
    if confirm:
        drafts.append(NotificationDraft("sms", "confirmation", contact.phone, {
            **common, "body": confirmation_text(reference, starts_at, settings, texted=True,
                                                language=language)}))
    zone = settings.clinic.timezone
    day_before = starts_at.astimezone(zone).date() - timedelta(days=1)
    remind_at = datetime.combine(day_before, REMINDER_AT, tzinfo=zone).astimezone(timezone.utc)
    if remind_at > now:
        drafts.append(NotificationDraft("sms", "reminder", contact.phone, {
            **common, "body": reminder_text(reference, starts_at, settings, language)},
            not_before=remind_at))
    return drafts


def staff_drafts(
    settings: Settings, topic: str, details: Dict[str, Any]
) -> List[NotificationDraft]:
    """Email and webhook drafts for staff; `details` holds only call-back essentials."""
    link = lead_url(settings, details.get("lead_reference"))
    payload = {"event": topic, "sent_at": datetime.now(timezone.utc).isoformat(), **details,
               **({"lead_url": link} if link else {})}
    drafts = []
    config = settings.notifications
    if config.staff_email:
        spanish = details.get("language") == "es"
        lines = "\n".join(
            [*(["Prefers Spanish: please call back in Spanish."] if spanish else []),
             *(f"{key.replace('_', ' ').capitalize()}: {_shown(key, value)}"
               for key, value in details.items() if value not in (None, ""))])
        drafts.append(NotificationDraft(
            "email", topic, config.staff_email,
            {"subject": f"[{settings.clinic.name}] {TOPIC_TITLES[topic]}: {details['name']}"
                        + (" (prefers Spanish)" if spanish else ""),
             "body": f"{lines}{_record_hint(link)}"},
        ))
    if config.webhook_url:
        drafts.append(NotificationDraft("webhook", topic, config.webhook_url, payload))
    return drafts


LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


def _shown(key: str, value: Any) -> Any:
    return LANGUAGE_NAMES.get(value, value) if key == "language" else value


def lead_url(settings: Settings, reference: str | None) -> str | None:
    """The lead's page in the staff portal (WEB_BASE_URL), where staff sign in to see it."""
    return f"{settings.web.base_url}/staff/leads/{reference}" if reference else None


def _record_hint(link: str | None) -> str:
    if not link:
        return ""
    return f"\n\nThe full record (answers, consent, conversation, notes): {link}"


def staff_notify(settings: Settings, topic: str, **extra: Any) -> Notify:
    """Staff drafts built from the lead's stored contact details, plus `extra` (the time,
    the consultation reference)."""

    def drafts(contact: LeadContact) -> List[NotificationDraft]:
        return staff_drafts(settings, topic, {
            "name": contact.name, "phone": contact.phone, "email": contact.email,
            **extra, "severity_band": contact.band, "lead_reference": contact.reference,
            "language": contact.language,
        })

    return drafts


def booking_notify(
    settings: Settings, topic: str, reference: str, starts_at: datetime,
    booked_by_text: bool = False, language: str | None = None,
) -> Notify:
    """Staff drafts, the visitor's confirmation email, and (with SMS on) the visitor's texts
    for a booked or moved consultation. The visitor's are in `language` (the conversation's,
    when a conversation books) or else the lead's; staff's stay in English."""
    staff = staff_notify(settings, topic, consultation=when_text(starts_at, settings),
                         consultation_reference=reference)

    def drafts(contact: LeadContact) -> List[NotificationDraft]:
        visitor = language_of(language or contact.language)
        return [*staff(contact),
                *visitor_confirmation_draft(settings, contact.email, reference, starts_at,
                                            visitor),
                *texted_booking_drafts(settings, contact, reference, starts_at,
                                       datetime.now(timezone.utc), confirm=not booked_by_text,
                                       language=visitor)]

    return drafts


def visitor_confirmation_draft(
    settings: Settings, email: str | None, reference: str, starts_at: datetime,
    language: str = "en",
) -> List[NotificationDraft]:
    """The visitor's confirmation email with the .ics attached, in `language`."""
    if not email:
        return []
    spanish = language_of(language) == "es"
    return [NotificationDraft(
        "email", "confirmation", email,
        # The reference lets the outbox skip this email if the booking is cancelled or moved
        # before it goes out.
        {"consultation_reference": reference,
         "subject": (f"Su consulta en {settings.clinic.name}" if spanish
                     else f"Your consultation at {settings.clinic.name}"),
         "body": confirmation_text(reference, starts_at, settings, language=language),
         "attachments": [{"filename": "consultation.ics", "mimetype": "text/calendar",
                          "content": consultation_ics(reference, starts_at, settings,
                                                      language)}]},
    )]


TOPIC_TITLES = {
    "booked": "New consultation booked",
    "moved": "Consultation moved",
    "cancelled": "Consultation cancelled",
    "callback": "Callback requested",
    "red_flag": "Red flag reported by text: call back now",
}
