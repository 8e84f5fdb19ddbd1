"""The assistant's replies as text messages, and a texter's words read back (no Rasa here).

- Buttons become numbered choices ("1) Yes  2) No  Reply 1 or 2."), and a reply of "2" (or "1
  and 3" where several answers make sense) is read as the button's payload.
- No markup: Markdown emphasis, links and HTML tags become plain text, typographic quotes and
  dashes plain ones (a single curly quote would turn the whole message into UCS-2, 70
  characters a segment instead of 160).
- A reply marked `health_details` (the self-assessment's result quotes the answers) is never
  texted: the texter is told to call instead.
- Compliance keywords (STOP, START, HELP and their kin) are a whole message, never a word in a
  sentence: "cancel my appointment" goes to the assistant.
- Segments: how many SMS parts a text costs, GSM-7 or UCS-2, as carriers count them.
- Everything this module writes itself is in English or Spanish, by the conversation's
  language. The Spanish is worded without á, í, ó, ú (é, ñ, ü, ¿ and ¡ are in GSM-7), so that
  a text costs 160 characters a segment, not 70.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Sequence

from bot.language import language_of

OPT_OUT_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "PARAR",
                           "ALTO"})
OPT_IN_WORDS = frozenset({"START", "UNSTOP", "YES"})
HELP_WORDS = frozenset({"HELP", "INFO", "AYUDA"})
# "YES" is an answer (to consent, say) unless the number has opted out.
OPT_IN_ONLY_WHEN_OPTED_OUT = frozenset({"YES"})

OPT_OUT = "opt_out"
OPT_IN = "opt_in"
HELP = "help"

MAX_BODY = 1600  # Twilio's limit for one message; longer replies go as several
FIRST_CONTACT_NOTE = "Reply STOP to opt out, HELP for help."
FIRST_CONTACT_NOTE_ES = "Responda PARAR si ya no quiere mensajes, o AYUDA si necesita ayuda."

_KEYWORD_TRIM = re.compile(r"^[\s\"'.!¡¿?]+|[\s\"'.!¡¿?]+$")


def compliance_keyword(text: str, opted_out: bool) -> str | None:
    """OPT_OUT, OPT_IN or HELP when the whole message is such a keyword, else None."""
    word = _KEYWORD_TRIM.sub("", text or "").upper()
    if word in OPT_OUT_WORDS:
        return OPT_OUT
    if word in OPT_IN_WORDS and (opted_out or word not in OPT_IN_ONLY_WHEN_OPTED_OUT):
        return OPT_IN
    if word in HELP_WORDS:
        return HELP
    return None


SPANISH_WORDS = frozenset({"PARAR", "ALTO", "AYUDA"})


def keyword_reply(text: str, keyword: str, clinic_name: str, phone_display: str,
                  language: str = "en") -> str:
    """The one answer to a compliance keyword: in Spanish for PARAR, ALTO and AYUDA, and for
    any keyword from a number whose conversation is in Spanish (`language`)."""
    spanish = (_KEYWORD_TRIM.sub("", text or "").upper() in SPANISH_WORDS
               or language_of(language) == "es")
    if keyword == OPT_OUT:
        if spanish:
            return (f"Ya no le enviaremos mensajes de {clinic_name}. Responda START para volver "
                    f"a suscribirse, o llame al {phone_display}.")
        return (f"You're unsubscribed from {clinic_name} texts and will get no more messages. "
                f"Reply START to subscribe again, or call {phone_display}.")
    if keyword == OPT_IN:
        if spanish:
            return (f"De nuevo le enviaremos mensajes de {clinic_name}. Responda AYUDA si "
                    "necesita ayuda, o PARAR si ya no quiere mensajes.")
        return (f"You're subscribed to {clinic_name} texts again. Reply HELP for help, STOP to "
                "opt out.")
    if spanish:
        return (f"{clinic_name}: respuestas sobre micro-needling y PRP para cicatrices de acné. "
                f"Llame al {phone_display}. Responda PARAR para no recibir mensajes.")
    return (f"{clinic_name}: answers about micro-needling and PRP for acne scars. Call us at "
            f"{phone_display}. Reply STOP to opt out. Msg & data rates may apply.")


def first_contact_note(language: str = "en") -> str:
    """How to opt out, at the end of the first reply to a new number."""
    return FIRST_CONTACT_NOTE_ES if language_of(language) == "es" else FIRST_CONTACT_NOTE


_ONE_NUMBER = re.compile(r"^\s*#?\s*(\d{1,2})\s*[.)]?\s*$")
_SEVERAL_NUMBERS = re.compile(r"^\s*\d{1,2}(?:\s*(?:,|&|\band\b|\by\b|\s)\s*\d{1,2})+\s*[.]?\s*$",
                              re.IGNORECASE)


def numbered_choice(text: str, buttons: Sequence[Mapping[str, Any]] | None) -> str | None:
    """The payload a reply of "2" (or "1 and 3") picks from the last reply's buttons; None
    when the text is not such a choice, so it goes to the assistant as written."""
    if not buttons:
        return None
    payloads = [str(button.get("payload") or button.get("title") or "") for button in buttons]
    one = _ONE_NUMBER.match(text or "")
    if one:
        number = int(one.group(1))
        return payloads[number - 1] if 1 <= number <= len(payloads) else None
    if not _SEVERAL_NUMBERS.match(text or ""):
        return None
    numbers = list(dict.fromkeys(int(n) for n in re.findall(r"\d{1,2}", text)))
    if not all(1 <= n <= len(payloads) for n in numbers):
        return None
    chosen = [payloads[n - 1] for n in numbers]
    # Intents ("/affirm") cannot be combined; answers in words ("ice-pick") can.
    if any(payload.startswith("/") for payload in chosen):
        return None
    return " and ".join(chosen)


def numbered_list(buttons: Sequence[Mapping[str, Any]], language: str = "en") -> str:
    """'1) Yes\\n2) No\\nReply 1 or 2.' ('Responda 1 o 2.' in Spanish)."""
    lines = [f"{i}) {plain_text(str(b.get('title') or b.get('payload') or ''))}"
             for i, b in enumerate(buttons, start=1)]
    if language_of(language) == "es":
        return "\n".join([*lines, f"Responda {_numbers_es(len(buttons))}."])
    return "\n".join([*lines, f"Reply {_numbers(len(buttons))}."])


def _numbers(count: int) -> str:
    if count == 1:
        return "1"
    if count <= 4:
        return ", ".join(str(n) for n in range(1, count)) + f" or {count}"
    return f"a number from 1 to {count}"


def _numbers_es(count: int) -> str:
    if count == 1:
        return "1"
    if count <= 4:
        return ", ".join(str(n) for n in range(1, count)) + f" o {count}"
    return f"con un número del 1 al {count}"


_LINK = re.compile(r"\[([^\]]+)\]\((\S+?)\)")
_BOLD = re.compile(r"(\*\*|__)(.+?)\1")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u2026": "...", "\u2022": "-",
})


def plain_text(text: str) -> str:
    """`text` without markup: '[the form](https://x)' -> 'the form: https://x', no ** or tags."""
    text = _LINK.sub(lambda m: m.group(2) if m.group(1) == m.group(2)
                     else f"{m.group(1)}: {m.group(2)}", text)
    text = _BOLD.sub(r"\2", text)
    text = _TAG.sub("", text).replace("`", "")
    return text.translate(_TYPOGRAPHY).strip()


def private_notice(phone_display: str, language: str = "en") -> str:
    """What a texter gets instead of a reply that would quote their health answers."""
    if language_of(language) == "es":
        return ("Ya tenemos listo su resultado y el costo estimado. Para proteger su privacidad "
                "no mando datos de salud por mensaje de texto: llame al "
                f"{phone_display} y el equipo los revisa con usted.")
    return ("Your result and cost estimate are ready. To keep your health details private I "
            f"don't send them by text: call the clinic at {phone_display} and the team will "
            "go through them with you.")


def checkin_thanks(phone_display: str, language: str = "en") -> str:
    """The answer to "fine" after the aftercare check-in."""
    if language_of(language) == "es":
        return ("Gracias, qué bueno que va sanando bien. Si el enrojecimiento se extiende, si "
                "sale pus, si tiene fiebre o algo se hincha, llame de inmediato al "
                f"{phone_display}.")
    return ("Thank you, glad it's healing well. If you notice spreading redness, pus, fever "
            f"or swelling, call us at {phone_display} right away.")


def text_only_notice(phone_display: str, language: str = "en") -> str:
    """The answer to a text with no words (a picture alone, say)."""
    if language_of(language) == "es":
        return ("Por mensaje solo puedo leer texto. Escriba su pregunta, o llame al "
                f"{phone_display}.")
    return f"I can only read text here. Please type your question, or call {phone_display}."


def apology(phone_display: str, language: str = "en") -> str:
    """The answer when answering failed on the clinic's side."""
    if language_of(language) == "es":
        return ("Perdone, tuvimos una falla de nuestro lado. Por favor llame al "
                f"{phone_display}.")
    return (f"Sorry, something went wrong on our side. Please call the clinic at "
            f"{phone_display}.")


@dataclass(frozen=True)
class Rendered:
    """The assistant's replies to one text, as message bodies, and the choices offered last."""

    bodies: List[str]
    buttons: List[Dict[str, str]] | None


def render(messages: Iterable[Mapping[str, Any]], phone_display: str,
           first_contact: bool = False, language: str = "en") -> Rendered:
    """Rasa's output for one text as SMS bodies (each within Twilio's 1,600 characters); what
    this module adds (numbered choices, the private notice, how to opt out) in `language`."""
    parts: List[str] = []
    buttons: List[Dict[str, str]] | None = None
    for message in messages:
        text = plain_text(str(message.get("text") or ""))
        if message.get("health_details"):
            text = private_notice(phone_display, language)
        offered = message.get("buttons") or message.get("quick_replies") or []
        if offered:
            buttons = [{"title": str(b.get("title") or ""), "payload": str(b.get("payload") or "")}
                       for b in offered]
            choices = numbered_list(buttons, language)
            text = f"{text}\n{choices}" if text else choices
        if text:
            parts.append(text)
    if first_contact:
        parts.append(first_contact_note(language))
    return Rendered(split_bodies("\n\n".join(parts)), buttons)


def split_bodies(text: str, limit: int = MAX_BODY) -> List[str]:
    """`text` as bodies of at most `limit` characters, cut between paragraphs or lines."""
    if not text:
        return []
    bodies: List[str] = []
    current = ""
    for piece in re.split(r"(\n\n|\n)", text):
        if len(current) + len(piece) <= limit:
            current += piece
            continue
        if current.strip():
            bodies.append(current.strip())
        current = piece if piece.strip() else ""
        while len(current) > limit:  # one paragraph longer than a message: cut at a space
            cut = current.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            bodies.append(current[:cut].strip())
            current = current[cut:]
    if current.strip():
        bodies.append(current.strip())
    return bodies


_FINE = re.compile(
    r"^(?:(?:i'?m|it'?s|its|all|doing|healing|skin(?: is|'s)?|everything(?:'s| is)?|looks?|"
    r"feels?|so far|yes|yeah|yep)\s+)*"
    r"(?:fine|good|great|ok|okay|well|better|all good|perfect|healing (?:well|fine|nicely|ok)|"
    r"no (?:problems?|issues?|complaints?))"
    r"(?:\s+(?:thanks?|thank you|thx|so far|now))*$")


# The Spanish check-in asks for BIEN; accents are dropped before matching ("si, todo bien").
_FINE_ES = re.compile(
    r"^(?:(?:si|ya|todo|va|voy|estoy|esta|sanando|la piel|mi piel|se ve|se siente|"
    r"me siento|hasta ahorita|hasta ahora|muy|bastante)\s+)*"
    r"(?:bien|bn|mejor|perfecto|excelente|de maravilla|sin problemas?|ningun problema|"
    r"todo en orden|ok|okay)"
    r"(?:\s+(?:gracias|muchas gracias|hasta ahorita|hasta ahora|por ahora))*$")


def reads_as_fine(text: str) -> bool:
    """Whether an answer to the aftercare check-in says, in a few words and in English or
    Spanish, that all is well."""
    return fine_in(text) is not None


def fine_in(text: str) -> str | None:
    """The language ("en", else "es") of an all-is-well answer to the check-in; None when the
    answer says more than that."""
    plain = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    words = " ".join(re.sub(r"[^a-z' ]+", " ", plain).split())
    if _FINE.match(words):
        return "en"
    return "es" if _FINE_ES.match(words) else None


# GSM 03.38: the basic set costs one septet a character, the extension table two.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENDED = frozenset("^{}\\[~]|€\f")


@dataclass(frozen=True)
class Segments:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    count: int  # SMS segments a carrier bills


def segments(text: str) -> Segments:
    """How many SMS segments `text` takes: 160 GSM-7 septets or 70 UCS-2 units in one, 153 or
    67 a segment once it is split (the rest is the concatenation header); an escaped GSM
    character or a surrogate pair is never cut between two segments."""
    if all(c in GSM_BASIC or c in GSM_EXTENDED for c in text):
        costs = [2 if c in GSM_EXTENDED else 1 for c in text]
        return Segments("GSM-7", sum(costs), _count(costs, 160, 153))
    costs = [2 if ord(c) > 0xFFFF else 1 for c in text]
    return Segments("UCS-2", sum(costs), _count(costs, 70, 67))


def _count(costs: List[int], single: int, per_part: int) -> int:
    total = sum(costs)
    if total == 0:
        return 0
    if total <= single:
        return 1
    count, used = 1, 0
    for cost in costs:
        if used + cost > per_part:
            count, used = count + 1, 0
        used += cost
    return max(count, math.ceil(total / per_part))
