"""What staff and the visitor are told about a booking. Staff get only what they need to call
back (name, contact, band, time): the full record stays in the clinic's database."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List

from actions.booking.slots import describe_slot
from bot.notify.calendar import PREPARATION, consultation_ics
from bot.settings import Settings
from bot.store.bookings import NotificationDraft


def confirmation_text(reference: str, starts_at: datetime, settings: Settings) -> str:
    clinic = settings.clinic
    return (
        f"You're booked: consultation on {describe_slot(starts_at, clinic.timezone)} "
        f"(Central time) at {clinic.name}, {clinic.address}. Reference {reference}.\n"
        f"{PREPARATION}\nTo change or cancel, tell me here or call {clinic.phone_display}."
    )


def staff_drafts(
    settings: Settings, topic: str, details: Dict[str, Any]
) -> List[NotificationDraft]:
    """Email and webhook drafts for staff; `details` holds only call-back essentials."""
    payload = {"event": topic, "sent_at": datetime.now(timezone.utc).isoformat(), **details}
    drafts = []
    config = settings.notifications
    if config.staff_email:
        lines = "\n".join(f"{key.replace('_', ' ').capitalize()}: {value}"
                          for key, value in details.items() if value not in (None, ""))
        drafts.append(NotificationDraft(
            "email", topic, config.staff_email,
            {"subject": f"[{settings.clinic.name}] {TOPIC_TITLES[topic]}: {details['name']}",
             "body": f"{lines}\n\nThe full record is in the staff portal."},
        ))
    if config.webhook_url:
        drafts.append(NotificationDraft("webhook", topic, config.webhook_url, payload))
    return drafts


def visitor_confirmation_draft(
    settings: Settings, email: str | None, reference: str, starts_at: datetime
) -> List[NotificationDraft]:
    if not email:
        return []
    return [NotificationDraft(
        "email", "confirmation", email,
        {"subject": f"Your consultation at {settings.clinic.name}",
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
