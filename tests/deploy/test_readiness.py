"""/readyz of an app server (deploy/consult-web.service: gunicorn, gevent) on a PostgreSQL cluster of the test's own:
503 within a second when the database stops answering (every process of the cluster frozen) or stops altogether
(`pg_ctl stop -m immediate`), 200 again once it is back. The time limit is the issue's bound for a load balancer
polling every second, not a benchmark."""

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from consult import create_app
from consult.extensions import db
from tests.conftest import _testing_config
from tests.deploy.stack import BIN, ROOT, Browser, Process, env_file, free_port, unavailable, unit

pytestmark = pytest.mark.server


def postgres_programs():
    """The folder of the newest PostgreSQL server programs Debian installed (initdb, pg_ctl)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parent.parent.name))
    if not found:
        unavailable("no PostgreSQL server programs in /usr/lib/postgresql/*/bin (apt-get install postgresql)")
    return found[-1].parent


class Cluster:
    """A PostgreSQL cluster in a folder of its own, listening on 127.0.0.1:`port`, owned by the user `postgres` when
    the test runs as root (PostgreSQL refuses to run as root)."""

    def __init__(self, programs, folder, port):
        self.programs, self.folder, self.port = programs, Path(folder), port
        self.data = self.folder / "data"

    def run(self, program, *arguments):
        """Run one of the server's programs as the cluster's owner."""
        command = [str(self.programs / program), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr

    def start(self):
        """Start the server and wait until it takes connections."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-o", options, "-w", "start")

    def stop(self):
        """Stop the server at once, as a crash or a pulled plug would (no checkpoint, connections cut)."""
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def processes(self):
        """The server's main process, then every process it started."""
        main = int((self.data / "postmaster.pid").read_text().split()[0])
        children = []
        for entry in Path("/proc").iterdir():
            with contextlib.suppress(OSError, ValueError, IndexError):
                if entry.name.isdigit() and int((entry / "stat").read_text().rpartition(")")[2].split()[1]) == main:
                    children.append(int(entry.name))
        return [main, *children]

    def signal(self, number):
        """Send a signal to every process of the server."""
        for pid in self.processes():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, number)

    @property
    def url(self):
        """The address of its database `postgres`."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster():
    """A fresh cluster on a free port, started; stopped and removed afterwards."""
    programs = postgres_programs()
    if os.geteuid() == 0 and not shutil.which("runuser"):
        unavailable("running as root needs runuser to start PostgreSQL as the user postgres")
    # Not pytest's tmp_path: the user postgres must reach the folder.
    folder = Path(tempfile.mkdtemp(prefix="test_proxy_cluster_"))
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        cluster = Cluster(programs, folder, free_port())
        cluster.run("initdb", "-D", str(cluster.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "-N")
        cluster.start()
        try:
            yield cluster
        finally:
            cluster.signal(signal.SIGCONT)  # a test that failed while the cluster was frozen
            with contextlib.suppress(AssertionError):
                cluster.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def probe(port):
    """Ask /readyz once; return (status, seconds it took)."""
    started = time.monotonic()
    status = Browser(port).get("/readyz", timeout=10).status
    return status, time.monotonic() - started


def ready_again(port, within=15):
    """Probe every 0.2 s until /readyz says 200; return the last status."""
    deadline = time.monotonic() + within
    while (status := probe(port)[0]) != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    return status


def test_readyz_turns_503_within_a_second_when_postgresql_stops_answering_and_200_when_it_is_back(cluster, tmp_path):
    app = create_app(_testing_config(cluster.url))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    port = free_port()
    env = dict(
        os.environ,
        CONSULT_ENV="development",
        SECRET_KEY=secrets.token_hex(32),
        DATABASE_URL=cluster.url,
        CONSULT_INSTANCE=str(tmp_path),
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    settings = dict(env_file(), WEB_WORKERS="1", WEB_BIND=f"127.0.0.1:{port}")
    command, extra = unit("consult-web.service", settings, tmp_path / "run")
    assert command[0] == str(BIN / "gunicorn") and "gevent" in command  # as on PostgreSQL in production
    server = Process("app server", command, tmp_path / "gunicorn.log", dict(env, **extra))
    try:
        server.wait_for_port(port)
        assert Browser(port).get("/healthz", timeout=90).status == 200, server.tail()  # its worker has loaded the app
        assert ready_again(port) == 200, server.tail()

        cluster.signal(signal.SIGSTOP)  # every process frozen: connections open, nothing ever answered
        frozen = [probe(port), probe(port)]
        cluster.signal(signal.SIGCONT)
        back = ready_again(port)

        cluster.stop()
        stopped = [probe(port), probe(port)]
        cluster.start()
        restarted = ready_again(port)
    finally:
        server.stop()

    print(f"\n/readyz (status, seconds): database frozen {frozen}; stopped {stopped}")
    for status, seconds in frozen + stopped:
        assert status == 503 and seconds < 1, (frozen, stopped, server.tail())
    assert (back, restarted) == (200, 200), server.tail()
