"""Mail backends: SMTP against a real local SMTP server, .eml files, the console, UTF-8 headers."""

import base64
import socketserver
import threading
from email import message_from_bytes
from email.policy import default

import pytest

from consult.mail import outbox, send_mail

SUBJECT = "Ý kiến GX7K-2M9Q của bạn đã được đăng công khai"
BODY = "Xin chào Nguyễn Thị Hằng,\n\nÝ kiến của bạn về dự thảo “Quyết định về vỉa hè” đã được đăng.\n"


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) for smtplib: EHLO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT; keeps what it received."""

    def reply(self, line):
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self):
        received = {"auth": None, "from": None, "to": [], "data": None}
        self.server.received.append(received)  # before any reply: complete once the client hears "221"
        self.reply("220 localhost test SMTP")
        while line := self.rfile.readline():
            command = line.decode("ascii").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250-localhost")
                self.reply("250-AUTH PLAIN")
                self.reply("250 8BITMIME")
            elif verb == "AUTH":
                received["auth"] = base64.b64decode(command.split()[2]).split(b"\0")[1:]
                self.reply("235 2.7.0 Authentication successful")
            elif verb == "MAIL":
                received["from"] = command[len("MAIL FROM:") :].split()[0]
                self.reply("250 OK")
            elif verb == "RCPT":
                received["to"].append(command[len("RCPT TO:") :].split()[0])
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data_line := self.rfile.readline()) != b".\r\n":
                    lines.append(data_line[1:] if data_line.startswith(b"..") else data_line)
                received["data"] = b"".join(lines)
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                break
            else:
                self.reply("502 Command not implemented")


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free local port, in a thread; yields it (its `.received` list fills in)."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    server.daemon_threads = True
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_smtp_backend_delivers_to_a_real_server(app, smtp_server):
    app.config.update(
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp_server.server_address[1],
        MAIL_USE_TLS=False,
        MAIL_USE_SSL=False,
        MAIL_USERNAME="consult",
        MAIL_PASSWORD="mat-khau-thu",
        MAIL_FROM="Cổng góp ý dự thảo <gopy@example.vn>",
    )

    send_mail("hang.nguyen@example.vn", SUBJECT, BODY)

    [received] = smtp_server.received
    assert received["auth"] == [b"consult", b"mat-khau-thu"]
    assert received["from"] == "<gopy@example.vn>"
    assert received["to"] == ["<hang.nguyen@example.vn>"]
    raw_headers = received["data"].split(b"\r\n\r\n", 1)[0]
    assert raw_headers.isascii() and b"=?utf-8?" in raw_headers  # RFC 2047 headers, readable by any relay
    message = message_from_bytes(received["data"], policy=default)
    assert message["Subject"] == SUBJECT
    assert message["From"].addresses[0].display_name == "Cổng góp ý dự thảo"
    assert message["To"] == "hang.nguyen@example.vn"
    assert message.get_content().replace("\r\n", "\n") == BODY  # SMTP carries lines ended by CRLF
    assert message["Message-ID"].endswith("@example.vn>") and message["Date"]
    assert outbox(app) == []


def test_smtp_backend_raises_when_the_server_is_down(app):
    from tests.feedback.test_notifications import closed_port

    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port(), MAIL_USE_TLS=False)

    with pytest.raises(OSError):
        send_mail("a@example.vn", SUBJECT, BODY)  # consult.jobs logs this; the caller's page never sees it


def test_file_backend_writes_eml_files(app, tmp_path):
    app.config.update(MAIL_BACKEND="file", MAIL_FILE_DIR=str(tmp_path / "mail"))

    send_mail("hang.nguyen@example.vn", SUBJECT, BODY)

    [path] = (tmp_path / "mail").glob("*.eml")
    message = message_from_bytes(path.read_bytes(), policy=default)
    assert message["Subject"] == SUBJECT and message.get_content() == BODY


def test_console_backend_prints_the_message(app, capsys):
    app.config.update(MAIL_BACKEND="console")

    send_mail("hang.nguyen@example.vn", SUBJECT, BODY)

    printed = capsys.readouterr().err
    assert "hang.nguyen@example.vn" in printed and SUBJECT in printed and "vỉa hè" in printed


def test_memory_backend_keeps_messages_and_unknown_backends_are_refused(app):
    send_mail("a@example.vn", SUBJECT, BODY)
    assert [message["To"] for message in outbox(app)] == ["a@example.vn"]

    app.config.update(MAIL_BACKEND="pigeon")
    with pytest.raises(RuntimeError, match="MAIL_BACKEND"):
        send_mail("a@example.vn", SUBJECT, BODY)


def test_development_defaults_to_the_console_and_smtp_once_a_server_is_set(monkeypatch):
    from config import Config

    monkeypatch.delenv("MAIL_BACKEND", raising=False)
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    assert Config().MAIL_BACKEND == "console"
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.vn")
    assert Config().MAIL_BACKEND == "smtp"
