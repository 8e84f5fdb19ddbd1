"""Read a wished-for time the way a visitor writes it ("next Tuesday afternoon", "11 works for
me", "anything after 4?", "the 5th of next month, mornings", "Friday around noon") as an exact
time or a window in the clinic's time zone, or a slot button's exact start.

A time with no day ("11 is good", "something after 4pm") means the day of the slots just
offered, or today; it comes back `flexible`, so the caller may look for the same time on the
next days when that day has nothing free.

Spanish is read too, with or without accents ("el martes en la tarde", "mañana a las 3",
"el viernes a las 10 de la mañana", "pasado mañana", "la próxima semana", "el 12 de
diciembre"): its words are put into the English ones above before reading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Tuple
from zoneinfo import ZoneInfo

import dateparser
from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]

PARTS_OF_DAY = {
    "morning": (time(0), time(12)),
    "afternoon": (time(12), time(17)),
    "evening": (time(17), time(23, 59)),
}
_PART = re.compile(r"\b(morning|afternoon|evening)s?\b", re.IGNORECASE)
_AFTER_LUNCH = re.compile(r"\bafter lunch\b", re.IGNORECASE)
# A bare hour below this ("at 3", "after 4") means the afternoon: the clinic isn't open at 3 AM.
FIRST_MORNING_HOUR = 8
# "at 10" is a time, not October; "10:30", "4pm", "noon", "after 4", "around 11" are times too.
# A number alone ("dec 4", "the 3rd") is not: it needs a word before it, minutes or am/pm.
_TIME = re.compile(
    r"\b(?:(?P<prefix>after|from|before|around|about|at)\s+)?"
    r"(?P<clock>noon|midday|(?P<hour>\d{1,2})(?!\d)(?::(?P<minute>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?)",
    re.IGNORECASE,
)
AROUND = timedelta(hours=1)  # "around noon": 11:00 to 13:00
# dateparser reads "tuesday" as the coming one, but not "next tuesday" or "this tuesday".
# ("month" is no Monday.)
_DAY_NAME = r"(mon|tues?|wed(nes)?|thu(rs?)?|fri|sat(ur)?|sun)(day)?\b"
_WEEKDAY_PREFIX = re.compile(rf"\b(next week|next|this|coming)\s+(?={_DAY_NAME})",
                             re.IGNORECASE)
_WEEKDAY = re.compile(rf"\b{_DAY_NAME}", re.IGNORECASE)
# "the 5th", "5th of next month": dateparser reads these as May, or the 25th of next month.
_DAY_OF_MONTH = re.compile(
    r"^(?:the\s+)?(?P<day>\d{1,2})(?P<suffix>st|nd|rd|th)?"
    r"(?:\s+of\s+(?P<which>this|next)\s+month)?$",
    re.IGNORECASE,
)
# "this morning" and "tonight" are today; dateparser reads neither.
_THIS_PART = re.compile(r"\bthis (?=(morning|afternoon|evening)\b)", re.IGNORECASE)
_TONIGHT = re.compile(r"\btonight\b", re.IGNORECASE)
_FILLER = re.compile(
    r"\b(can i|could i|i'd like|i would like|how about|what about|do you have|is there|"
    r"i can do|i can make it|let'?s do|let'?s say|would be|sounds|suits me|"
    r"any ?time|anything|something|please|come in|book|on|in the|the|works?|for me|ok|"
    r"okay|fine|good|great|perfect|is|free|maybe|then|that)\b",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"\d{1,2}")


@dataclass(frozen=True)
class Wish:
    """An exact start time, or a local window to look for free slots in.

    `flexible`: no day was named, so the same time on a later day is what the visitor means
    when this one has nothing free.
    """

    exact: datetime | None  # tz-aware, clinic time
    window_start: datetime
    window_end: datetime
    flexible: bool = False

    def on(self, day: date) -> Wish:
        """The same wall-clock time or window on another day (a daylight-saving change moves
        nothing: 11:00 stays 11:00)."""
        shift = day - self.window_start.date()

        def moved(moment: datetime) -> datetime:
            return datetime.combine(moment.date() + shift, moment.time(), tzinfo=moment.tzinfo)

        return Wish(None if self.exact is None else moved(self.exact),
                    moved(self.window_start), moved(self.window_end), self.flexible)


@dataclass(frozen=True)
class _Clock:
    prefix: str  # "at" for an exact time, else after / from / before / around / about
    hour: int
    minute: int
    meridiem: str | None  # "a", "p", or None when the visitor gave neither


def read_wish(
    text: str, zone: ZoneInfo, now: datetime, offered_day: date | None = None,
) -> Wish | None:
    """The time or window the visitor means, in the clinic's zone; None if there's no day or
    time in it.

    `offered_day` is the day of the slots just offered: a time without a day ("11 works for
    me") is on that day, or today when nothing was offered (tomorrow once it has passed today).
    A named time already past ("yesterday at 2") is returned as it is, for the caller to refuse.
    """
    local_now = now.astimezone(zone)
    text = _spanish_as_english(text)
    ahead = _FROM_NOW.search(text)
    if ahead:  # "about 3 months from now", "in 2 weeks": dateparser reads only some of these
        text = text[:ahead.start()] + " " + text[ahead.end():]
    text = _TONIGHT.sub("today evening", _THIS_PART.sub("today ", text))
    text = _AFTER_LUNCH.sub("afternoon", text)
    clock, text = _take_clock(text)
    part_match = _PART.search(text)
    part = part_match.group(1).lower() if part_match else None
    day_text = _FILLER.sub(" ", _PART.sub(" ", text))
    day_text = re.sub(r"\bat\b", " ", day_text, flags=re.IGNORECASE)
    day_text = re.sub(r"\s+", " ", day_text).strip(" ,.?!")
    if clock is None and _BARE_NUMBER.fullmatch(day_text) and int(day_text) <= 23:
        clock, day_text = _Clock("at", int(day_text), 0, None), ""  # "11 works for me"
    if ahead:
        return _wish_on(_day_ahead(ahead, local_now.date()), clock, part, zone, flexible=False)
    if day_text:
        day = _read_day(day_text, local_now)
        if day is None:
            return None
        return _wish_on(day, clock, part, zone, flexible=False)
    if clock is None and part is None:
        return None
    today = local_now.date()
    day = max(offered_day, today) if offered_day is not None else today
    wish = _wish_on(day, clock, part, zone, flexible=True)
    if wish.window_end <= local_now or (wish.exact is not None and wish.exact < local_now):
        wish = wish.on(day + timedelta(days=1))
    return wish


def _take_clock(text: str) -> Tuple[_Clock | None, str]:
    """The first time of day in the text ("at 3", "10:30", "after 4pm", "noon"), and the text
    without it."""
    for match in _TIME.finditer(text):
        prefix = (match["prefix"] or "at").lower()
        if match["hour"] is None:
            clock = _Clock(prefix, 12, 0, "p")
        else:
            if not (match["prefix"] or match["minute"] or match["ampm"]):
                continue  # "dec 4", "the 3rd": a number that's part of a date
            hour, minute = int(match["hour"]), int(match["minute"] or 0)
            meridiem = match["ampm"].lower() if match["ampm"] else None
            if hour > (12 if meridiem else 23) or minute > 59:
                continue
            clock = _Clock(prefix, hour, minute, meridiem)
        return clock, f"{text[:match.start()]} {text[match.end():]}"
    return None, text


def _clock_time(clock: _Clock, part: str | None) -> time:
    hour = clock.hour
    if clock.meridiem == "p" and hour < 12:
        hour += 12
    elif clock.meridiem == "a" and hour == 12:
        hour = 0
    elif clock.meridiem is None and 0 < hour < 12 and (
            part in ("afternoon", "evening") or hour < FIRST_MORNING_HOUR):
        hour += 12
    return time(hour, clock.minute)


def _wish_on(
    day: date, clock: _Clock | None, part: str | None, zone: ZoneInfo, flexible: bool,
) -> Wish:
    def at(moment: time, on: date = day) -> datetime:
        return datetime.combine(on, moment, tzinfo=zone)

    midnight, next_midnight = at(time(0)), at(time(0), day + timedelta(days=1))
    if clock is not None:
        start = at(_clock_time(clock, part))
        if clock.prefix in ("after", "from"):  # "anything after 4?": 16:00 to closing
            return Wish(None, start, next_midnight, flexible)
        if clock.prefix == "before":
            return Wish(None, midnight, start, flexible)
        if clock.prefix in ("around", "about"):  # "around noon": 11:00 to 13:00
            wall = datetime.combine(day, start.time())
            return Wish(None, (wall - AROUND).replace(tzinfo=zone),
                        (wall + AROUND).replace(tzinfo=zone), flexible)
        return Wish(start, start, start + timedelta(minutes=1), flexible)
    if part is not None:
        opens, closes = PARTS_OF_DAY[part]
        return Wish(None, at(opens), at(closes), flexible)
    return Wish(None, midnight, next_midnight, flexible)


_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "couple of": 2, "a couple of": 2, "few": 3, "a few": 3}
_FROM_NOW = re.compile(
    r"(?:\bin\s+)?(?:about\s+|around\s+|roughly\s+|like\s+)?\b(?P<count>\d{1,2}|a couple of|"
    r"couple of|a few|few|an?|one|two|three|four|five|six)\s+(?P<unit>day|week|month)s?"
    r"(?:\s+from\s+now|\s+(?:time|out))?\b(?!\s+ago)", re.IGNORECASE)


def _day_ahead(ahead: re.Match, today: date) -> date:
    count = _COUNT_WORDS.get(ahead["count"].lower()) or int(ahead["count"])
    unit = ahead["unit"].lower()
    if unit == "month":
        return today + relativedelta(months=count)
    return today + timedelta(days=count * (7 if unit == "week" else 1))


def _read_day(text: str, local_now: datetime) -> date | None:
    """The day a visitor named ("friday", "next tuesday", "the 5th of next month", "dec 3")."""
    today = local_now.date()
    text = _WEEKDAY_PREFIX.sub("", text).strip()
    of_month = _DAY_OF_MONTH.match(text)
    if of_month and (of_month["suffix"] or of_month["which"] or text.lower().startswith("the")):
        return _day_of_month(int(of_month["day"]), of_month["which"], today)
    base = local_now.replace(tzinfo=None)
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": base,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DAY_OF_MONTH": "first",
    }
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        # Spanish only when English reads nothing, so that no English date changes meaning;
        # and only a date near enough to be meant ("11 a 20" is no day in 2037).
        spanish = dateparser.parse(text, languages=["es"], settings=settings)
        if spanish is not None and abs(spanish - base) <= PLAUSIBLE:
            parsed = spanish
    if parsed is None:
        return None
    if parsed.date() < today and _WEEKDAY.search(text):
        return parsed.date() + timedelta(days=7)  # "Tuesday" said on a Wednesday: next week
    return parsed.date()


def _day_of_month(day: int, which: str | None, today: date) -> date | None:
    """The `day`th of this month or the next: of the next when asked, or when it has passed."""
    this_month = today.replace(day=1)
    next_month = (this_month + timedelta(days=32)).replace(day=1)
    month = next_month if which == "next" else this_month
    try:
        found = month.replace(day=day)
    except ValueError:
        return None  # "the 31st of next month" in a 30-day month
    if which is None and found < today:
        try:
            found = next_month.replace(day=day)
        except ValueError:
            return None
    return found


# No button was ever offered further from now than this: anything beyond is not a slot.
PLAUSIBLE = timedelta(days=366)


def exact_wish(value: Any, zone: ZoneInfo, now: datetime) -> Wish | None:
    """A button's exact start, or None when the payload isn't a plausible time with a zone."""
    if not isinstance(value, str):
        return None
    try:
        start = datetime.fromisoformat(value)
        if start.tzinfo is None or abs(start - now) > PLAUSIBLE:
            return None
        start = start.astimezone(zone)
        return Wish(start, start, start + timedelta(minutes=1))
    except (ValueError, OverflowError):  # garbage, or a year-1 date beyond the zone's range
        return None


_WEEKDAYS_ES = {"lunes": "monday", "martes": "tuesday", "miercoles": "wednesday",
                "jueves": "thursday", "viernes": "friday", "sabado": "saturday",
                "domingo": "sunday"}
_MONTHS_ES = {"enero": "january", "febrero": "february", "marzo": "march", "abril": "april",
              "mayo": "may", "junio": "june", "julio": "july", "agosto": "august",
              "septiembre": "september", "setiembre": "september", "octubre": "october",
              "noviembre": "november", "diciembre": "december"}
_NUMBERS_ES = {"un": "a", "una": "a", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4",
               "cinco": "5", "seis": "6", "siete": "7", "ocho": "8", "nueve": "9",
               "diez": "10", "once": "11", "doce": "12"}
_HOURS_ES = {"una": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5", "seis": "6",
             "siete": "7", "ocho": "8", "nueve": "9", "diez": "10", "once": "11", "doce": "12"}
_DAY_ES = "|".join(_WEEKDAYS_ES)
_MONTH_ES = "|".join(_MONTHS_ES)
# (pattern on the lower-case text without accents, English words read_wish knows), in order.
_SPANISH: Tuple[Tuple[str, str], ...] = (
    (r"\b(\d{1,2}|primero) de (" + _MONTH_ES + r")(?: de (\d{4}))?\b", r"\2 \1 \3"),
    (r"\b(" + _MONTH_ES + r")\b", r"\1"),
    (rf"\b(?:el |este )?(?:proximo|siguiente) ({_DAY_ES})\b|"
     rf"\b(?:el )?({_DAY_ES}) (?:que viene|proximo|de la (?:proxima|otra) semana|"
     rf"de la semana que viene)\b", r"next \1\2"),
    (rf"\beste ({_DAY_ES})\b", r"this \1"),
    (rf"\b(?:el|los) ({_DAY_ES})\b", r"\1"),
    (r"\b(?:la )?(?:proxima semana|semana que viene|otra semana|siguiente semana)\b",
     "next week"),
    (r"(?<=\d)\s*([ap])\.?\s?m\b\.?", r" \1m"),  # "10:00 a. m."
    # An hour in words: "a las diez", "a la una", "como a las tres y media".
    (rf"(?<=\blas )({'|'.join(_HOURS_ES)})\b|(?<=\bla )(una)\b", "<hour>"),
    (r"\b(\d{1,2}) y media\b", r"\1:30"),
    (r"\b(\d{1,2}) y cuarto\b", r"\1:15"),
    (r"\bmas tarde\b|\bentre semana\b", " "),
    (r"\b(?:como a|a eso de|tipo a|como) (?:las |la )?(?=\d)", "around "),
    (r"\b(?:despues|luego) de (?:las |la )?(?=\d)", "after "),
    (r"\bantes de (?:las |la )?(?=\d)", "before "),
    (r"\b(?:desde|a partir de) (?:las |la )?(?=\d)", "from "),
    (r"\ba (?:las |la )(?=\d)", "at "),
    (r"\b(?:a|al|como al) medio ?dia\b|\bmedio ?dia\b", "noon"),
    (r"(?<=\d) (?:de la (?:tarde|noche)|p ?m)\b", " pm"),
    (r"(?<=\d) (?:de la manana|a ?m)\b", " am"),
    (r"\b(?:despues de (?:comer|la comida|almorzar|el almuerzo|del almuerzo))\b",
     "after lunch"),
    (r"\bpasado manana\b", "day after tomorrow"),
    (r"\besta manana\b", "this morning"),
    (r"\besta tarde\b", "this afternoon"),
    (r"\besta noche\b", "tonight"),
    (r"\b(?:en|por|de) la manana\b|\b(?:en|por) las mananas\b|\btemprano\b", "morning"),
    (r"\b(?:en|por|de) la tarde\b|\b(?:en|por) las tardes\b", "afternoon"),
    (r"\b(?:en|por|de) la noche\b", "evening"),
    (r"\b(?:en la |por la )?mananita\b|\btempranito\b", "morning"),
    (r"\btarde\b", "afternoon"),  # "jueves tarde"
    (r"\bmanana\b", "tomorrow"),
    (r"\bhoy\b", "today"),
    (r"\bayer\b", "yesterday"),
    (rf"\b({'|'.join(_NUMBERS_ES)})\b(?= (?:dias?|semanas?|mes(?:es)?)\b)",
     "<number>"),
    (r"\b(?:dentro de|en) (?=(?:\d{1,2}|a) (?:dias?|semanas?|mes(?:es)?)\b)", "in "),
    (r"\bdias\b", "days"),
    (r"\bdia\b", "day"),
    (r"\bsemanas\b", "weeks"),
    (r"\bsemana\b", "week"),
    (r"\bmeses\b", "months"),
    (r"\bmes\b", "month"),
    (r"\bmas o menos\b", "about"),
    (rf"\b({_DAY_ES})\b", "<weekday>"),
    # What is left around a day and a time: "¿puedo el martes?", "me queda bien a las 3".
    (r"\b(?:puedo|podria|podemos|me gustaria|quisiera|quiero|hay algo|tiene algo|tienen algo|"
     r"hay|tiene|tienen|algo|alguna?|cita|espacio|lugar|disponible|para|el|la|las|los|de|del|"
     r"que|en|por favor|favor|si|esta|bien|me|queda|funciona|perfecto|mejor|pues|entonces|"
     r"ok|okey|sale|va|seria|esta bien|cualquier hora|a cualquier hora|y|o)\b|"
     r"\ba\b(?! (?:days?|weeks?|months?)\b)", " "),
)
_SPANISH_PATTERNS = [(re.compile(pattern), english) for pattern, english in _SPANISH]
_SPANISH_CUE = re.compile(
    rf"\b(?:{_DAY_ES}|{_MONTH_ES}|manana|hoy|ayer|tarde|noche|semana|proxima|proximo|"
    r"pasado|las|la|el|despues|antes|medio ?dia|dentro|dias|semanas|meses)\b")


def _fold(text: str) -> str:
    return "".join(part for part in unicodedata.normalize("NFKD", text.lower())
                   if not unicodedata.combining(part))


def _spanish_as_english(text: str) -> str:
    """Spanish days and times in the English words read_wish reads; English as it is."""
    folded = _fold(text)
    if not _SPANISH_CUE.search(folded):
        return text
    folded = re.sub(r"[\u00bf\u00a1]", " ", folded).replace("primero de", "1 de")
    for pattern, english in _SPANISH_PATTERNS:
        if english == "<number>":
            folded = pattern.sub(lambda match: _NUMBERS_ES[match[1]], folded)
        elif english == "<hour>":
            folded = pattern.sub(lambda match: _HOURS_ES[match[1] or match[2]], folded)
        elif english == "<weekday>":
            folded = pattern.sub(lambda match: _WEEKDAYS_ES[match[1]], folded)
        else:
            folded = pattern.sub(english, folded)
    for spanish, english in _MONTHS_ES.items():
        folded = re.sub(rf"\b{spanish}\b", english, folded)
    # Only the words of a day and a time are kept: what is around them ("se puede?", "ya te
    # dije", "cambiamela pal...", "por ejemplo") says nothing about when.
    return " ".join(word for word in _WORDS_KEPT.findall(folded)
                    if word in _ENGLISH_KEPT or word[0].isdigit())


_WORDS_KEPT = re.compile(r"\d{1,2}:\d{2}|\w+")
_ENGLISH_KEPT = frozenset({
    *_WEEKDAYS_ES.values(), *_MONTHS_ES.values(), "next", "this", "week", "weeks", "day",
    "days", "month", "months", "tomorrow", "today", "yesterday", "after", "before", "around",
    "about", "from", "at", "in", "a", "morning", "afternoon", "evening", "noon", "tonight",
    "am", "pm", "lunch",
})
