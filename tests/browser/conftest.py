"""Real-browser fixtures: the app served on a local port and Debian's Chromium driven by Playwright.

Locally, a missing Chromium or axe-core skips these tests with the reason; in CI (CI=true) it fails them.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from consult import create_app
from tests.conftest import _testing_config

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _unavailable(reason):
    """Fail in CI, skip (with the reason shown) elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_browser():
    """A headless Chromium shared by the browser tests."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (make install-test)")
    manager = sync_playwright().start()
    browser = manager.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    manager.stop()


@pytest.fixture
def live_server(app, database_url, app_config):
    """Serve a second app instance on the test database (with the test's app_config) at a free local port; yield its
    base URL."""
    server_app = create_app(_testing_config(database_url, **app_config))
    server = make_server("127.0.0.1", 0, server_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    with server_app.app_context():
        from consult.extensions import db

        db.engine.dispose()


@pytest.fixture
def new_page(playwright_browser):
    """Open pages in fresh contexts (own cookies); JavaScript is off unless asked, as on the cheapest phones."""
    contexts = []

    def open_page(javascript=False, mobile=True):
        options = {"java_script_enabled": javascript, "locale": "vi-VN", "accept_downloads": True}
        if mobile:
            options["viewport"] = {"width": 360, "height": 740}
        context = playwright_browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def check_accessibility(playwright_browser):
    """Run axe-core (WCAG 2.1 A and AA rules) on what a page shows and fail on any violation.

    The page under test runs without JavaScript, so its HTML is copied into a same-origin page of a
    script-enabled context (CSP bypassed only there, for the injected axe script) and checked there.
    """
    if not AXE.exists():
        _unavailable(f"axe-core not found at {AXE} (run `npm ci`)")
    context = playwright_browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})

    def check(page, label):
        checker = context.new_page()
        checker.goto(page.url.split("#")[0] if page.url.startswith("http") else "about:blank")
        checker.set_content(page.content(), wait_until="load")
        checker.add_script_tag(path=str(AXE))
        result = checker.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        checker.close()
        problems = [
            f"{violation['id']} ({violation['impact']}): {violation['help']} at "
            + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            for violation in result["violations"]
        ]
        assert problems == [], f"{label}: " + "; ".join(problems)

    yield check
    context.close()
