"""The suite itself: a PostgreSQL run whose database is unreachable fails instead of skipping."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_unreachable_postgresql_fails_the_run():
    env = dict(os.environ, TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:1/test")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/public/test_views.py::test_unpublished_draft_is_hidden_from_the_public",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode not in (0, 5), result.stdout
    assert "PostgreSQL cannot be used" in result.stdout + result.stderr
