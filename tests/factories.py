"""Plain factory functions for test data; each flushes so ids exist, none commits."""

import itertools
from datetime import timedelta

from consult.agency.models import Agency
from consult.auth.models import Role, User
from consult.database import utcnow
from consult.drafts.models import DraftStatus
from consult.drafts.services import create_draft
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.feedback.receipts import new_receipt_code

PASSWORD = "correct horse battery"
_counter = itertools.count(1)

STRUCTURE = """Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy định này quy định việc quản lý vỉa hè.
Điều 2. Đối tượng áp dụng
1. Cơ quan nhà nước.
2. Tổ chức, cá nhân có liên quan.
Chương II
TỔ CHỨC THỰC HIỆN
Điều 3. Hiệu lực thi hành
Quyết định có hiệu lực kể từ ngày ký."""


def make_agency(name=None, slug=None, kind="department", locality=""):
    """Create an agency."""
    n = next(_counter)
    agency = Agency(name=name or f"Sở Thử nghiệm {n}", slug=slug or f"so-thu-nghiem-{n}", kind=kind, locality=locality)
    db.session.add(agency)
    db.session.flush()
    return agency


def make_user(role=Role.CITIZEN, agency=None, email=None, password=PASSWORD, active=True):
    """Create a user whose password is PASSWORD."""
    n = next(_counter)
    user = User(email=email or f"{role}{n}@example.vn", name=f"Người dùng {n}", role=role, agency=agency, active=active)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def make_draft(agency, status=DraftStatus.OPEN, opens_at=None, closes_at=None, title=None, structure=STRUCTURE):
    """Create a draft with three articles in two chapters, open for 30 days by default."""
    now = utcnow()
    values = {
        "title": title or f"Dự thảo Quyết định số {next(_counter)} về quản lý vỉa hè",
        "summary": "Tóm tắt dự thảo.",
        "doc_type": "decision",
        "field": "Xây dựng",
        "contact": "Phòng Quản lý đô thị",
        "opens_at": opens_at or now - timedelta(days=1),
        "closes_at": closes_at or now + timedelta(days=30),
    }
    draft = create_draft(None, agency, values, structure)
    draft.status = status
    db.session.flush()
    return draft


def make_feedback(draft, status=FeedbackStatus.PENDING, article=None, content=None, contact=None, **fields):
    """Create an opinion directly in the given moderation status."""
    n = next(_counter)
    values = {
        "stance": "support",
        "author_name": f"Nguyễn Văn {n}",
        "author_kind": "individual",
        "locality": "ha-noi",
        "consent_name": True,
    }
    values.update(fields)
    feedback = Feedback(
        draft=draft,
        version=draft.current_version,
        article=article,
        receipt_code=new_receipt_code(),
        content=content or f"Ý kiến thử nghiệm số {n} về dự thảo.",
        contact=contact or f"nguoidan{n}@example.vn",
        status=status,
        **values,
    )
    db.session.add(feedback)
    db.session.flush()
    return feedback


def make_audit_entry(
    actor=None, action="draft.update", object_type="draft", object_id=1, before=None, after=None, created_at=None
):
    """Write an audit row directly, at a chosen time."""
    from consult.audit import AuditLog

    entry = AuditLog(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        created_at=created_at or utcnow(),
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def make_decided_feedback(draft, moderator, status=FeedbackStatus.APPROVED, created_at=None, decided_at=None):
    """Create an opinion already decided by `moderator`, with its decision row, at chosen times."""
    from consult.moderation.models import ModerationDecision

    created_at = created_at or utcnow()
    decided_at = decided_at or created_at
    feedback = make_feedback(draft, status=status, created_at=created_at, decided_at=decided_at)
    db.session.add(
        ModerationDecision(
            feedback=feedback,
            moderator_id=getattr(moderator, "id", None),
            decision=status,
            reason_code=None if status == FeedbackStatus.APPROVED else "spam",
            created_at=decided_at,
        )
    )
    db.session.flush()
    return feedback


def make_approved_opinions(draft, texts, article=None, stance="support"):
    """Create approved opinions with the given texts (one flush for all); return them in order."""
    opinions = []
    for text in texts:
        opinions.append(
            Feedback(
                draft=draft,
                version=draft.current_version,
                article=article,
                receipt_code=new_receipt_code(),
                content=text,
                contact="",
                status=FeedbackStatus.APPROVED,
                stance=stance,
                author_name=f"Người góp ý {next(_counter)}",
                author_kind="individual",
                locality="ha-noi",
            )
        )
    db.session.add_all(opinions)
    db.session.flush()
    return opinions


def make_answer(feedback, kind="accepted", explanation=None, published=False, text=None):
    """Answer an opinion (with a new answer text unless `text` is given), published or not."""
    from consult.answers.models import Answer, AnswerText

    if text is None:
        text = AnswerText(draft_id=feedback.draft_id, kind=kind, explanation=explanation or "Tiếp thu ý kiến.")
        db.session.add(text)
        db.session.flush()
    answer = Answer(feedback=feedback, text=text, published_at=utcnow() if published else None)
    db.session.add(answer)
    db.session.flush()
    return answer


def store_opinion(draft, values, **row_fields):
    """Store one opinion by the function every way in uses (consult.feedback.store); return its Receipt."""
    from consult.feedback.store import opinion_row, store_opinions

    return store_opinions([opinion_row(draft, values, **row_fields)])[0]
