"""What staff and the visitor are told about a booking. Staff get only what they need to call
back (name, contact, band, time): the full record stays in the clinic's database.

Contact details come from the database (`bot.store.bookings.LeadContact`), read by the lead's
reference inside the booking's transaction, never from the conversation's slots: a
conversation that found a booking by reference and number must not carry the owner's details.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List

from bot.booking.calendar import PREPARATION, consultation_ics
from bot.booking.slots import describe_slot
from bot.notify.outbox import NotificationDraft
from bot.settings import Settings
from bot.store.bookings import LeadContact, Notify


def when_text(starts_at: datetime, settings: Settings) -> str:
    """'Tue Dec 2, 10:30 AM (Central time)' in the clinic's time zone."""
    clinic = settings.clinic
    return f"{describe_slot(starts_at, clinic.timezone)} ({clinic.timezone_label})"


def confirmation_text(reference: str, starts_at: datetime, settings: Settings) -> str:
    clinic = settings.clinic
    return (
        f"You're booked: consultation on {when_text(starts_at, settings)} "
        f"at {clinic.name}, {clinic.address}. Reference {reference}.\n"
        f"{PREPARATION}\nTo change or cancel, tell me here or call {clinic.phone_display}."
    )


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
        lines = "\n".join(f"{key.replace('_', ' ').capitalize()}: {value}"
                          for key, value in details.items() if value not in (None, ""))
        drafts.append(NotificationDraft(
            "email", topic, config.staff_email,
            {"subject": f"[{settings.clinic.name}] {TOPIC_TITLES[topic]}: {details['name']}",
             "body": f"{lines}{_record_hint(link)}"},
        ))
    if config.webhook_url:
        drafts.append(NotificationDraft("webhook", topic, config.webhook_url, payload))
    return drafts


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
        })

    return drafts


def booking_notify(
    settings: Settings, topic: str, reference: str, starts_at: datetime
) -> Notify:
    """Staff drafts and the visitor's confirmation email for a booked or moved consultation."""
    staff = staff_notify(settings, topic, consultation=when_text(starts_at, settings),
                         consultation_reference=reference)

    def drafts(contact: LeadContact) -> List[NotificationDraft]:
        return [*staff(contact),
                *visitor_confirmation_draft(settings, contact.email, reference, starts_at)]

    return drafts


def visitor_confirmation_draft(
    settings: Settings, email: str | None, reference: str, starts_at: datetime
) -> List[NotificationDraft]:
    if not email:
        return []
    return [NotificationDraft(
        "email", "confirmation", email,
        # The reference lets the outbox skip this email if the booking is cancelled or moved
        # before it goes out.
        {"consultation_reference": reference,
         "subject": f"Your consultation at {settings.clinic.name}",
         "body": confirmation_text(reference, starts_at, settings),
         "attachments": [{"filename": "consultation.ics", "mimetype": "text/calendar",
                          "content": consultation_ics(reference, starts_at, settings)}]},
    )]


TOPIC_TITLES = {
    "booked": "New consultation booked",
    "moved": "Consultation moved",
    "cancelled": "Consultation cancelled",
    "callback": "Callback requested",
}
