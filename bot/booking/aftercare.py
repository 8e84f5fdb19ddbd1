"""Staff mark a consultation treated (`python -m bot consultations treated C-...`, or the staff
portal calling `mark_treated`): two days after it, the person gets a text asking how their
skin is healing. Their answer comes back through the SMS channel: a red flag is escalated
and flags the lead; "fine" is recorded."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import List

from sqlalchemy.orm import sessionmaker

from bot.booking.notices import CHECKIN_AFTER, aftercare_checkin_text, staff_notify
from bot.notify.outbox import NotificationDraft
from bot.safety.red_flags import LABELS
from bot.settings import Settings
from bot.store.aftercare import CHECKIN_TOPIC, Treated, flag_red_flag
from bot.store.aftercare import mark_treated as _mark_treated
from bot.store.bookings import LeadContact


def mark_treated(session_factory: sessionmaker, settings: Settings, reference: str,
                 now: datetime | None = None) -> Treated:
    """Mark the consultation treated and queue its check-in; AftercareError if it cannot be."""

    def checkin(contact: LeadContact, due: datetime) -> List[NotificationDraft]:
        if not settings.sms.enabled:
            return []
        return [NotificationDraft("sms", CHECKIN_TOPIC, contact.phone, {
            "consultation_reference": reference.upper(), "lead_reference": contact.reference,
            "body": aftercare_checkin_text(settings, contact.language)}, not_before=due)]

    return _mark_treated(session_factory, reference, now or datetime.now(timezone.utc),
                         checkin, CHECKIN_AFTER)


# What staff read when the number that texted a red flag opted out of texts.
NOT_ANSWERED = ("none: the number opted out (STOP), so nobody answered the text. Call, do "
                "not text.")


def alert_red_flag(session_factory: sessionmaker, settings: Settings, phone: str, kind: str,
                   opted_out: bool = False) -> List[int]:
    """Flag the number's own lead `red_flag_<kind>` and queue staff's "call back now" (the
    kind, name and number, never what was written); the ids to deliver.

    A number that opted out got no reply, so staff are told even when it has no lead."""
    notify = staff_notify(settings, "red_flag", red_flag=LABELS[kind],
                          **({"reply_sent": NOT_ANSWERED} if opted_out else {}))
    return flag_red_flag(session_factory, phone, kind, notify, even_without_lead=opted_out)
