"""Save intakes that finished in a conversation but never reached the clinic's tables.

When saving fails (database down), the visitor is told to call and the conversation id is
logged; the answers are still in Rasa's tracker store. `python -m bot leads recover` replays
each conversation's slots and saves every finished, consented intake that has no assessment.
"""

from __future__ import annotations

import logging
from typing import List

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot.intake.questions import CONTACT_SLOTS
from bot.intake.record import intake_record
from bot.store.leads import save_intake
from bot.store.models import Assessment
from bot.store.transcripts import conversations

logger = logging.getLogger(__name__)


def recover_intakes(tracker_engine: Engine, session_factory: sessionmaker) -> List[str]:
    """Save the missing intakes; return their conversation ids."""
    with session_factory() as session:
        saved = set(session.scalars(select(Assessment.conversation_id)).all())
    recovered = []
    for conversation in conversations(tracker_engine):
        slots = conversation.slots
        finished = slots.get("data_consent") is True and all(
            slots.get(slot) not in (None, "") or slot == "contact_email" for slot in CONTACT_SLOTS
        )
        if not finished or conversation.conversation_id in saved:
            continue
        record = intake_record(
            conversation.conversation_id, conversation.channel or "unknown", slots
        )
        save_intake(session_factory, record)
        logger.info("Recovered the intake of conversation %s", conversation.conversation_id)
        recovered.append(conversation.conversation_id)
    return recovered
