"""The files of deploy/ agree with the app and with the tools that read them: nginx takes the request bodies the app
takes, the systemd units are valid, the example settings read the same in systemd and in a shell and cannot start
production as they are."""

import os
import re
import shutil
import subprocess

import pytest

import config
from config import Config, ProductionConfig, SettingError
from tests.deploy.stack import DEPLOY, RELEASE, ROOT, env_file, unavailable


def test_nginx_takes_the_request_bodies_the_app_takes_and_no_larger():
    site = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    (megabytes,) = re.findall(r"^\s*client_max_body_size (\d+)m;", site, re.MULTILINE)

    assert int(megabytes) * 1024 * 1024 == Config.MAX_CONTENT_LENGTH  # nginx's "m" is 1024 * 1024 bytes


def test_the_units_are_valid_systemd_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        unavailable("systemd-analyze not found (apt-get install systemd)")
    units = []
    for name in ("consult-web.service", "consult-worker.service"):  # their programs are this checkout's
        units.append(tmp_path / name)
        units[-1].write_text((DEPLOY / name).read_text(encoding="utf-8").replace(RELEASE, str(ROOT)))

    checked = subprocess.run([analyze, "verify", *map(str, units)], capture_output=True, text=True, timeout=60)

    # A misspelt setting is only warned about ("ignoring"), with exit status 0: no output at all is the pass.
    assert (checked.returncode, checked.stdout + checked.stderr) == (0, "")


def test_the_example_settings_do_not_start_production_until_a_secret_key_is_set(monkeypatch):
    for name in set(re.findall(r'"([A-Z][A-Z0-9_]+)"', (ROOT / "config.py").read_text(encoding="utf-8"))):
        monkeypatch.delenv(name, raising=False)
    for name, value in env_file().items():
        monkeypatch.setenv(name, value)
    assert config.config_from_env() is ProductionConfig

    with pytest.raises(SettingError, match="needs SECRET_KEY"):
        ProductionConfig()


def test_the_example_settings_read_the_same_in_a_shell_as_in_systemd():
    """The README's command line reads /etc/consult/consult.env with sh, the units with systemd."""
    shown = subprocess.run(
        ["sh", "-c", 'set -a && . "$0" && env -0', str(DEPLOY / "consult.env.example")],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        capture_output=True,
        check=True,
        timeout=30,
    )
    values = dict(item.split("=", 1) for item in shown.stdout.decode().split("\0") if item)
    expected = env_file()

    assert {name: values.get(name) for name in expected} == expected
    assert expected["MAIL_FROM"] == "Cổng góp ý dự thảo <gopy@example.vn>"
