"""Web conversations may not take an id that a phone number's conversation could have.

On SMS the conversation id is the texter's E.164 number, because Twilio's signature proves it
(bot/channels/sms.py), and what that conversation holds follows from it: the lead's reference
carried over in its slots, the booking it owns. The web channels (REST, socket.io) take their
ids from the client, so a client naming "+12105550123" would continue the texter's
conversation. They refuse any id that reads as a phone number, however it is written
("12105550123", "(210) 555-0123", "tel:+1-210-555-0123", "0044 7700 900123"), not only the
exact E.164 form, so that no later normalisation of ids can bring the two together. The widget's ids
(64 random hex characters) and Rasa's own (uuid4 hex) never read as one.
"""

from __future__ import annotations

import re

import phonenumbers

from bot.booking.ownership import E164

REGION = "US"  # as bot.contact.parse_phone reads numbers written without a country code
PHONE_ID_REFUSED = (
    "the conversation id must not be a phone number: phone numbers are the ids of text-message "
    "conversations; use a random id"
)

# Digits and what people write between them; digits of any script, as phonenumbers reads them.
_PHONE_CHARACTERS = re.compile(r"(?:tel:)?[\d\s+().\-/]+", re.IGNORECASE)
# "0044 7700 900123", "011 44 7700 900123": a country code after an international prefix.
_INTERNATIONAL_PREFIXES = ("00", "011")


def reads_as_phone_number(conversation_id: str) -> bool:
    """Whether `conversation_id` is a phone number written in any usual way, E.164 or not: only
    digits and the characters written between them, read by phonenumbers as a possible number
    (a US one without a country code) or whose digits are an E.164 number without its "+"."""
    text = conversation_id.strip()
    # Only a whole id: phonenumbers also finds numbers inside text, and ids such as
    # "conv-set-0-980f85d7" are not phone numbers.
    if not _PHONE_CHARACTERS.fullmatch(text):
        return False
    try:
        if phonenumbers.is_possible_number(phonenumbers.parse(text, REGION)):
            return True
    except phonenumbers.NumberParseException:
        pass
    # "447700900123" is read as a US number and is none, but the SMS channel would name a UK
    # texter "+447700900123".
    digits = phonenumbers.normalize_digits_only(text)
    candidates = [digits] + [
        digits[len(prefix) :] for prefix in _INTERNATIONAL_PREFIXES if digits.startswith(prefix)
    ]
    return any(E164.match(f"+{candidate}") for candidate in candidates)
