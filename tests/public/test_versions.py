"""Versions on the public pages: the current text, earlier versions, word-level changes, opinions on their version."""

from consult.drafts.services import update_draft
from consult.feedback.models import FeedbackStatus
from tests import factories

REVISED = """Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy định này quy định việc quản lý vỉa hè.
Điều 2. Đối tượng áp dụng
1. Cơ quan nhà nước ở trung ương và địa phương.
2. Tổ chức, cá nhân có liên quan.
Chương II
TỔ CHỨC THỰC HIỆN
Điều 3. Trách nhiệm thi hành
Các sở, ngành tổ chức thực hiện."""


def revise(db, draft):
    """Publish version 2 of the factory draft: article 2 reworded, article 3 replaced."""
    update_draft(None, draft, {}, REVISED, note="Làm rõ đối tượng áp dụng")
    db.session.commit()


def test_current_version_is_shown_with_a_link_to_the_changes(client, db, open_draft):
    opinion = factories.make_feedback(
        open_draft, FeedbackStatus.APPROVED, article=open_draft.articles[1], content="Đề nghị nêu rõ cơ quan nào"
    )
    db.session.commit()
    revise(db, open_draft)

    html = client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)

    assert "Cơ quan nhà nước ở trung ương và địa phương." in html
    assert "Đây là phiên bản 2 của dự thảo" in html
    assert f"/drafts/{open_draft.slug}/versions/2/changes" in html
    assert "Đề nghị nêu rõ cơ quan nào" in html
    assert f'/drafts/{open_draft.slug}/versions/1#dieu-2">về phiên bản 1</a>' in html
    assert opinion.version.number == 1


def test_earlier_version_stays_readable(client, db, open_draft):
    revise(db, open_draft)

    html = client.get(f"/drafts/{open_draft.slug}/versions/1").get_data(as_text=True)

    assert "1. Cơ quan nhà nước." in html and "Hiệu lực thi hành" in html
    assert "Xem phiên bản hiện hành" in html
    assert "/feedback" not in html.split('id="text-title"')[1]  # no comment links on an old version
    assert client.get(f"/drafts/{open_draft.slug}/versions/9").status_code == 404


def test_changes_are_shown_word_by_word(client, db, open_draft):
    revise(db, open_draft)

    html = client.get(f"/drafts/{open_draft.slug}/versions/2/changes").get_data(as_text=True)

    assert "2 điều được sửa đổi, 0 điều bổ sung, 0 điều bị bỏ; 1 điều còn lại giữ nguyên." in html
    inserted = [part.split("</ins>")[0] for part in html.split("<ins>")[1:]]
    deleted = [part.split("</del>")[0] for part in html.split("<del>")[1:]]
    assert any("ở trung ương và địa phương" in part for part in inserted)
    assert any("Hiệu lực" in part for part in deleted)
    assert any("Trách nhiệm" in part for part in inserted) and not any("thi hành" in part for part in inserted)
    assert "Quy định này quy định việc quản lý vỉa hè." not in "".join(inserted + deleted)  # unchanged words
    assert "Làm rõ đối tượng áp dụng" in html
    assert client.get(f"/drafts/{open_draft.slug}/versions/1/changes").status_code == 404


def test_versions_list(client, db, open_draft):
    revise(db, open_draft)

    html = client.get(f"/drafts/{open_draft.slug}/versions").get_data(as_text=True)

    assert html.index("Phiên bản 2") < html.index("Phiên bản 1")
    assert "hiện hành" in html
