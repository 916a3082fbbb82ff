"""Demo data: two agencies' drafts with opinions in every state, and one account per role.

The open draft also gets a form-letter campaign (copies and near copies, some typed without diacritics),
opinions gathered offline and a quick poll with answers; the closed draft's opinions are answered and the
answers published. The agencies marked `expected` are expected to consult in the years the demo drafts opened,
and most of them did not: the scoreboard shows "2 of 6".
"""

import random
import unicodedata
from datetime import timedelta

from sqlalchemy import select

from consult.agency.models import Agency
from consult.answers.services import answer_feedbacks, publish_answers
from consult.auth.models import User
from consult.auth.services import create_user
from consult.database import utcnow
from consult.demo.content import AGENCIES, DRAFTS, USERS
from consult.demo.statistics import load_participation
from consult.drafts.keypoints import WHOLE_DRAFT, set_key_points
from consult.drafts.models import DraftStatus
from consult.drafts.services import create_draft
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.feedback.store import opinion_row, store_opinions
from consult.moderation.services import approve_feedback, reject_feedback
from consult.offline.services import enter_offline_feedback
from consult.polls.answering import OTHER, SentAnswers, store_answers
from consult.polls.services import add_question
from consult.scoreboard.expectations import set_expectations
from consult.scoreboard.services import Period, current_year
from consult.search.indexing import index_draft
from consult.themes.services import compute_themes

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
        agency = Agency(
            slug=spec["slug"],
            name=spec["name"],
            kind=spec["kind"],
            parent=agencies.get(spec["parent"]),
            locality=spec.get("locality", ""),
        )
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

    years = {current_year(now)}
    drafts = []
    for spec in DRAFTS:
        draft = _load_draft(spec, agencies[spec["agency"]], editors, moderator, now)
        drafts.append(draft)
    load_participation(drafts, moderator, now)  # the statistics pages: views by day, opinions across the country
    for draft in drafts:
        compute_themes(draft)  # the themes page has something to show at once
        years.add(current_year(draft.opens_at))
    expected = [agencies[spec["slug"]].id for spec in AGENCIES if spec.get("expected")]
    for year in sorted(years):
        set_expectations(None, Period(year), expected)
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
    if "key_points" in spec:
        points = spec["key_points"]
        texts = {int(number): text for number, text in points.get("articles", {}).items()}
        set_key_points(editor, draft, {WHOLE_DRAFT: points["draft"], **texts})
    index_draft(draft)
    if "poll" in spec:
        _load_poll(spec["poll"], draft, editor, now)
    articles = {article.number: article for article in draft.articles}

    answered = []
    # Opinions on the hours of use are many and varied enough for themes (consult.themes) to group them.
    for index, opinion in enumerate(spec["opinions"] + spec.get("opinions_on_hours", [])):
        created = now - timedelta(days=opinion["days_ago"], minutes=37 * index + 5)
        feedback = _add_opinion(draft, articles, opinion, created)
        if opinion["status"] == FeedbackStatus.APPROVED:
            approve_feedback(moderator, feedback)
        elif opinion["status"] == FeedbackStatus.REJECTED:
            reject_feedback(moderator, feedback, opinion["reason"], opinion["note"])
        if "answer" in opinion:
            answered.append((feedback, opinion["answer"]))
    if "campaign" in spec:
        _load_campaign(spec["campaign"], draft, articles, moderator, now)
    for offline in spec.get("offline", ()):
        feedback = _enter_offline(offline, draft, editor, now)
        approve_feedback(moderator, feedback)
    if spec["state"] == "closed":
        draft.status = DraftStatus.CLOSED
    if answered:  # on a closed draft with nothing pending, publishing every answer makes it 'answered'
        published = now - timedelta(days=spec["answers_published_days_ago"])
        for feedback, answer in answered:
            answer_feedbacks(editor, draft, [feedback], answer["kind"], answer["explanation"], now=published)
        publish_answers(editor, draft, now=published)
    db.session.flush()
    return draft


def _load_poll(poll, draft, editor, now):
    """Add the draft's quick poll and answers from as many anonymous visitors (one each, on different days)."""
    chance = random.Random(poll["seed"])
    specs = poll["questions"]
    questions = [add_question(editor, draft, spec) for spec in specs]
    for index in range(poll["answers"]):
        sent = SentAnswers()
        for spec, question in zip(specs, questions, strict=True):
            options = list(question.options)
            if question.kind == "multiple":
                picked = [o.id for o, w in zip(options, spec["weights"], strict=True) if chance.random() < w / 10]
                picked = picked or [options[0].id]
            else:
                picked = [chance.choices(options, spec["weights"])[0].id]
            if spec.get("other") and chance.random() < 0.15:
                picked = [*picked, OTHER] if question.kind == "multiple" else [OTHER]
                sent.other[question.id] = chance.choice(spec["other"])
            sent.chosen[question.id] = picked
        when = now - timedelta(days=chance.randint(0, 9), minutes=index)
        store_answers(draft, sent, None, f"demo-visitor-{index}", when)


def _add_opinion(draft, articles, opinion, created):
    """Submit one demo opinion through the public path and return it."""
    article = articles.get(opinion["article"])
    receipt = store_opinions([opinion_row(draft, opinion, article_id=article.id if article else None, now=created)])[0]
    return db.session.get(Feedback, receipt.id)


def _without_diacritics(text):
    """Return the text as typed on a keyboard without Vietnamese input: no tone or vowel marks, đ as d."""
    stripped = "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))
    return stripped.replace("đ", "d").replace("Đ", "D")


def _load_campaign(campaign, draft, articles, moderator, now):
    """Add a form letter sent by many people, with small edits; the last few wait for moderation."""
    chance = random.Random(campaign["seed"])
    count = campaign["count"]
    # Each name once: the same person appearing with and without consent to show their name would leak it.
    names = chance.sample(
        [f"{family} {given}" for family in campaign["family_names"] for given in campaign["given_names"]], count
    )
    for index, name in enumerate(names):
        content = chance.choice(campaign["openings"]) + campaign["letter"] + chance.choice(campaign["closings"])
        if index % campaign["without_diacritics_every"] == campaign["without_diacritics_every"] - 1:
            content = _without_diacritics(content)
        opinion = {
            "article": campaign["article"],
            "stance": campaign["stance"],
            "content": content,
            "proposed_wording": campaign["proposed_wording"] if index % 3 == 0 else "",
            "author_name": name,
            "author_kind": "individual",
            "locality": chance.choice(campaign["localities"]),
            "locality_detail": f"Phố {chance.choice(campaign['streets'])}",
            "contact": f"ho.kinh.doanh.{index + 1}@example.vn",
            "consent_name": index % 4 == 0,
        }
        days_ago = campaign["days_ago_max"] * (count - index) / count
        feedback = _add_opinion(draft, articles, opinion, now - timedelta(days=days_ago, minutes=index))
        if index < count - campaign["pending"]:
            approve_feedback(moderator, feedback)


def _enter_offline(offline, draft, staff, now):
    """Enter an opinion received at a meeting, by letter, hotline or through a mass organisation."""
    received = (now - timedelta(days=offline["received_days_ago"])).date()
    values = {
        key: offline.get(key, "")
        for key in ("channel", "source_ref", "stance", "content", "author_name", "author_kind", "locality")
    }
    values.update(article=str(offline["article"]), received_on=received.strftime("%d/%m/%Y"))
    return enter_offline_feedback(staff, draft, values, now=now - timedelta(days=offline["received_days_ago"]))


def demo_accounts():
    """Return (email, role, password) for every demo account that exists."""
    users = db.session.scalars(select(User).where(User.email.in_([spec["email"] for spec in USERS]))).all()
    return [(user.email, user.role, DEMO_PASSWORDS[user.role]) for user in users]
