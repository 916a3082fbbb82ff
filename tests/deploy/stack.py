"""Real processes for the deployment tests, started from the files in deploy/ with only addresses and paths replaced:
nginx from deploy/nginx.conf, gunicorn and the RQ worker from the systemd units and deploy/consult.env.example; and an
HTTP client that keeps its cookies, as a browser does.

What a test needs and this machine lacks (nginx, PostgreSQL, Redis, openssl) skips it with the reason, and fails it in
CI (CI set), as the browser tests do.
"""

import contextlib
import gzip
import http.client
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from email import message_from_bytes
from email.policy import default as email_policy
from pathlib import Path
from urllib.parse import urlencode

import brotli
import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
RELEASE = "/srv/consult"  # where deploy/ expects the release; here, this checkout and its virtualenv
HOST = "gopy.example.vn"  # deploy/nginx.conf's server_name


def unavailable(reason):
    """Fail in CI, skip (with the reason shown) elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"deployment tests cannot run in CI: {reason}")
    pytest.skip(reason)


def free_port():
    """A TCP port nothing listens on at the moment."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Process:
    """A command started in a process group of its own, its output in a log file; stop() ends the whole group."""

    def __init__(self, name, command, log, env=None):
        self.name, self.log = name, Path(log)
        with self.log.open("wb") as output:
            self.popen = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def wait_for_port(self, port, timeout=90):
        """Return once `port` takes connections; fail with the log's end if the process dies or the time runs out."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                assert self.popen.poll() is None, f"{self.name} stopped:\n{self.tail()}"
                assert time.monotonic() < deadline, f"{self.name} did not listen on {port}:\n{self.tail()}"
                time.sleep(0.1)

    def tail(self, size=3000):
        """The end of the process's output."""
        return self.log.read_bytes()[-size:].decode(errors="replace") if self.log.exists() else ""

    def stop(self):
        """End the process group: SIGTERM, then SIGKILL what is left after 15 s."""
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=15)
            except ProcessLookupError:
                pass
        with contextlib.suppress(ProcessLookupError):  # what a leader that is gone left (workers, a work horse)
            os.killpg(self.popen.pid, signal.SIGKILL)


def env_file(path=DEPLOY / "consult.env.example"):
    """The NAME=value lines of a systemd EnvironmentFile."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, separator, value = line.partition("=")
            assert separator, f"{path.name}: not NAME=value: {line!r}"
            value = value.strip()
            if len(value) > 1 and value[0] == value[-1] == '"':  # systemd drops the quotes around a value
                value = value[1:-1]
            values[name.strip()] = value
    return values


def unit(name, settings, run=None):
    """Return (command, environment) of a systemd unit in deploy/: its ExecStart with ${NAME}s taken from `settings`
    and the release's virtualenv replaced by this one, and its Environment= lines. `run` stands for /run: the unit's
    RuntimeDirectory= folders are made there, empty, as systemd makes them at each start."""
    text = (DEPLOY / name).read_text(encoding="utf-8")
    (line,) = re.findall(r"^ExecStart=(.+)$", text, re.MULTILINE)
    line = line.replace(f"{RELEASE}/.venv/bin/", f"{BIN}/")
    line = re.sub(r"\$\{(\w+)\}", lambda match: settings[match.group(1)], line)
    for folders in re.findall(r"^RuntimeDirectory=(.+)$", text, re.MULTILINE):
        for folder in folders.split():
            (Path(run) / folder).mkdir(parents=True)
    environment = {}
    for assignment in re.findall(r"^Environment=(.+)$", text, re.MULTILINE):
        key, _, value = assignment.partition("=")
        environment[key] = value.replace("/run/", f"{run}/") if run else value
    return shlex.split(line), environment


def nginx_site(replacements):
    """deploy/nginx.conf with each (old, new) of `replacements` made; each old text must be in the file."""
    site = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in site, f"deploy/nginx.conf no longer holds {old!r}: tests/deploy must follow it"
        site = site.replace(old, new)
    return site


def start_nginx(folder, site):
    """Write `site` and a main configuration like Debian's /etc/nginx/nginx.conf (its pid, logs and temporary files
    in `folder`), check both with `nginx -t` and start nginx in the foreground; return the Process."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    folder = Path(folder)
    (folder / "consult.conf").write_text(site, encoding="utf-8")
    # Debian starts nginx as root and its workers as www-data; here the workers must reach the test's own folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temporary = "".join(
        f"    {kind}_temp_path {folder / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
        "events {\n    worker_connections 768;\n}\n"
        "http {\n    sendfile on;\n    tcp_nopush on;\n    types_hash_max_size 2048;\n"
        "    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        "    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;\n    ssl_prefer_server_ciphers on;\n"
        f"    access_log {folder / 'access.log'};\n    gzip on;\n{temporary}"
        f"    include {folder / 'consult.conf'};\n}}\n",
        encoding="utf-8",
    )
    command = [nginx, "-c", str(folder / "nginx.conf"), "-p", str(folder), "-e", str(folder / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    return Process("nginx", [*command, "-g", "daemon off;"], folder / "nginx.out")


def self_signed_certificate(folder):
    """A certificate for HOST and 127.0.0.1 and its key, made by openssl; return (certificate, key)."""
    certificate, key = Path(folder) / "certificate.pem", Path(folder) / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        + ["-keyout", str(key), "-out", str(certificate), "-days", "2", "-subj", f"/CN={HOST}"]
        + ["-addext", f"subjectAltName=DNS:{HOST},IP:127.0.0.1"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return certificate, key


def mailed_code(folder, address, timeout=60):
    """The six-digit code in the email to `address` that MAIL_BACKEND=file wrote into `folder`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(Path(folder).glob("*.eml")):
            message = message_from_bytes(path.read_bytes(), policy=email_policy)
            if message["To"] == address:
                return re.search(r"^\s+(\d{6})\s*$", message.get_content(), re.MULTILINE).group(1)
        time.sleep(0.2)
    raise AssertionError(f"no email to {address} in {folder}")


class Answer:
    """A response: status, headers (case-insensitive), body (decoded from gzip or brotli in `text`)."""

    def __init__(self, response):
        self.status, self.headers, self.body = response.status, response.headers, response.read()

    @property
    def text(self):
        """The body as text, uncompressed."""
        encoding = self.headers.get("Content-Encoding")
        body = {"gzip": gzip.decompress, "br": brotli.decompress}.get(encoding, bytes)(self.body)
        return body.decode("utf-8")


class Browser:
    """An HTTP/1.1 client keeping its own cookies, for one server: nginx over TLS (`tls`: an SSL context), or one app
    server directly. `source` is the address it connects from (any 127.x.y.z is this machine)."""

    def __init__(self, port, tls=None, source="127.0.0.1", headers=None):
        self.port, self.tls, self.source = port, tls, source
        self.headers = {"Host": HOST, "User-Agent": "Mozilla/5.0 (consult deployment test)", **(headers or {})}
        self.cookies = {}
        self.page = None  # the last page read: a form sent is sent from it (Referer, as browsers do)

    def request(self, method, path, fields=None, headers=None, timeout=30):
        """Send one request (a form's `fields` urlencoded) and return its Answer; keep the cookies it sets."""
        options = {"timeout": timeout, "source_address": (self.source, 0)}
        if self.tls:
            connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.tls, **options)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, **options)
        sent = dict(self.headers, **(headers or {}))
        body = None
        if fields is not None:
            body = urlencode(fields).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if method == "POST" and self.page:
            sent.setdefault("Referer", self.page)  # Flask-WTF checks it on HTTPS
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = Answer(connection.getresponse())
        finally:
            connection.close()
        if method == "GET":
            self.page = f"https://{HOST}{path}"
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            pair, _, attributes = cookie.partition(";")
            name, _, value = pair.strip().partition("=")
            if "max-age=0" in attributes.lower() or "expires=thu, 01 jan 1970" in attributes.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return answer

    def get(self, path, **options):
        """GET a path."""
        return self.request("GET", path, **options)

    def post(self, path, fields, **options):
        """POST a form."""
        return self.request("POST", path, fields=fields, **options)
