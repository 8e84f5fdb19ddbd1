"""One typed settings object, read once from `.env` (python-dotenv) and the environment.

Everything a clinic changes without retraining lives here: its name, phone, address, hours,
prices, financing partners and booking mode. A missing or malformed setting stops the start
with a message that names it, instead of a bot that quotes a blank price.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, FrozenSet, Mapping, Tuple, TypeVar, overload
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from dotenv import dotenv_values

from bot.notify.webhook import webhook_url_problem
from bot.opening_hours import OpeningHours, OpeningHoursError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ENV_FILE = PROJECT_ROOT / ".env"
BOOKING_MODES = ("slots", "link", "callback")
DEFAULT_WEB_PORT = 8000
WIDGET_POSITIONS = ("right", "left")


def local_origins(web_port: int) -> Tuple[str, ...]:
    """The clinic's web page with the chat widget, as served on this machine."""
    return (f"http://localhost:{web_port}", f"http://127.0.0.1:{web_port}")


DEFAULT_ALLOWED_ORIGINS = local_origins(DEFAULT_WEB_PORT)
US_ZONE_NAMES = {
    "America/New_York": "Eastern time", "America/Detroit": "Eastern time",
    "America/Chicago": "Central time", "America/Denver": "Mountain time",
    "America/Phoenix": "Mountain time", "America/Los_Angeles": "Pacific time",
    "America/Anchorage": "Alaska time", "Pacific/Honolulu": "Hawaii time",
}

T = TypeVar("T")
_HOSTNAME = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*")
_ORIGIN = re.compile(r"https?://(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?")
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it and says what is expected."""


@dataclass(frozen=True)
class Prices:
    """What the clinic charges, in US dollars. Shown to visitors as configured."""

    microneedling_session: Decimal
    microneedling_prp_session: Decimal
    package_sessions: int
    package_price: Decimal
    financing_partners: Tuple[str, ...]
    financing_term_months: int
    financing_apr_percent: Decimal
    consultation_fee: Decimal | None = None  # 0: free; None: not set, ask the front desk
    consultation_fee_credited: bool = False  # the fee counts toward treatment
    current_offer: str | None = None  # a special offer in the clinic's words; None: none
    refund_policy: str | None = None  # the clinic's refund policy; None: ask the front desk
    current_offer_es: str | None = None  # the same in Spanish; None: the English is quoted
    refund_policy_es: str | None = None

    @property
    def package_saving(self) -> Decimal:
        return self.microneedling_session * self.package_sessions - self.package_price


@dataclass(frozen=True)
class Clinic:
    """Who the clinic is and how a visitor reaches it."""

    name: str
    phone: str  # E.164, e.g. +12105550123
    address: str
    hours: OpeningHours
    timezone: ZoneInfo
    booking_mode: str
    booking_url: str | None
    parking_info: str | None = None  # where to park, in the clinic's words
    parking_info_es: str | None = None  # the same in Spanish; None: the English is quoted
    # Who at the clinic speaks Spanish, in the clinic's words; None: ask the front desk.
    languages_spoken: str | None = None
    languages_spoken_es: str | None = None

    @property
    def timezone_label(self) -> str:
        """'Central time' for America/Chicago; a zone without a US name shows its own name."""
        return US_ZONE_NAMES.get(self.timezone.key, self.timezone.key.replace("_", " "))

    @property
    def phone_display(self) -> str:
        return phonenumbers.format_number(
            phonenumbers.parse(self.phone), phonenumbers.PhoneNumberFormat.NATIONAL
        )


@dataclass(frozen=True)
class Booking:
    """How consultations are offered (BOOKING_MODE=slots)."""

    consultation_minutes: int
    closed_dates: FrozenSet[date]
    horizon_days: int
    min_notice_hours: int


@dataclass(frozen=True)
class Notifications:
    """Where staff hear about bookings, and how visitors get their confirmation email."""

    smtp_host: str | None
    smtp_port: int
    smtp_username: str | None
    smtp_password: str | None
    smtp_starttls: bool
    mail_from: str
    staff_email: str | None
    webhook_url: str | None
    webhook_secret: str | None
    smtp_ca_file: str | None = None  # None: the system's trusted CAs
    max_attempts: int = 8  # then the notification is marked failed and no longer retried


@dataclass(frozen=True)
class Web:
    """The clinic's web app (landing page, privacy page, the chat widget's files)."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_WEB_PORT
    widget_title: str = "Ask the clinic"
    widget_color: str = "#1f5f7a"  # the launcher, header and the visitor's bubbles
    widget_position: str = "right"  # bottom right or bottom left of the page
    widget_greeting: str | None = None  # a line under the title; None: the widget's own
    # The two in Spanish, for a conversation in Spanish; None: the English ones as written
    # (or, where those are not set either, the widget's own Spanish).
    widget_title_es: str | None = None
    widget_greeting_es: str | None = None
    # Where people reach this app (the page, and the staff portal under /staff): staff emails
    # and webhooks link to leads here; https makes the portal's session cookie Secure.
    base_url: str = f"http://localhost:{DEFAULT_WEB_PORT}"


@dataclass(frozen=True)
class Sms:
    """Texting through Twilio: the account, the clinic's number, and the URL Twilio posts
    incoming texts to. All three of account, token and number, or none (SMS off)."""

    account_sid: str | None = None
    auth_token: str | None = None
    from_number: str | None = None  # E.164
    # The webhook's address as Twilio requests it: signatures are computed over it, so behind a
    # proxy it is the public https:// address, not the one the Rasa server sees.
    webhook_url: str = ""
    api_base_url: str = "https://api.twilio.com"  # a local stand-in in tests

    @property
    def enabled(self) -> bool:
        return bool(self.account_sid and self.auth_token and self.from_number)


@dataclass(frozen=True)
class Handoff:
    """Staff stepping into a conversation: the token of Rasa's HTTP API, which only the web
    app holds (it pauses, writes and hands back through it), and what a visitor asking for a
    person is told."""

    # None: `python -m bot run` makes one for the run and gives it to Rasa and the web app.
    rasa_api_token: str | None = None
    rasa_api_url: str = "http://127.0.0.1:5005"  # Rasa's server as the web app reaches it
    reply_minutes: int = 10  # "usually within N minutes", said within opening hours


RASA_API_TOKEN_MIN = 24

SMS_WEBHOOK_PATH = "/webhooks/sms/webhook"
SMS_SETTINGS = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER")


@dataclass(frozen=True)
class Settings:
    clinic: Clinic
    prices: Prices
    booking: Booking
    notifications: Notifications
    public_base_url: str
    database_url: str
    rasa_port: int
    action_port: int
    action_server_url: str
    action_server_host: str = "127.0.0.1"
    allowed_origins: Tuple[str, ...] = DEFAULT_ALLOWED_ORIGINS
    web: Web = field(default_factory=Web)
    sms: Sms = field(default_factory=Sms)
    handoff: Handoff = field(default_factory=Handoff)

    @classmethod
    def from_mapping(cls, values: Mapping[str, str | None]) -> Settings:
        """Build settings from key/value strings (the merged `.env` and environment)."""
        read = _Reader(values)
        action_port = read("ACTION_SERVER_PORT", _port, default="5055")
        action_host = read("ACTION_SERVER_HOST", _host, default="127.0.0.1")
        clinic = Clinic(
            name=read("CLINIC_NAME", _text),
            phone=read("CLINIC_PHONE", _phone),
            address=read("CLINIC_ADDRESS", _text),
            hours=read("CLINIC_HOURS", _hours),
            timezone=read("CLINIC_TIMEZONE", _timezone, default="America/Chicago"),
            booking_mode=read("BOOKING_MODE", _booking_mode, default="slots"),
            booking_url=read("BOOKING_URL", _url, default="") or None,
            parking_info=read("PARKING_INFO", _visitor_text, default="") or None,
            parking_info_es=read("PARKING_INFO_ES", _visitor_text, default="") or None,
            languages_spoken=read("LANGUAGES_SPOKEN", _visitor_text, default="") or None,
            languages_spoken_es=read("LANGUAGES_SPOKEN_ES", _visitor_text, default="") or None,
        )
        if clinic.booking_mode == "link" and not clinic.booking_url:
            raise SettingsError("BOOKING_URL is required when BOOKING_MODE=link")
        prices = Prices(
            microneedling_session=read("PRICE_MICRONEEDLING_SESSION", _money),
            microneedling_prp_session=read("PRICE_MICRONEEDLING_PRP_SESSION", _money),
            package_sessions=read("PACKAGE_SESSIONS", _positive_int),
            package_price=read("PACKAGE_PRICE", _money),
            financing_partners=read("FINANCING_PARTNERS", _name_list, default=""),
            financing_term_months=read("FINANCING_TERM_MONTHS", _positive_int, default="12"),
            financing_apr_percent=read("FINANCING_APR_PERCENT", _percent, default="0"),
            consultation_fee=read("CONSULTATION_FEE", _optional_money, default=""),
            consultation_fee_credited=read("CONSULTATION_FEE_CREDITED", _bool, default="false"),
            current_offer=read("CURRENT_OFFER", _visitor_text, default="") or None,
            refund_policy=read("REFUND_POLICY", _visitor_text, default="") or None,
            current_offer_es=read("CURRENT_OFFER_ES", _visitor_text, default="") or None,
            refund_policy_es=read("REFUND_POLICY_ES", _visitor_text, default="") or None,
        )
        if prices.consultation_fee and not _is_set(values, "CONSULTATION_FEE_CREDITED"):
            raise SettingsError(
                "CONSULTATION_FEE_CREDITED is required when CONSULTATION_FEE is more than 0: "
                "true if the fee counts toward treatment, false if not"
            )
        booking = Booking(
            consultation_minutes=read("CONSULTATION_MINUTES", _positive_int, default="30"),
            closed_dates=read("CLOSED_DATES", _dates, default=""),
            horizon_days=read("BOOKING_HORIZON_DAYS", _positive_int, default="14"),
            min_notice_hours=read("BOOKING_MIN_NOTICE_HOURS", _whole_number, default="2"),
        )
        notifications = Notifications(
            smtp_host=read("SMTP_HOST", _text, default="") or None,
            smtp_port=read("SMTP_PORT", _port, default="587"),
            smtp_username=read("SMTP_USERNAME", _text, default="") or None,
            smtp_password=read("SMTP_PASSWORD", _text, default="") or None,
            smtp_starttls=read("SMTP_STARTTLS", _bool, default="true"),
            mail_from=read("MAIL_FROM", _email, default="assistant@clinic.example"),
            staff_email=read("STAFF_EMAIL", _email, default="") or None,
            webhook_url=read("STAFF_WEBHOOK_URL", _webhook_url, default="") or None,
            webhook_secret=read("STAFF_WEBHOOK_SECRET", _text, default="") or None,
            smtp_ca_file=read("SMTP_CA_FILE", _existing_file, default="") or None,
            max_attempts=read("NOTIFY_MAX_ATTEMPTS", _positive_int, default="8"),
        )
        if notifications.webhook_url and not notifications.webhook_secret:
            raise SettingsError("STAFF_WEBHOOK_SECRET is required when STAFF_WEBHOOK_URL is set")
        rasa_port = read("RASA_PORT", _port, default="5005")
        web = Web(
            host=read("WEB_HOST", _host, default="127.0.0.1"),
            port=read("WEB_PORT", _port, default=str(DEFAULT_WEB_PORT)),
            widget_title=read("WIDGET_TITLE", _visitor_text, default=Web.widget_title),
            widget_color=read("WIDGET_COLOR", _hex_color, default=Web.widget_color),
            widget_position=read("WIDGET_POSITION", _widget_position,
                                 default=Web.widget_position),
            widget_greeting=read("WIDGET_GREETING", _visitor_text, default="") or None,
            widget_title_es=read("WIDGET_TITLE_ES", _visitor_text, default="") or None,
            widget_greeting_es=read("WIDGET_GREETING_ES", _visitor_text, default="") or None,
        )
        web = replace(web, base_url=read(
            "WEB_BASE_URL", _url, default=f"http://localhost:{web.port}").rstrip("/"))
        public_base_url = read(
            "PUBLIC_BASE_URL", _url, default=f"http://localhost:{rasa_port}").rstrip("/")
        return cls(
            clinic=clinic,
            prices=prices,
            booking=booking,
            notifications=notifications,
            public_base_url=public_base_url,
            database_url=read("DATABASE_URL", _text, default="sqlite:///var/clinic.db"),
            rasa_port=rasa_port,
            action_port=action_port,
            action_server_url=read(
                "ACTION_SERVER_URL", _url,
                default=f"http://{connectable_host(action_host)}:{action_port}/webhook",
            ),
            action_server_host=action_host,
            # The local page follows WEB_PORT unless the clinic names its own site's origins.
            allowed_origins=read(
                "ALLOWED_ORIGINS", _origins, default=",".join(local_origins(web.port))
            ),
            web=web,
            sms=_sms(values, read, public_base_url),
            handoff=Handoff(
                rasa_api_token=read("RASA_API_TOKEN", _api_token, default="") or None,
                rasa_api_url=read("RASA_API_URL", _url,
                                  default=f"http://127.0.0.1:{rasa_port}").rstrip("/"),
                reply_minutes=read("HANDOFF_REPLY_MINUTES", _positive_int, default="10"),
            ),
        )

    def environment(self) -> Dict[str, str]:
        """Variables the servers need: those endpoints.yml expands with `${...}`, and more."""
        return {
            "DATABASE_URL": self.database_url,
            "ACTION_SERVER_URL": self.action_server_url,
            # The socket.io channel reads it inside the Rasa server: the same list as --cors.
            "ALLOWED_ORIGINS": ",".join(self.allowed_origins),
            # credentials.yml expands these; Rasa refuses to start on an unset ${VAR}, so they
            # are always set, empty when SMS is off (the channel then refuses every request).
            "TWILIO_ACCOUNT_SID": self.sms.account_sid or "",
            "TWILIO_AUTH_TOKEN": self.sms.auth_token or "",
            "SMS_WEBHOOK_URL": self.sms.webhook_url,
        }


def _sms(values: Mapping[str, str | None], read: _Reader, public_base_url: str) -> Sms:
    given = [name for name in SMS_SETTINGS if _is_set(values, name)]
    if given and len(given) < len(SMS_SETTINGS):
        missing = ", ".join(name for name in SMS_SETTINGS if name not in given)
        raise SettingsError(
            f"{missing} not set: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER "
            "go together (all three to text through Twilio, none for no SMS)")
    return Sms(
        account_sid=read("TWILIO_ACCOUNT_SID", _account_sid, default="") or None,
        auth_token=read("TWILIO_AUTH_TOKEN", _text, default="") or None,
        from_number=read("TWILIO_FROM_NUMBER", _optional_phone, default="") or None,
        webhook_url=read("SMS_WEBHOOK_URL", _url,
                         default=f"{public_base_url}{SMS_WEBHOOK_PATH}"),
        api_base_url=read("TWILIO_API_BASE_URL", _webhook_url,
                          default=Sms.api_base_url).rstrip("/"),
    )


def load_settings(env_file: Path = DEFAULT_ENV_FILE) -> Settings:
    """Read `env_file` (if present) with the process environment taking precedence."""
    values: Dict[str, str | None] = dict(dotenv_values(env_file)) if env_file.exists() else {}
    values.update(os.environ)
    return Settings.from_mapping(values)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, loaded on first use and kept until restart."""
    return load_settings(Path(os.environ.get("BOT_ENV_FILE", DEFAULT_ENV_FILE)))


@overload
def in_language(english: str, spanish: str | None, language: str) -> str: ...
@overload
def in_language(english: str | None, spanish: str | None, language: str) -> str | None: ...
def in_language(english: str | None, spanish: str | None, language: str) -> str | None:
    """A text the clinic writes (offer, refund policy, parking) in the visitor's language:
    its Spanish version for Spanish when the clinic wrote one, else the English as written."""
    return spanish if language == "es" and spanish else english


def format_dollars(amount: Decimal) -> str:
    """Decimal('1500') -> '$1,500'; Decimal('99.5') -> '$99.50'."""
    if amount == amount.to_integral_value():
        return f"${amount:,.0f}"
    return f"${amount:,.2f}"


class _Reader:
    def __init__(self, values: Mapping[str, str | None]) -> None:
        self._values = values

    def __call__(self, name: str, parse: Callable[[str], T], default: str | None = None) -> T:
        raw = self._values.get(name)
        if raw is None or not raw.strip():
            if default is None:
                raise SettingsError(f"{name} is not set: add it to .env (see .env.example)")
            raw = default
        try:
            return parse(raw.strip())
        except (ValueError, ZoneInfoNotFoundError) as error:
            raise SettingsError(f"{name}={raw!r} is not valid: {error}") from None


def _text(raw: str) -> str:
    return raw


VISITOR_TEXT_MAX = 400


def _api_token(raw: str) -> str:
    if raw and (len(raw) < RASA_API_TOKEN_MIN or any(c.isspace() for c in raw)):
        raise ValueError(f"expected a random secret of at least {RASA_API_TOKEN_MIN} characters "
                         "without spaces (`make env` writes one)")
    return raw


def _visitor_text(raw: str) -> str:
    """Free text quoted to visitors as written: one paragraph, not an essay, no markup."""
    if len(raw) > VISITOR_TEXT_MAX:
        raise ValueError(f"expected at most {VISITOR_TEXT_MAX} characters; keep it short")
    if any(char in raw for char in "<>\n\r"):
        raise ValueError("expected one line of plain text (no line breaks, no < or >)")
    return raw


def _is_set(values: Mapping[str, str | None], name: str) -> bool:
    raw = values.get(name)
    return raw is not None and bool(raw.strip())


def _money(raw: str) -> Decimal:
    try:
        amount = Decimal(raw.replace("$", "").replace(",", ""))
    except InvalidOperation:
        raise ValueError("expected an amount in dollars, e.g. 350 or 349.99") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("expected a positive amount in dollars")
    return amount


def _optional_money(raw: str) -> Decimal | None:
    return _money(raw) if raw else None


def _percent(raw: str) -> Decimal:
    value = _money(raw.rstrip("%"))
    if value > 100:
        raise ValueError("expected a yearly percentage between 0 and 100")
    return value


def _whole_number(raw: str) -> int:
    number = int(raw)
    if number < 0:
        raise ValueError("expected a whole number, 0 or more")
    return number


def _bool(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError("expected true or false")


def _dates(raw: str) -> FrozenSet[date]:
    try:
        parts = [part.strip() for part in raw.split(",") if part.strip()]
        return frozenset(date.fromisoformat(part) for part in parts)
    except ValueError:
        raise ValueError("expected dates like 2026-12-25, separated by commas") from None


def _email(raw: str) -> str:
    if raw and ("@" not in raw or " " in raw):
        raise ValueError("expected an email address like staff@clinic.example")
    return raw


def _positive_int(raw: str) -> int:
    number = int(raw)
    if number < 1:
        raise ValueError("expected a whole number of at least 1")
    return number


def _host(raw: str) -> str:
    try:
        ipaddress.ip_address(raw)
    except ValueError:
        if not _HOSTNAME.fullmatch(raw):
            raise ValueError("expected an IP address like 127.0.0.1 or 10.0.0.5, "
                             "or a host name") from None
    return raw


def connectable_host(host: str) -> str:
    """Where to reach a server listening on `host`, as the host part of a URL."""
    if host in ("0.0.0.0", "::"):  # every address: this machine's loopback is one
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def _origins(raw: str) -> Tuple[str, ...]:
    origins = []
    for part in (part.strip() for part in raw.split(",")):
        if not part:
            continue
        # A browser sends its page's origin as scheme://host[:port] in lower case.
        origin = part.lower()
        if not _ORIGIN.fullmatch(origin):
            raise ValueError(
                f"{part!r} is not an origin: expected http(s)://host or http(s)://host:port "
                "with no path, e.g. https://www.clinic.example (no '*': that lets any site in)"
            )
        origins.append(origin)
    if not origins:
        raise ValueError("expected at least one origin, e.g. https://www.clinic.example")
    return tuple(origins)


def _hex_color(raw: str) -> str:
    if not _HEX_COLOR.fullmatch(raw):
        raise ValueError("expected a colour like #1f5f7a (# and six hex digits)")
    return raw.lower()


def _widget_position(raw: str) -> str:
    position = raw.lower()
    if position not in WIDGET_POSITIONS:
        raise ValueError(f"expected one of {', '.join(WIDGET_POSITIONS)}")
    return position


def _port(raw: str) -> int:
    number = int(raw)
    if not 0 < number < 65536:
        raise ValueError("expected a port number between 1 and 65535")
    return number


def _phone(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException as error:
        raise ValueError(f"not a phone number ({error})") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid phone number, e.g. +12105550123")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_ACCOUNT_SID = re.compile(r"AC[0-9a-fA-F]{32}")


def _account_sid(raw: str) -> str:
    if raw and not _ACCOUNT_SID.fullmatch(raw):
        raise ValueError("expected the Account SID from Twilio's console: AC and 32 hex digits")
    return raw


def _optional_phone(raw: str) -> str:
    return _phone(raw) if raw else raw


def _hours(raw: str) -> OpeningHours:
    try:
        return OpeningHours.parse(raw)
    except OpeningHoursError as error:
        raise ValueError(str(error)) from None


def _timezone(raw: str) -> ZoneInfo:
    return ZoneInfo(raw)


def _booking_mode(raw: str) -> str:
    mode = raw.lower()
    if mode not in BOOKING_MODES:
        raise ValueError(f"expected one of {', '.join(BOOKING_MODES)}")
    return mode


def _url(raw: str) -> str:
    if raw and not raw.startswith(("http://", "https://")):
        raise ValueError("expected an http:// or https:// address")
    return raw


def _webhook_url(raw: str) -> str:
    problem = raw and webhook_url_problem(raw)
    if problem:
        raise ValueError(problem)
    return raw


def _existing_file(raw: str) -> str:
    """A file path, relative ones from the project root; it must exist and be readable."""
    if not raw:
        return raw
    path = Path(raw).expanduser()
    if not path.is_absolute():
        path = PROJECT_ROOT / path
    if not path.is_file() or not os.access(path, os.R_OK):
        raise ValueError(f"no readable file at {path}")
    return str(path)


def _name_list(raw: str) -> Tuple[str, ...]:
    return tuple(name.strip() for name in raw.split(",") if name.strip())
