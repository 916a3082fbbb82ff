"""Drafts and opinions put through the real services, so the index is kept by the calls under test."""

from consult.drafts.models import DraftStatus
from consult.drafts.services import publish_draft
from consult.moderation.services import approve_feedback
from tests import factories

STRUCTURE = """Chương I
QUY ĐỊNH CHUNG
Điều 1. Quy hoạch sử dụng đất
1. Quy hoạch đất đai phải được công khai.
2. Ủy ban nhân dân tỉnh Khánh Hoà tổ chức lấy ý kiến.
Điều 2. Hòa giải ở cơ sở
Tổ hòa giải do bà Thuý làm tổ trưởng.
Chương II
TỔ CHỨC THỰC HIỆN
Điều 3. Hiệu lực thi hành
Quyết định có hiệu lực kể từ ngày ký."""


def published_draft(agency, title="Dự thảo Quyết định về quy hoạch đất đô thị", structure=STRUCTURE):
    """Create a draft and publish it through publish_draft (which indexes it)."""
    draft = factories.make_draft(agency, status=DraftStatus.DRAFT, title=title, structure=structure)
    publish_draft(None, draft)
    return draft


def approved_opinion(draft, moderator, content, **fields):
    """Create a pending opinion and approve it through the moderation service."""
    feedback = factories.make_feedback(draft, content=content, **fields)
    approve_feedback(moderator, feedback)
    return feedback
