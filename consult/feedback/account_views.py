"""A signed-in citizen's own opinions: the list, and everything the site holds about them as one JSON file."""

import json

from flask import current_app, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult.answers.queries import published_answers_for
from consult.database import utcnow
from consult.extensions import db
from consult.feedback import bp
from consult.feedback.models import Feedback

PAGE_SIZE = 50


def _own_opinions():
    return (
        select(Feedback)
        .where(Feedback.user_id == current_user.id)
        .options(selectinload(Feedback.draft), selectinload(Feedback.article), selectinload(Feedback.clause))
        .order_by(Feedback.id.desc())
    )


@bp.route("/my/opinions")
@login_required
def my_opinions():
    """The opinions sent while signed in, newest first, a page at a time, each linking to its receipt."""
    before = request.args.get("before", type=int)
    query = _own_opinions().limit(PAGE_SIZE + 1)
    if before:
        query = query.where(Feedback.id < before)
    items = db.session.scalars(query).all()
    following = items[PAGE_SIZE - 1].id if len(items) > PAGE_SIZE else None
    return render_template("feedback/my_opinions.html", items=items[:PAGE_SIZE], following=following, first=not before)


@bp.route("/my/data.json")
@login_required
def my_data():
    """Everything the site holds about the signed-in person, as JSON: the account and every opinion they sent
    while signed in (with its contact, moderation result and published answer)."""
    user = current_user._get_current_object()
    items = db.session.scalars(_own_opinions().options(selectinload(Feedback.decisions))).all()
    answers = published_answers_for([item for item in items if item.draft.answers_published_at is not None])
    opinions = []
    for item in items:
        decision = item.decisions[-1] if item.decisions else None
        answer = answers.get(item.id)
        opinions.append(
            {
                "receipt_code": item.receipt_code,
                "draft": item.draft.title,
                "article": item.article.number if item.article else None,
                "clause": item.clause.number if item.clause else None,
                "stance": item.stance,
                "content": item.content,
                "proposed_wording": item.proposed_wording,
                "author_name": item.author_name,
                "author_kind": item.author_kind,
                "locality": item.locality,
                "locality_detail": item.locality_detail,
                "contact": item.contact,
                "consent_name": item.consent_name,
                "notify": item.notify,
                "status": item.status,
                "message_from_moderator": decision.author_message if decision and decision.author_message else None,
                "answer": {"kind": answer.text.kind, "explanation": answer.text.explanation} if answer else None,
                "sent_at": item.created_at.isoformat(),
            }
        )
    data = {
        "exported_at": utcnow().isoformat(),
        "account": {
            "email": user.email,
            "name": user.name,
            "role": user.role,
            "created_at": user.created_at.isoformat(),
        },
        "opinions": opinions,
    }
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="consult-my-data.json"'
    return response
