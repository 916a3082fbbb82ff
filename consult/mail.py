"""Sending email: SMTP in production, the console or .eml files in development, an in-memory outbox in tests.

MAIL_BACKEND picks the backend. Callers in a request go through consult.jobs.enqueue, so a slow or
unreachable SMTP server never slows or fails the page that asked for the email.
"""

import smtplib
import ssl
import sys
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app


def build_message(to, subject, body_text, headers=None):
    """Return a plain-text UTF-8 message from MAIL_FROM to `to` (headers encoded for Vietnamese), with any other
    `headers` ({name: value}, e.g. List-Unsubscribe)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=_sender_domain(config["MAIL_FROM"]))
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to a robot
    for name, value in (headers or {}).items():
        message[name] = value
    # Quoted-printable: safe through any relay, still legible where the text is ASCII.
    message.set_content(body_text, charset="utf-8", cte="quoted-printable")
    return message


def _sender_domain(sender):
    """Return the domain of the sender address, for Message-ID."""
    address = parseaddr(sender)[1]
    return address.rpartition("@")[2] or "localhost"


def public_url(endpoint, **values):
    """Return an absolute link on PUBLIC_BASE_URL (never taken from the Host header of a request)."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def send_mail(to, subject, body_text, headers=None):
    """Send one message with the configured backend and return it; errors reach the caller (see consult.jobs)."""
    message = build_message(to, subject, body_text, headers)
    name = current_app.config["MAIL_BACKEND"]
    try:
        backend = BACKENDS[name]
    except KeyError:
        raise RuntimeError(f"MAIL_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}") from None
    backend(message)
    return message


def send_smtp(message):
    """Hand the message to the SMTP server (STARTTLS or implicit TLS, login when a user name is set)."""
    config = current_app.config
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if not host:
        raise RuntimeError("MAIL_BACKEND is smtp but MAIL_SERVER is not set")
    if config["MAIL_USE_SSL"]:
        connection = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        connection = smtplib.SMTP(host, port, timeout=timeout)
    with connection:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            connection.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        connection.send_message(message)


def send_console(message):
    """Print the message, decoded, to stderr (development)."""
    body = message.get_content()
    print(f"--- email to {message['To']}: {message['Subject']}\n{body}\n--- end of email", file=sys.stderr)
    current_app.logger.info("Email to %s written to the console: %s", message["To"], message["Subject"])


def send_file(message):
    """Write the message as an .eml file in MAIL_FILE_DIR (development); mail programs open them."""
    folder = Path(current_app.config["MAIL_FILE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    current_app.logger.info("Email to %s written to %s", message["To"], path)


def send_memory(message):
    """Keep the message in the app's outbox (tests)."""
    outbox(current_app).append(message)


def outbox(app):
    """Return the list of messages kept by the memory backend."""
    return app.extensions.setdefault("mail_outbox", [])


BACKENDS = {"smtp": send_smtp, "console": send_console, "file": send_file, "memory": send_memory}
