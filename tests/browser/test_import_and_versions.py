"""In a real browser without JavaScript: import a law from DOCX, revise a published draft, comment on one clause."""

import re
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlalchemy import select

from consult.drafts.models import Draft, DraftStatus
from consult.feedback.models import Feedback, FeedbackStatus
from tests import factories
from tests.drafts.builders import office_docx

LAW = Path(__file__).resolve().parents[1] / "fixtures" / "legal" / "luat-an-ninh-mang-2018.txt"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]


def login(page, base, user):
    """Sign in through the staff login form."""
    page.goto(f"{base}/auth/login")
    page.get_by_label("Email").fill(user.email)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_editor_imports_a_law_from_docx_and_opens_it_for_comments(
    live_server, new_page, check_accessibility, db, agency_editor, tmp_path
):
    base = live_server
    source = tmp_path / "Luat-an-ninh-mang-2018.docx"
    source.write_bytes(office_docx(LAW.read_text(encoding="utf-8").splitlines()))

    editor = new_page(mobile=False)
    login(editor, base, agency_editor)
    editor.goto(f"{base}/agency/")
    editor.get_by_role("link", name="Nhập từ tệp").click()
    expect(editor.get_by_role("heading", name="Nhập dự thảo từ tệp")).to_be_visible()
    check_accessibility(editor, "import page")

    editor.get_by_label("Tệp dự thảo (DOCX, HTML hoặc văn bản thuần)").set_input_files(str(source))
    editor.get_by_role("button", name="Đọc tệp").click()

    expect(editor.get_by_role("heading", name="Kiểm tra dự thảo vừa nhập")).to_be_visible()
    summary = editor.locator("p.notice").inner_text()
    assert "Luat-an-ninh-mang-2018.docx" in summary
    assert "7 chương" in summary and "43 điều" in summary
    assert editor.get_by_label("Tên dự thảo").input_value() == "Luật An ninh mạng"
    assert "Điều 43. Hiệu lực thi hành" in editor.get_by_label("Nội dung dự thảo").input_value()
    check_accessibility(editor, "import preview")
    assert db.session.scalar(select(Draft)) is None  # the preview saves nothing

    editor.get_by_role("button", name="Lưu").click()  # nothing corrected
    assert editor.locator(".flash--success").inner_text().strip().startswith("Đã lưu dự thảo.")
    expect(editor.get_by_role("heading", name="Luật An ninh mạng")).to_be_visible()

    editor.get_by_role("button", name="Mở lấy ý kiến").click()
    assert "Dự thảo đã được công bố" in editor.locator(".flash--success").inner_text()
    public_path = editor.get_by_role("link", name="Xem trang công khai").get_attribute("href")

    db.session.expire_all()
    draft = db.session.scalar(select(Draft))
    assert draft.status == DraftStatus.OPEN and draft.number_symbol == "24/2018/QH14"
    assert [article.number for article in draft.articles] == list(range(1, 44))

    citizen = new_page()
    citizen.goto(base + public_path)
    expect(citizen.get_by_role("heading", name="Luật An ninh mạng", exact=True)).to_be_visible()
    contents = citizen.get_by_role("navigation", name="Mục lục")
    chapters = [text.split(".")[0] for text in contents.locator("li.toc-division a").all_inner_texts()]
    assert chapters == [f"Chương {number}" for number in ROMAN]
    assert contents.locator("a[href='#dieu-43']").count() == 1
    assert citizen.locator("#dieu-43").count() == 1
    for link in contents.locator("li.toc-division a").all():  # every chapter link leads to a heading on the page
        assert citizen.locator(link.get_attribute("href")).count() == 1
    contents.locator("a[href='#dieu-43']").click()
    expect(citizen).to_have_url(re.compile("#dieu-43$"))
    expect(citizen.get_by_role("heading", name="Điều 43. Hiệu lực thi hành")).to_be_visible()
    assert citizen.get_by_role("link", name="Góp ý Khoản 1 Điều 43").count() == 1
    check_accessibility(citizen, "imported law, public draft page")

    citizen.goto(f"{base}{public_path}?article=43")
    expect(citizen.get_by_role("heading", name="Ý kiến đã đăng công khai về Điều 43")).to_be_visible()
    check_accessibility(citizen, "imported law, article 43 page")


def test_revised_text_becomes_version_2_and_old_opinions_point_to_version_1(
    live_server, new_page, check_accessibility, db, open_draft, agency_editor
):
    base = live_server
    article_2 = next(article for article in open_draft.articles if article.number == 2)
    opinion = factories.make_feedback(
        open_draft,
        status=FeedbackStatus.APPROVED,
        article=article_2,
        content="Cần nói rõ tổ chức, cá nhân nào có liên quan.",
    )
    db.session.commit()
    old_sentence, new_sentence = (
        "2. Tổ chức, cá nhân có liên quan.",
        "2. Tổ chức, cá nhân nước ngoài hoạt động tại Hà Nội.",
    )

    editor = new_page(mobile=False)
    login(editor, base, agency_editor)
    editor.goto(f"{base}/agency/drafts/{open_draft.id}")
    editor.get_by_role("link", name="Sửa dự thảo").click()
    text = editor.get_by_label("Nội dung dự thảo")
    assert old_sentence in text.input_value()
    text.fill(text.input_value().replace(old_sentence, new_sentence))
    editor.get_by_label("Nội dung thay đổi (hiển thị kèm phiên bản mới)").fill("Nêu rõ đối tượng áp dụng tại Điều 2.")
    editor.get_by_role("button", name="Lưu").click()
    assert "Đã lưu thay đổi." in editor.locator(".flash--success").inner_text()

    db.session.expire_all()
    draft = db.session.get(Draft, open_draft.id)
    assert [version.number for version in draft.versions] == [1, 2]
    published = draft.current_version.created_at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y")

    citizen = new_page()
    citizen.goto(f"{base}/drafts/{open_draft.slug}")
    expect(citizen.locator("p.notice", has_text="Đây là phiên bản")).to_contain_text(
        f"Đây là phiên bản 2 của dự thảo, công bố ngày {published}."
    )
    assert new_sentence in citizen.locator("#dieu-2").inner_text()
    listed = citizen.locator(f"#y-kien-{opinion.id}")
    assert "Cần nói rõ tổ chức, cá nhân nào có liên quan." in listed.inner_text()
    listed.get_by_role("link", name="về phiên bản 1").click()

    expect(citizen).to_have_url(re.compile(rf"/drafts/{open_draft.slug}/versions/1#dieu-2$"))
    assert "Phiên bản 1, công bố ngày" in citizen.locator("p.notice").inner_text()
    assert old_sentence in citizen.locator("#dieu-2").inner_text()
    assert "nước ngoài" not in citizen.locator("#dieu-2").inner_text()
    expect(citizen.get_by_role("link", name="Xem phiên bản hiện hành")).to_be_visible()
    check_accessibility(citizen, "version 1 page")

    citizen.goto(f"{base}/drafts/{open_draft.slug}")
    citizen.get_by_role("link", name="Những thay đổi so với phiên bản 1").click()
    expect(citizen.get_by_role("heading", name="Thay đổi từ phiên bản 1 sang phiên bản 2")).to_be_visible()
    assert "Nêu rõ đối tượng áp dụng tại Điều 2." in citizen.content()
    change = citizen.locator("section.change")
    assert change.count() == 1 and "Điều 2" in change.get_by_role("heading").inner_text()
    inserted = " ".join(change.locator("ins").all_text_contents())
    removed = " ".join(change.locator("del").all_text_contents())
    assert "nước ngoài hoạt động tại Hà Nội" in inserted and "có liên quan" not in inserted
    assert "có liên quan" in removed and "nước ngoài" not in removed
    check_accessibility(citizen, "changes page")


def test_citizen_on_a_phone_comments_on_one_clause(live_server, new_page, check_accessibility, db, open_draft):
    base = live_server
    citizen = new_page()  # 360 px wide, no JavaScript
    citizen.goto(f"{base}/drafts/{open_draft.slug}")

    link = citizen.get_by_role("link", name="Góp ý Khoản 2 Điều 2")
    assert link.count() == 1
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360  # reachable without scrolling sideways
    link.click()

    target = citizen.get_by_label("Góp ý về")
    assert target.input_value() == "2.2"
    assert target.locator("option:checked").inner_text().strip() == "— Khoản 2 Điều 2"
    check_accessibility(citizen, "opinion form on a clause")

    citizen.get_by_label("Tán thành", exact=True).check()
    citizen.get_by_label("Nội dung góp ý").fill(
        "Đề nghị liệt kê rõ các tổ chức, cá nhân có liên quan, kể cả hộ kinh doanh."
    )
    citizen.get_by_label("Họ và tên hoặc tên tổ chức").fill("Trần Văn Bình")
    citizen.get_by_label("Tỉnh, thành phố").select_option("ha-noi")
    citizen.get_by_label("Email hoặc số điện thoại").fill("binh.tran@example.vn")
    citizen.locator("#consent_terms").check()
    citizen.get_by_role("button", name="Gửi ý kiến").click()

    expect(citizen.get_by_role("heading", name="Đã nhận ý kiến góp ý")).to_be_visible()
    about = citizen.locator("dl.facts dt", has_text="Góp ý về").locator("xpath=following-sibling::dd[1]")
    assert about.inner_text().strip() == "Khoản 2 Điều 2"
    code = citizen.locator(".receipt .code").inner_text().strip()
    check_accessibility(citizen, "receipt for a clause")

    db.session.expire_all()
    feedback = db.session.scalar(select(Feedback).where(Feedback.receipt_code == code))
    assert feedback.status == FeedbackStatus.PENDING
    assert feedback.article.number == 2 and feedback.clause.number == 2
