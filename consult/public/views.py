"""Home page and draft pages."""

from flask import abort, current_app, render_template, request
from flask_login import current_user

from consult.database import utcnow
from consult.extensions import db
from consult.feedback.services import approved_counts_by_article, approved_feedback_query
from consult.permissions import can_view_draft
from consult.public import bp
from consult.public.services import draft_by_slug, public_drafts


@bp.route("/")
def home():
    """List drafts open for comments (with days left) and closed ones."""
    current, past = public_drafts()
    return render_template("public/home.html", current=current, past=past, now=utcnow())


@bp.route("/drafts/<slug>")
def draft(slug):
    """Show a draft article by article, with its approved opinions, paginated."""
    draft = draft_by_slug(slug)
    if draft is None:
        abort(404)
    if not can_view_draft(current_user, draft):
        abort(404)
    article = None
    article_number = request.args.get("article", type=int)
    if article_number is not None:
        article = next((a for a in draft.articles if a.number == article_number), None)
        if article is None:
            abort(404)
    page = db.paginate(
        approved_feedback_query(draft, article),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["OPINIONS_PER_PAGE"],
        error_out=False,
    )
    return render_template(
        "public/draft.html",
        draft=draft,
        article=article,
        opinions=page,
        counts=approved_counts_by_article(draft),
        now=utcnow(),
    )
