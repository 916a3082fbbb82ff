"""Following an agency by email from a phone without JavaScript: subscribe, confirm through the mailed link, receive
the email of a new draft (the file mail backend, as `make run` can use), end it in one click; axe on each page."""

import email
import email.policy
import re
from pathlib import Path

import pytest

from consult.drafts.models import DraftStatus
from consult.drafts.services import publish_draft
from tests import factories

LINK = re.compile(r"https://gopy\.example\.vn(/subscriptions/(?:confirm|end)/[\w.-]+)")


@pytest.fixture
def app_config(tmp_path):
    """Both the served app and the test's own (which sends the digest when the test commits) write mail here."""
    return {"MAIL_BACKEND": "file", "MAIL_FILE_DIR": str(tmp_path / "mail")}


def mails(app_config):
    folder = app_config["MAIL_FILE_DIR"]
    paths = sorted(Path(folder).glob("*.eml"))
    return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default) for path in paths]


def test_follow_an_agency_by_email_and_stop_in_one_click(
    live_server, new_page, check_accessibility, db, open_draft, app_config
):
    page = new_page()
    page.goto(f"{live_server}/drafts/{open_draft.slug}")
    page.get_by_role("link", name="dự thảo mới của cơ quan này").last.click()
    check_accessibility(page, "subscription form")
    page.get_by_label("Email của bạn").fill("nguoi.dan@example.vn")
    page.get_by_role("button", name="Đăng ký").click()
    assert "Hãy kiểm tra hộp thư" in page.locator("h1").inner_text()
    check_accessibility(page, "check your email page")

    (confirmation,) = mails(app_config)
    page.goto(live_server + LINK.search(confirmation.get_content()).group(1))
    check_accessibility(page, "confirmation page")
    page.get_by_role("button", name="Xác nhận").click()
    assert "Đã xác nhận đăng ký" in page.locator("h1").inner_text()

    market = factories.make_draft(open_draft.agency, title="Dự thảo Quy định về chợ dân sinh", status=DraftStatus.DRAFT)
    db.session.commit()
    publish_draft(None, market)
    db.session.commit()
    (digest,) = [mail for mail in mails(app_config) if mail["Subject"].startswith("Lấy ý kiến nhân dân")]
    assert "Dự thảo Quy định về chợ dân sinh" in digest.get_content()
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page.goto(live_server + LINK.search(digest.get_content()).group(1))
    check_accessibility(page, "unsubscribe page")
    page.get_by_role("button", name="Hủy đăng ký").click()
    assert "Đã hủy đăng ký" in page.locator("h1").inner_text()
    assert len(mails(app_config)) == 2
