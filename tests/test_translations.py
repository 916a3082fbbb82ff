"""Translations: Vietnamese is complete, the catalog is up to date with the code, and both locales compile."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ("vi", "en")
# As the Makefile's BABEL_IGNORE_DIRS: Babel's default also skips folders named _*, such as templates/_macros.
IGNORE_DIRS = ".* __pycache__ node_modules"


def load_catalog(locale):
    with open(ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


def untranslated(catalog):
    """Return the ids of entries that are empty or fuzzy."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings[:1]):
            missing.append(message.id)
    return missing


def test_vietnamese_catalog_has_no_empty_or_fuzzy_entry():
    assert untranslated(load_catalog("vi")) == []


def test_catalogs_hold_every_message_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--ignore-dirs",
            IGNORE_DIRS,
            "-o",
            str(pot),
            "--no-location",
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(pot, "rb") as handle:
        extracted = {message.id for message in read_po(handle) if message.id}
    for locale in LOCALES:
        known = {message.id for message in load_catalog(locale) if message.id}
        assert sorted(extracted - known) == [], f"run `make translations-update` and translate ({locale})"
    assert "Please correct the following:" in extracted  # a string of templates/_macros/forms.html


def test_makefile_extracts_from_the_same_folders():
    assert f"--ignore-dirs '{IGNORE_DIRS}'" in (ROOT / "Makefile").read_text()


def test_placeholders_are_kept_in_vietnamese():
    import re

    pattern = re.compile(r"%\(\w+\)[sd]")
    for message in load_catalog("vi"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(pattern.findall(ids[-1]))
        assert set(pattern.findall(strings[0])) == wanted, message.id


def test_pages_render_in_vietnamese_by_default_and_english_on_request(client):
    assert "Dự thảo" in client.get("/").get_data(as_text=True)
    client.get("/lang/en")
    assert "Drafts for public comment" in client.get("/").get_data(as_text=True)


def test_templates_and_labels_follow_a_language_forced_inside_a_request(app):
    # Templates and target labels read the catalogue once per request and language (consult.i18n.translations):
    # an email written in another language inside a request must still come out in that language.
    from flask import render_template_string
    from flask_babel import force_locale

    from consult.drafts.labels import numbered_target_label

    page = "{{ _('Contents') }} · {{ ngettext('%(num)d day left', '%(num)d days left', 3) }}"
    with app.test_request_context("/"):
        assert render_template_string(page) == "Mục lục · Còn 3 ngày"
        assert numbered_target_label(5, 2) == "Khoản 2 Điều 5"
        with force_locale("en"):
            assert render_template_string(page) == "Contents · 3 days left"
            assert numbered_target_label(5, 2) == "Clause 2, Article 5"
        assert render_template_string(page) == "Mục lục · Còn 3 ngày"
        assert numbered_target_label(5) == "Điều 5"


def test_every_label_reads_as_flask_babel_would_translate_it_in_each_language(app):
    from flask_babel import force_locale

    from consult.i18n import label
    from consult.labels import TEMPLATE_LABELS

    tables = {name: table for name, table in TEMPLATE_LABELS.items() if isinstance(table, dict)}
    with app.test_request_context("/"):
        for language in ("vi", "en"):
            with force_locale(language):
                for name, table in tables.items():
                    for code, lazy in table.items():
                        assert label(table, code) == str(lazy), (language, name, code)
        with force_locale("vi"):
            assert label(TEMPLATE_LABELS["STANCES"], "support") != "support"  # translated, not the code
