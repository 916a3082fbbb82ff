"""The draft page's header and the site's header and footer are rendered once and kept while nothing they show
changes, with the page cache off: a new file, a window extended, the agency renamed, the draft edited or the next
day show at the next request; a signed-in person's header (their name, a sign-out token) is never kept, and one
kind of fragment never pushes out another. The same page is compressed once. On PostgreSQL a public page reads
outside a transaction."""

import gzip
from datetime import datetime, timedelta

import pytest
from flask import template_rendered
from sqlalchemy import event, select

from consult import pagecache
from consult.attachments.services import store_attachment
from consult.database import utcnow
from consult.drafts.window import extend_window
from consult.feedback.models import FeedbackStatus
from consult.i18n import LOCAL_TZ
from consult.public import rendered
from tests import factories
from tests.conftest import TEST_DATABASE_URL
from tests.public.test_kept_opinions import FRESH, page
from tests.public.test_page_cache import _counting_calls, anonymous, frozen_clock  # noqa: F401 (a fixture)

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def renders(app):
    """The names of the templates rendered, one entry per render."""
    names = []

    def note(_sender, template, context, **_extra):
        names.append(template.name)

    template_rendered.connect(note, app)
    yield names
    template_rendered.disconnect(note, app)


@pytest.mark.parametrize("app_config", [FRESH])
def test_the_header_shows_each_change_at_the_next_request_and_is_rendered_once_between(
    app, db, open_draft, agency_editor, renders
):
    first, second = page(app, open_draft), page(app, open_draft)
    assert first == second
    assert renders.count("public/_draft_header.html") == 1
    assert renders.count("_site_header.html") == renders.count("_site_footer.html") == 1

    store_attachment(agency_editor, open_draft, "Tờ trình dự thảo.pdf", PDF)
    db.session.commit()
    with_file = page(app, open_draft)
    extend_window(agency_editor, open_draft, open_draft.closes_at + timedelta(days=10), "Thêm thời gian cho xã xa.")
    db.session.commit()
    extended = page(app, open_draft)
    open_draft.agency.name = "Sở Giao thông Vận tải Hà Nội"
    db.session.commit()
    renamed = page(app, open_draft)
    open_draft.summary = "Tóm tắt mới của dự thảo."
    db.session.commit()
    edited = page(app, open_draft)

    assert "Tờ trình dự thảo.pdf" not in first and "Tờ trình dự thảo.pdf" in with_file
    assert "Thêm thời gian cho xã xa." in extended
    assert "Sở Giao thông Vận tải Hà Nội" in renamed
    assert "Tóm tắt mới của dự thảo." in edited
    assert renders.count("public/_draft_header.html") == 5
    assert renders.count("_site_header.html") == 1  # the same address and language all along


@pytest.mark.parametrize("app_config", [FRESH])
def test_days_left_in_the_kept_header_change_at_midnight_in_viet_nam(app, db, agency, frozen_clock):
    closes_at = datetime(2026, 12, 21, tzinfo=LOCAL_TZ)
    frozen_clock.set(datetime(2026, 12, 10, 23, 59, tzinfo=LOCAL_TZ))
    draft = factories.make_draft(agency, opens_at=utcnow() - timedelta(days=5), closes_at=closes_at)
    db.session.commit()
    before = page(app, draft)
    frozen_clock.set(datetime(2026, 12, 11, 0, 1, tzinfo=LOCAL_TZ))
    after = page(app, draft)
    frozen_clock.set(closes_at + timedelta(seconds=1))
    closed = page(app, draft)

    assert "Còn 10 ngày" in before and "Còn 9 ngày" in after
    assert "Góp ý toàn bộ dự thảo" in after and "Góp ý toàn bộ dự thảo" not in closed
    assert "Đã kết thúc" in closed


@pytest.mark.parametrize("app_config", [FRESH])
def test_a_signed_in_persons_header_is_never_kept(app, db, client, auth, open_draft, moderator, renders):
    page(app, open_draft)
    auth.login(moderator)
    before = renders.count("_site_header.html")
    signed_in = client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)
    client.get(f"/drafts/{open_draft.slug}")
    while_signed_in = renders.count("_site_header.html") - before
    auth.logout()
    before = renders.count("_site_header.html")
    signed_out = client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)

    assert moderator.name in signed_in and 'name="csrf_token"' in signed_in
    assert moderator.name not in signed_out and "Đăng nhập cho cán bộ" in signed_out
    assert while_signed_in == 2  # rendered for each of the moderator's pages
    assert renders.count("_site_header.html") == before  # a visitor's, kept from the first page


@pytest.mark.parametrize("app_config", [FRESH])
def test_the_language_link_of_the_kept_header_returns_to_each_page(app, db, open_draft):
    home = anonymous(app).get("/").get_data(as_text=True)
    draft = page(app, open_draft)
    english = anonymous(app)
    english.get("/lang/en?next=/")

    assert 'href="/lang/en?next=/?"' in home or 'href="/lang/en?next=/"' in home
    assert f"next=/drafts/{open_draft.slug}" in draft
    assert "Public consultation on draft documents" in english.get("/").get_data(as_text=True)


def test_one_kind_of_fragment_never_pushes_out_another(app):
    with app.app_context():
        rendered.kept_fragment("text", "draft-1", lambda: "the text")
        for number in range(rendered.FRAGMENTS_KEPT + 10):
            rendered.kept_fragment("site-header", f"/search?q={number}", lambda: "a header")

        kept = rendered.kept_fragment("text", "draft-1", lambda: "rendered again")
        stores = app.extensions["consult_fragments"]

    assert kept == "the text"
    assert len(stores["site-header"]) == rendered.FRAGMENTS_KEPT


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="autocommit reads are for PostgreSQL only (run on PostgreSQL)")
def test_a_public_page_reads_without_a_transaction_and_gives_its_connection_back_as_it_was(app, db, open_draft):
    url = f"/drafts/{open_draft.slug}"
    db.session.commit()
    db.session.remove()  # as at the start of a request in production: no transaction open
    autocommit = []

    def note(connection, *_args):
        autocommit.append(connection.connection.dbapi_connection.autocommit)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        shown = anonymous(app).get(url)
        during = list(autocommit)
        db.session.remove()  # as at the end of a request
        autocommit.clear()
        db.session.execute(select(1))
        after = list(autocommit)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)

    assert shown.status_code == 200
    assert during and all(during)  # no BEGIN, no ROLLBACK sent for the page
    assert after == [False]  # the next user of the connection has transactions again


@pytest.mark.parametrize("app_config", [FRESH])
def test_with_the_cache_off_the_same_page_is_compressed_once_and_a_changed_one_again(app, db, open_draft, monkeypatch):
    compressed = []
    gzip_form = pagecache.COMPRESSORS["gzip"]
    monkeypatch.setitem(pagecache.COMPRESSORS, "gzip", _counting_calls(gzip_form, compressed))
    url = f"/drafts/{open_draft.slug}"
    first = anonymous(app, accept_encoding="gzip").get(url)
    second = anonymous(app, accept_encoding="gzip").get(url)
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, content="Ý kiến mới sau khi nén.")
    db.session.commit()
    changed = anonymous(app, accept_encoding="gzip").get(url)

    assert first.get_data() == second.get_data() and first.headers["ETag"] == second.headers["ETag"]
    assert "Ý kiến mới sau khi nén." in gzip.decompress(changed.get_data()).decode()
    assert len(compressed) == 2  # the first page, then the changed one
