"""Send a text through Twilio's Messages API (POST /2010-04-01/Accounts/<sid>/Messages.json).

Basic auth with the account SID and auth token, form fields To, From and Body, as Twilio's own
client sends them; the base URL is a setting, so tests point it at a local stand-in. An error
Twilio will answer the same way every time (an invalid or unsubscribed number) is
`permanent`, and the outbox gives up on it at once; a 429, a 5xx or a network failure is
retried with the outbox's backoff.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from bot.settings import Sms

SMS_TIMEOUT_S = 10
MAX_BODY = 1600  # Twilio refuses a longer body (error 21617)
# Twilio's error codes that will not change on a retry.
INVALID_NUMBER = 21211
UNSUBSCRIBED = 21610  # the recipient replied STOP to the clinic's number
PERMANENT_CODES = frozenset({
    INVALID_NUMBER, UNSUBSCRIBED,
    21212,  # invalid From number
    21408,  # no permission to send to that region
    21612,  # unreachable via this From number
    21614,  # not a mobile number
    21617,  # body too long
})


class SmsError(RuntimeError):
    """Twilio did not accept the message; `permanent` when retrying cannot help."""

    def __init__(self, message: str, *, status: int | None = None, code: int | None = None,
                 permanent: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.permanent = permanent


@dataclass(frozen=True)
class Sent:
    sid: str  # Twilio's MessageSid (SM...)
    status: str  # "queued", "accepted", ...


def send_sms(config: Sms, to: str, body: str) -> Sent:
    """Ask Twilio to send `body` to `to` (E.164) from the clinic's number; SmsError if not."""
    if not config.enabled:
        raise SmsError("SMS is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, "
                       "TWILIO_FROM_NUMBER)")
    if len(body) > MAX_BODY:
        raise SmsError(f"body of {len(body)} characters is over Twilio's {MAX_BODY}",
                       code=21617, permanent=True)
    url = f"{config.api_base_url}/2010-04-01/Accounts/{config.account_sid}/Messages.json"
    try:
        response = requests.post(
            url, auth=(config.account_sid or "", config.auth_token or ""),
            data={"To": to, "From": config.from_number, "Body": body},
            timeout=SMS_TIMEOUT_S, allow_redirects=False,
        )
    except requests.RequestException as error:
        raise SmsError(f"{type(error).__name__} reaching {_origin(url)}") from None
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    if not isinstance(answer, dict):
        answer = {}
    if response.status_code in (200, 201):
        return Sent(str(answer.get("sid") or ""), str(answer.get("status") or ""))
    code = answer.get("code") if isinstance(answer.get("code"), int) else None
    # Twilio's message can quote the number; the code and status say what went wrong.
    raise SmsError(
        f"{response.status_code} from {_origin(url)}" + (f", Twilio error {code}" if code else ""),
        status=response.status_code, code=code,
        permanent=code in PERMANENT_CODES,
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
