"""Send one email over SMTP (stdlib smtplib), with a timeout and optional STARTTLS/login.

STARTTLS verifies the server's certificate and host name (the system's CAs, or SMTP_CA_FILE
for a clinic with its own CA): a visitor's details never go to a server that merely claims
to be the clinic's.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Any, Dict

from bot.settings import Notifications

SMTP_TIMEOUT_S = 10


class EmailNotConfiguredError(RuntimeError):
    pass


def send_email(config: Notifications, to: str, payload: Dict[str, Any]) -> None:
    """Send payload's subject, body and optional attachments [{filename, content, mimetype}].

    Raises on any failure (not configured, unverified certificate, refused, timeout).
    """
    if not config.smtp_host:
        raise EmailNotConfiguredError("SMTP_HOST is not set")
    message = EmailMessage()
    message["From"] = config.mail_from
    message["To"] = to
    message["Subject"] = payload["subject"]
    message.set_content(payload["body"])
    for attachment in payload.get("attachments", []):
        maintype, subtype = attachment["mimetype"].split("/", 1)
        message.add_attachment(
            attachment["content"].encode(), maintype=maintype, subtype=subtype,
            filename=attachment["filename"],
        )
    with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=SMTP_TIMEOUT_S) as smtp:
        if config.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context(cafile=config.smtp_ca_file))
        if config.smtp_username:
            smtp.login(config.smtp_username, config.smtp_password or "")
        smtp.send_message(message)
