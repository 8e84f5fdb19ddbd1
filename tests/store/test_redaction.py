"""A declined intake leaves no answers or contact details in Rasa's tracker store."""

from __future__ import annotations

import asyncio
import json

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text

from bot.settings import PROJECT_ROOT
from bot.store.transcripts import REDACTED, redact_since


def test_redaction_blanks_the_intake_in_rasas_own_events_table(database_url, engine):
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    store = SQLTrackerStore(domain, host=database_url)  # as endpoints.yml passes DATABASE_URL
    tracker = DialogueStateTracker("visitor-1", domain.slots)
    tracker.update(UserUttered("how much is it?", timestamp=1.0))
    tracker.update(BotUttered("Micro-needling is $350 a session.", timestamp=2.0))
    tracker.update(ActionExecuted("action_reset_intake", timestamp=3.0))
    tracker.update(UserUttered("ice pick and rolling, I'm on warfarin", timestamp=4.0))
    tracker.update(SlotSet("scar_types", ["icepick", "rolling"], timestamp=4.1))
    tracker.update(SlotSet("bleeding_risk", "yes", timestamp=4.2))
    tracker.update(BotUttered("Your result: severe scarring", timestamp=5.0))
    asyncio.run(store.save(tracker))

    changed = redact_since(engine, "visitor-1", 3.0, ["scar_types", "bleeding_risk"])

    assert changed == 4  # the answer, its two slots and the result; not the reset itself
    with engine.connect() as connection:
        rows = [json.loads(data) for (data,) in connection.execute(
            text("SELECT data FROM events WHERE sender_id = 'visitor-1' ORDER BY id"))]
    stored = json.dumps(rows)
    assert "warfarin" not in stored and "severe" not in stored and "icepick" not in stored
    assert rows[0]["text"] == "how much is it?"  # what came before the intake stays
    assert rows[3]["text"] == REDACTED
    # Rasa still reads the conversation, with the same number of events, and appends to it.
    again = asyncio.run(store.retrieve("visitor-1"))
    assert again.get_slot("scar_types") is None and len(again.events) == len(tracker.events)
    again.update(UserUttered("thanks", timestamp=6.0))
    asyncio.run(store.save(again))
    with engine.connect() as connection:
        count = connection.execute(
            text("SELECT count(*) FROM events WHERE sender_id = 'visitor-1'")).scalar()
    assert count == len(tracker.events) + 1
