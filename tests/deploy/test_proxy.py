"""The production path of README "Production": nginx (deploy/nginx.conf) in front of two app servers
(deploy/consult-web.service: gunicorn, gevent) and an RQ worker (deploy/consult-worker.service), set up from
deploy/consult.env.example, sharing one PostgreSQL database and Redis. Through it: an opinion's whole loop, slow
clients absorbed by nginx, a change made through one app server seen through the other, compression, static files
from disk, the client's address as nginx saw it.

The processes are started once for the module (about 25 s on 2 cores, the demo loaded first) and their process
groups killed at its end, whatever happened.
"""

import contextlib
import html
import os
import re
import secrets
import shutil
import socket
import ssl
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from config import Config
from consult.hashing import hash_value
from tests.conftest import TEST_DATABASE_URL, hidden_fields
from tests.deploy.stack import (
    BIN,
    HOST,
    ROOT,
    Browser,
    Process,
    env_file,
    free_port,
    mailed_code,
    nginx_site,
    self_signed_certificate,
    start_nginx,
    unavailable,
    unit,
)
from tests.feedback.test_views import valid_form
from tests.redis_queues import _remove_keys

pytestmark = pytest.mark.server

DRAFT = "quy-dinh-quan-ly-he-pho-ha-noi"  # the demo's open draft
MODERATOR = {"email": "moderator@consult.example", "password": "demo-moderator-2026"}
REDIS = "redis://127.0.0.1:6379/13"
# What nginx adds to each request it passes on: a test talking to an app server directly sends the same.
FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
# Every name config.py reads: none of a developer's own settings may leak into the servers.
CONFIG_NAMES = set(re.findall(r'"([A-Z][A-Z0-9_]+)"', (ROOT / "config.py").read_text(encoding="utf-8")))


def postgres_server():
    """The PostgreSQL server to make the scratch database on: TEST_DATABASE_URL's, else the local one CI starts."""
    if TEST_DATABASE_URL and TEST_DATABASE_URL.startswith("postgresql"):
        return make_url(TEST_DATABASE_URL)
    return make_url("postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@contextlib.contextmanager
def scratch_database(name):
    """Create database `name` on the server; drop it (closing its connections) at the end."""
    server = create_engine(postgres_server().set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        server.dispose()
        unavailable(f"no PostgreSQL at {postgres_server().render_as_string(hide_password=True)}: {error}")
    try:
        yield postgres_server().set(database=name)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@contextlib.contextmanager
def redis_cleaned(prefix, queue_name):
    """Yield once Redis answers; then delete the page cache's keys (`prefix`), the job queue's and the rate limits'
    keys made meanwhile."""
    client = Redis.from_url(REDIS)
    try:
        client.ping()
    except RedisError as error:
        unavailable(f"no Redis at {REDIS}: {error}")
    before = set(client.scan_iter(match="LIMIT*"))
    try:
        yield
    finally:
        _remove_keys(Queue(queue_name, connection=client), set())
        keys = set(client.scan_iter(match=f"{prefix}*")) | (set(client.scan_iter(match="LIMIT*")) - before)
        if keys:
            client.delete(*keys)
        client.close()


def run(command, env, folder, name):
    """Run a flask command of the release to its end."""
    process = Process(name, command, folder / f"{name}.log", env=env)
    assert process.popen.wait(timeout=300) == 0, process.tail()


def production_settings(folder, database, tag):
    """deploy/consult.env.example with this test's database, Redis, secret key and folders."""
    settings = {name: value.replace("/var/lib/consult", str(folder / "var")) for name, value in env_file().items()}
    settings.update(
        SECRET_KEY=secrets.token_hex(32),
        DATABASE_URL=database.render_as_string(hide_password=False),
        REDIS_URL=REDIS,
        PAGE_CACHE_PREFIX=f"test-proxy-{tag}:",
        JOBS_QUEUE=f"test-proxy-{tag}",
        MAIL_BACKEND="file",  # the verification codes, read back by the test
        MAIL_FILE_DIR=str(folder / "mail"),
        FEEDBACK_MIN_FILL_SECONDS="0",  # forms are sent at machine speed
        OPEN_DATA_AUTO_BUILD="false",  # no rebuild of the open data files after each approval: not tested here
        WEB_WORKERS="1",
    )
    return settings


def nginx_in_front(folder, name, upstreams, certificate, key):
    """Start nginx from deploy/nginx.conf in front of the app servers on `upstreams`; return its ports and log."""
    https, http = free_port(), free_port()
    place = folder / f"nginx-{name}"
    place.mkdir()
    servers = [f"server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;" for port in upstreams]
    site = nginx_site(
        [
            ("server 127.0.0.1:8000 max_fails=3 fail_timeout=10s;", "\n    ".join(servers)),
            ("listen 80;", f"listen 127.0.0.1:{http};"),
            ("listen [::]:80;", ""),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
            ("listen [::]:443 ssl http2;", ""),
            ("/etc/letsencrypt/live/gopy.example.vn/fullchain.pem", str(certificate)),
            ("/etc/letsencrypt/live/gopy.example.vn/privkey.pem", str(key)),
            ("/var/log/nginx/", f"{place}/"),
            ("root /srv/consult;", f"root {ROOT};"),
            ("root /var/www/html;", f"root {place};"),
        ]
    )
    process = start_nginx(place, site)
    return process, SimpleNamespace(https=https, http=http, log=place / "consult.access.log")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The demo on a scratch PostgreSQL database; app servers A and B behind nginx, an RQ worker; and, for the slow
    clients' contrast, an app server on SQLite with 1 gthread worker of 2 threads (G) behind an nginx of its own."""
    for program in ("nginx", "openssl"):
        if not (shutil.which(program) or Path(f"/usr/sbin/{program}").exists()):
            unavailable(f"{program} not found (apt-get install {program})")
    folder = tmp_path_factory.mktemp("proxy")
    tag = secrets.token_hex(4)
    with contextlib.ExitStack() as cleanup:
        database = cleanup.enter_context(scratch_database(f"test_proxy_{tag}"))
        cleanup.enter_context(redis_cleaned(f"test-proxy-{tag}:", f"test-proxy-{tag}"))
        settings = production_settings(folder, database, tag)
        env = {name: value for name, value in os.environ.items() if name not in CONFIG_NAMES}
        env.update(settings, PYTHONPATH=str(ROOT))
        flask = [str(BIN / "flask"), "--app", "consult"]
        run([*flask, "db", "upgrade"], env, folder, "upgrade")
        demo = {name: value for name, value in env.items() if name != "REDIS_URL"}  # its jobs run at once
        run([*flask, "demo", "load"], dict(demo, CONSULT_ENV="development"), folder, "demo")
        engine = create_engine(database)
        cleanup.callback(engine.dispose)
        with engine.begin() as connection:  # the loop then takes the code mailed to the author (by the worker)
            connection.execute(text("UPDATE draft SET participation = 'email_verified' WHERE slug = :s"), {"s": DRAFT})

        ports = SimpleNamespace(a=free_port(), b=free_port(), g=free_port())
        servers = {}  # port: the process serving it
        for name, port in (("A", ports.a), ("B", ports.b)):
            web = dict(settings, WEB_BIND=f"127.0.0.1:{port}")
            command, extra = unit("consult-web.service", web, folder / f"run-{name}")  # each its own, as on a box
            servers[port] = Process(f"app server {name}", command, folder / f"{name}.log", dict(env, **extra))
            cleanup.callback(servers[port].stop)
        command, extra = unit("consult-worker.service", settings)
        worker = Process("worker", command, folder / "worker.log", dict(env, **extra))
        cleanup.callback(worker.stop)
        # G: step 1 of README "Production", one box on SQLite without Redis: gthread, here 1 worker of 2 threads.
        one_box = dict(settings, WEB_BIND=f"127.0.0.1:{ports.g}", WEB_WORKER_CLASS="gthread", WEB_THREADS="2")
        command, extra = unit("consult-web.service", one_box, folder / "run-G")
        sqlite = {name: value for name, value in env.items() if name != "REDIS_URL"}
        sqlite.update(extra, DATABASE_URL=f"sqlite:///{folder / 'one-box.sqlite3'}")
        servers[ports.g] = Process("server G", command, folder / "G.log", sqlite)
        cleanup.callback(servers[ports.g].stop)

        certificate, key = self_signed_certificate(folder)
        nginx, main = nginx_in_front(folder, "main", (ports.a, ports.b), certificate, key)
        cleanup.callback(nginx.stop)
        nginx_g, slow = nginx_in_front(folder, "G", (ports.g,), certificate, key)
        cleanup.callback(nginx_g.stop)
        for port, process in [*servers.items(), (main.https, nginx), (slow.https, nginx_g)]:
            process.wait_for_port(port)
        for port, process in servers.items():  # answered once a worker has loaded the app
            assert Browser(port).get("/healthz", timeout=90).status == 200, process.tail()
        assert worker.popen.poll() is None, worker.tail()

        tls = ssl.create_default_context(cafile=str(certificate))
        processes = [*servers.values(), worker, nginx, nginx_g]
        yield SimpleNamespace(
            mail=folder / "mail",
            engine=engine,
            secret_key=settings["SECRET_KEY"],
            ports=ports,
            nginx=main,
            nginx_g=slow,
            tls=tls,
            browser=lambda **options: Browser(main.https, tls=tls, **options),
            logs=lambda: "\n".join(f"--- {process.name}\n{process.tail(1500)}" for process in processes),
        )


# --- Steps of the loop, as a browser without JavaScript takes them --------------------------------------------------


def send_opinion(browser, content, contact):
    """Fill in and send the opinion form on Article 2; return the receipt code (the opinion waits for its email)."""
    form = browser.get(f"/drafts/{DRAFT}/feedback?article=2")
    assert form.status == 200
    fields = {**hidden_fields(form.text), **valid_form(content=content, contact=contact)}
    sent = browser.post(f"/drafts/{DRAFT}/feedback", fields)
    assert sent.status == 302, sent.text[-3000:]
    return re.fullmatch(r"/receipts/([^/]+)/confirm", urlsplit(sent.headers["Location"]).path).group(1)


def confirm(stack, browser, code, contact):
    """Type the code the worker mailed to `contact` on the confirmation page."""
    page = browser.get(f"/receipts/{code}/confirm")
    assert page.status == 200
    mailed = mailed_code(stack.mail, contact)
    done = browser.post(f"/receipts/{code}/confirm", {**hidden_fields(page.text), "code": mailed})
    assert done.status == 302 and urlsplit(done.headers["Location"]).path == f"/receipts/{code}", done.text[-3000:]


def sign_in(browser, account):
    """Sign in through the login form."""
    page = browser.get("/auth/login")
    answer = browser.post("/auth/login", {**hidden_fields(page.text), **account})
    assert answer.status == 302, answer.text[-3000:]


def approve(browser, code):
    """Find the opinion in the moderation queue (page after page) and approve it."""
    path = "/moderation/"
    while True:
        queue = browser.get(path)
        assert queue.status == 200
        found = re.search(rf'id="fb-(\d+)-h" class="queue-title">\s*{re.escape(code)} ', queue.text)
        if found:
            break
        following = re.search(r'href="(/moderation/\?[^"]*after=[^"]*)"', queue.text)
        assert following, f"{code} is not in the moderation queue"
        path = html.unescape(following.group(1))
    fields = {"csrf_token": hidden_fields(queue.text)["csrf_token"], "approve": "1"}
    decided = browser.post(f"/moderation/{found.group(1)}/decide", fields)
    assert decided.status == 302, decided.text[-3000:]


def opinion_text(subject):
    """An opinion of its own for each test: a number of its own keeps it out of the others' groups of copies."""
    return f"Đề nghị {subject}, phiếu số {secrets.randbelow(10**6)}."


def cache_hits(port):
    """Page cache hits counted by the app server on `port` (its /metrics, read from this machine)."""
    metrics = Browser(port).get("/metrics").text
    found = re.search(r'^consult_page_cache_lookups_total\{result="hit"\} ([0-9.e+]+)$', metrics, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


# --- The tests --------------------------------------------------------------------------------------------------------


def test_an_opinion_goes_round_the_whole_loop_through_nginx(stack):
    text_sent = opinion_text("bố trí lối đi riêng cho người khuyết tật trên vỉa hè")
    contact = f"vong-{secrets.token_hex(3)}@example.vn"
    citizen = stack.browser()
    assert citizen.get(f"/drafts/{DRAFT}").status == 200

    code = send_opinion(citizen, text_sent, contact)
    confirm(stack, citizen, code, contact)
    assert "Chờ kiểm duyệt" in citizen.get(f"/receipts/{code}").text

    moderator = stack.browser()
    sign_in(moderator, MODERATOR)
    approve(moderator, code)

    public = stack.browser().get(f"/drafts/{DRAFT}/articles/2")
    assert public.status == 200 and text_sent in public.text, stack.logs()
    assert "Chờ kiểm duyệt" not in citizen.get(f"/receipts/{code}").text


def test_a_change_made_through_one_app_server_is_seen_through_the_other(stack):
    text_sent = opinion_text("cho phép bán hàng trên vỉa hè rộng trên 3 m vào buổi tối")
    contact = f"bo-nho-{secrets.token_hex(3)}@example.vn"
    citizen = stack.browser()
    code = send_opinion(citizen, text_sent, contact)
    confirm(stack, citizen, code, contact)
    page = f"/drafts/{DRAFT}/articles/2"
    reader = Browser(stack.ports.a, headers=FORWARDED)  # app server A, as nginx reaches it
    assert text_sent not in reader.get(page).text
    hits = cache_hits(stack.ports.a)
    assert text_sent not in reader.get(page).text
    assert cache_hits(stack.ports.a) > hits  # A sent its copy from the shared page cache

    moderator = Browser(stack.ports.b, headers=FORWARDED)  # the change goes through app server B
    sign_in(moderator, MODERATOR)
    approve(moderator, code)

    assert text_sent in reader.get(page).text


def test_the_app_sees_the_address_nginx_saw_not_one_the_client_wrote(stack):
    # 127.0.0.2 is this machine too: nginx sees it as the client's address, and connects to the app from 127.0.0.1.
    citizen = stack.browser(source="127.0.0.2", headers={"X-Forwarded-For": "203.0.113.7"})
    code = send_opinion(citizen, opinion_text("ghi rõ thời hạn cấp phép"), f"dia-chi-{secrets.token_hex(3)}@example.vn")

    with stack.engine.connect() as connection:
        stored = connection.execute(text("SELECT client_hash FROM feedback WHERE receipt_code = :c"), {"c": code})
        stored = stored.scalar_one()
    app = Flask("hashes")  # the keyed hash the app keeps of an address (consult.hashing)
    app.config["SECRET_KEY"] = stack.secret_key
    with app.app_context():
        hashes = {address: hash_value(address, "client") for address in ("127.0.0.2", "203.0.113.7", "127.0.0.1")}
    assert stored == hashes["127.0.0.2"], "the rate limits and blocks would count someone else"

    answer = citizen.get(f"/receipts/{code}/confirm")
    wanted = f"id={answer.headers['X-Request-ID']}"
    deadline = time.monotonic() + 5  # nginx writes its log line once the request is finalised, after the answer
    while True:
        lines = [line for line in stack.nginx.log.read_text().splitlines() if wanted in line]
        if lines or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert len(lines) == 1 and lines[0].startswith("127.0.0.2 "), "nginx's log line and the app's share the id"


def test_nginx_compresses_and_serves_static_files_from_disk_for_a_year(stack):
    browser = stack.browser()
    home = browser.get("/", headers={"Accept-Encoding": "gzip"})
    assert home.status == 200 and home.headers["Content-Encoding"] == "gzip"
    stylesheet = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]+)"', home.text).group(1)

    css = browser.get(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert css.status == 200 and css.headers["Content-Encoding"] == "gzip"
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert css.text == (ROOT / "static" / "css" / "site.css").read_text(encoding="utf-8")
    assert "X-Request-ID" not in css.headers  # from disk: no app server was asked
    assert browser.get("/static/css/site.css").headers["Cache-Control"] == "public, max-age=3600"


def test_nginx_sends_plain_http_to_https_and_keeps_metrics_and_large_bodies_out(stack):
    browser = stack.browser()
    redirected = Browser(stack.nginx.http).get(f"/drafts/{DRAFT}")
    assert redirected.status == 301 and redirected.headers["Location"] == f"https://{HOST}/drafts/{DRAFT}"
    page = browser.get(f"/drafts/{DRAFT}")
    assert "max-age=31536000" in page.headers["Strict-Transport-Security"]  # the app knows the request was HTTPS
    assert browser.get("/metrics").status == 404
    assert Browser(stack.ports.a).get("/metrics").status == 200  # where Prometheus reads it

    # One byte over the app's MAX_CONTENT_LENGTH: refused by nginx on the header alone, no body sent.
    with stack.tls.wrap_socket(
        socket.create_connection(("127.0.0.1", stack.nginx.https), timeout=10), server_hostname="127.0.0.1"
    ) as sock:
        sock.sendall(
            f"POST /drafts/{DRAFT}/feedback HTTP/1.1\r\nHost: {HOST}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {Config.MAX_CONTENT_LENGTH + 1}\r\n"
            "\r\n".encode()
        )
        assert sock.recv(4096).split(b"\r\n")[0] == b"HTTP/1.1 413 Request Entity Too Large"


class SlowSenders:
    """`count` clients that each send a POST's headers at once, then its body one byte every 100 ms."""

    BODY = 100  # bytes: 10 s to send, longer than the test waits

    def __init__(self, connect, count):
        self.sockets = [connect() for _ in range(count)]
        for sock in self.sockets:
            sock.sendall(
                f"POST /drafts/{DRAFT}/feedback HTTP/1.1\r\nHost: {HOST}\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {self.BODY}\r\n\r\n".encode()
            )
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.trickle, daemon=True)
        self.thread.start()

    def trickle(self):
        for _ in range(self.BODY - 1):  # never the last byte: the request stays incomplete
            if self.stopped.wait(0.1):
                return
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.send(b"x")

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.stopped.set()
        self.thread.join(timeout=5)
        for sock in self.sockets:
            sock.close()


def timed_get(browser, path, timeout=5):
    """Return (status or None when no answer came within `timeout`, seconds taken)."""
    started = time.monotonic()
    try:
        status = browser.get(path, timeout=timeout).status
    except TimeoutError:
        status = None
    return status, time.monotonic() - started


def test_slow_clients_hold_nginx_not_the_app_servers(stack):
    def through(nginx):
        return lambda: stack.tls.wrap_socket(
            socket.create_connection(("127.0.0.1", nginx.https), timeout=10), server_hostname="127.0.0.1"
        )

    # 8 clients trickling each nginx: more than G's 1 worker x 2 threads.
    with SlowSenders(through(stack.nginx_g), 8), SlowSenders(through(stack.nginx), 8):
        time.sleep(1)  # all of them are sending by now
        via_g = timed_get(Browser(stack.nginx_g.https, tls=stack.tls), "/healthz")
        via_main = timed_get(stack.browser(), f"/drafts/{DRAFT}")
    print(
        f"\nwhile 8 clients trickle: /healthz through nginx to G {via_g[1]:.3f} s; the draft page through nginx "
        f"to A and B {via_main[1]:.3f} s"
    )
    assert via_g[0] == 200 and via_g[1] < 1, via_g
    assert via_main[0] == 200 and via_main[1] < 1, via_main

    # The contrast: the same clients straight at G hold both its threads, and the next request waits.
    with SlowSenders(lambda: socket.create_connection(("127.0.0.1", stack.ports.g), timeout=10), 8):
        time.sleep(1)
        direct = timed_get(Browser(stack.ports.g), "/healthz", timeout=2)
    print(f"while 8 clients trickle straight at G: /healthz {direct}")
    assert direct[0] is None or direct[1] >= 1, direct
