"""Demo data: two agencies' drafts with opinions in every state, and one account per role."""

from datetime import timedelta

from sqlalchemy import select

from consult.agency.models import Agency
from consult.auth.models import User
from consult.auth.services import create_user
from consult.database import utcnow
from consult.demo.content import AGENCIES, DRAFTS, USERS
from consult.drafts.models import DraftStatus
from consult.drafts.services import create_draft
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.feedback.services import submit_feedback
from consult.moderation.services import approve_feedback, reject_feedback
from consult.search.indexing import index_draft

# Demo-only passwords, printed by `make run` and listed in the README. Never use them elsewhere.
DEMO_PASSWORDS = {
    "admin": "demo-admin-2026",
    "moderator": "demo-moderator-2026",
    "agency_editor": "demo-editor-2026",
    "citizen": "demo-citizen-2026",
}


def demo_loaded():
    """Return whether the demo agencies already exist."""
    return db.session.scalar(select(Agency.id).where(Agency.slug == AGENCIES[0]["slug"])) is not None


def load_demo(now=None):
    """Create the demo agencies, users, drafts and opinions; do nothing if they are there already."""
    if demo_loaded():
        return False
    now = now or utcnow()
    agencies = {}
    for spec in AGENCIES:
        agency = Agency(slug=spec["slug"], name=spec["name"], kind=spec["kind"], parent=agencies.get(spec["parent"]))
        db.session.add(agency)
        agencies[spec["slug"]] = agency
    db.session.flush()

    users = {}
    for spec in USERS:
        user = create_user(
            None, spec["email"], DEMO_PASSWORDS[spec["role"]], spec["role"], spec["name"], agencies.get(spec["agency"])
        )
        users[spec["email"]] = user
    moderator = next(user for user in users.values() if user.role == "moderator")
    editors = {user.agency_id: user for user in users.values() if user.role == "agency_editor"}

    for spec in DRAFTS:
        _load_draft(spec, agencies[spec["agency"]], editors, moderator, now)
    return True


def _load_draft(spec, agency, editors, moderator, now):
    """Create one demo draft, open it, add its opinions and moderate them."""
    editor = editors.get(agency.id)
    values = {
        "title": spec["title"],
        "summary": spec["summary"],
        "doc_type": spec["doc_type"],
        "field": spec["field"],
        "contact": spec["contact"],
        "opens_at": now - timedelta(days=spec["opens_days_ago"]),
        "closes_at": now + timedelta(days=spec["closes_in_days"]),
    }
    draft = create_draft(editor, agency, values, spec["structure"])
    draft.slug = spec["slug"]
    draft.status = DraftStatus.OPEN
    index_draft(draft)
    articles = {article.number: article for article in draft.articles}

    for index, opinion in enumerate(spec["opinions"]):
        created = now - timedelta(days=opinion["days_ago"], minutes=37 * index + 5)
        article = articles.get(opinion["article"])
        receipt = submit_feedback(draft, opinion, article_id=article.id if article else None, now=created)
        feedback = db.session.get(Feedback, receipt.id)
        if opinion["status"] == FeedbackStatus.APPROVED:
            approve_feedback(moderator, feedback)
        elif opinion["status"] == FeedbackStatus.REJECTED:
            reject_feedback(moderator, feedback, opinion["reason"], opinion["note"])

    if spec["state"] == "closed":
        draft.status = DraftStatus.CLOSED
    db.session.flush()
    return draft


def demo_accounts():
    """Return (email, role, password) for every demo account that exists."""
    users = db.session.scalars(select(User).where(User.email.in_([spec["email"] for spec in USERS]))).all()
    return [(user.email, user.role, DEMO_PASSWORDS[user.role]) for user in users]
