"""Agency pages: answer approved opinions one at a time or several at once, follow progress, publish."""

from dataclasses import dataclass, field

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from consult.agency.access import load_managed_draft, require_agency_editor
from consult.answers import bp
from consult.answers.forms import AnswerForm, BatchAnswerForm
from consult.answers.groups import group_sizes
from consult.answers.models import AnswerText
from consult.answers.queries import (
    EARLIER,
    WHOLE,
    opinions_of_text,
    opinions_to_answer,
    progress,
    sharing_counts,
)
from consult.answers.services import AnswerError, answer_feedbacks, publish_answers, update_answer_text
from consult.extensions import db
from consult.feedback.models import STANCES, Feedback, FeedbackStatus

STATES = ("answered", "unanswered")


bp.before_request(require_agency_editor)


@dataclass
class Filters:
    """The list's filters read from the query string; unknown values are ignored."""

    article: object = None
    stance: str | None = None
    state: str | None = None
    after: int | None = None
    args: dict = field(default_factory=dict)

    @classmethod
    def read(cls, draft, values):
        """Return the filters in `values` (request.args) that make sense for this draft."""
        article = values.get("article")
        if article not in (WHOLE, EARLIER):
            article = values.get("article", type=int)
            if article not in {item.id for item in draft.articles}:
                article = None
        stance = values.get("stance") if values.get("stance") in STANCES else None
        state = values.get("state") if values.get("state") in STATES else None
        args = {name: value for name, value in (("article", article), ("stance", stance), ("state", state)) if value}
        return cls(article, stance, state, values.get("after", type=int), args)


@bp.route("/drafts/<int:draft_id>/answers", methods=["GET", "POST"])
def index(draft_id):
    """Approved opinions with their answers, filtered and a page at a time; tick several to answer them at once."""
    draft = load_managed_draft(draft_id)
    filters = Filters.read(draft, request.args)
    form = BatchAnswerForm()
    if form.validate_on_submit():
        feedbacks = db.session.scalars(
            select(Feedback).where(Feedback.id.in_(form.feedback_ids.data), Feedback.draft_id == draft.id)
        ).all()
        try:
            answer_feedbacks(current_user, draft, feedbacks, form.kind.data, form.explanation.data)
        except AnswerError as error:
            db.session.rollback()
            form.feedback_ids.errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("Answer saved for %(count)d selected opinions.", count=len(feedbacks)), "success")
            return redirect(url_for("answers.index", draft_id=draft.id, after=filters.after, **filters.args))
    return _render_list(draft, filters, form), 422 if form.is_submitted() else 200


def _render_list(draft, filters, form):
    """Render the list page: progress, filters, one page of opinions and the batch form."""
    size = current_app.config.get("ANSWERS_PAGE_SIZE", 50)
    items = opinions_to_answer(draft, filters.article, filters.stance, filters.state, filters.after, limit=size + 1)
    next_after = items[size - 1].id if len(items) > size else None
    items = items[:size]
    total, rows = progress(draft)
    return render_template(
        "answers/index.html",
        draft=draft,
        items=items,
        total=total,
        rows=rows,
        form=form,
        filters=filters,
        next_after=next_after,
        shared=sharing_counts([item.answer for item in items]),
        selected=set(form.feedback_ids.data or []),
        STATES=STATES,
        WHOLE=WHOLE,
        EARLIER=EARLIER,
        group_sizes=group_sizes(draft, items),
    )


@bp.route("/drafts/<int:draft_id>/answers/<int:feedback_id>", methods=["GET", "POST"])
def answer(draft_id, feedback_id):
    """Answer one opinion, or change its answer (for this opinion only when the answer is shared)."""
    draft = load_managed_draft(draft_id)
    feedback = db.session.get(Feedback, feedback_id)
    if feedback is None or feedback.draft_id != draft.id:
        abort(404)
    current = feedback.answer
    shared = sharing_counts([current])
    if feedback.status != FeedbackStatus.APPROVED:
        return render_template(
            "answers/answer.html", draft=draft, feedback=feedback, form=None, current=None, shared={}
        ), 409
    form = AnswerForm(obj=current.text if current else None)
    if form.validate_on_submit():
        try:
            answer_feedbacks(current_user, draft, [feedback], form.kind.data, form.explanation.data)
        except AnswerError as error:
            db.session.rollback()
            form.explanation.errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("Answer to opinion %(code)s saved.", code=feedback.receipt_code), "success")
            return redirect(url_for("answers.index", draft_id=draft.id, _anchor=f"y-kien-{feedback.id}"))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "answers/answer.html", draft=draft, feedback=feedback, form=form, current=current, shared=shared
    ), status


@bp.route("/drafts/<int:draft_id>/answer-texts/<int:text_id>", methods=["GET", "POST"])
def edit_text(draft_id, text_id):
    """Change an answer given to several opinions at once, for all of them."""
    draft = load_managed_draft(draft_id)
    text = db.session.get(AnswerText, text_id)
    if text is None or text.draft_id != draft.id:
        abort(404)
    form = AnswerForm(obj=text)
    if form.validate_on_submit():
        try:
            update_answer_text(current_user, text, form.kind.data, form.explanation.data)
        except AnswerError as error:
            db.session.rollback()
            form.explanation.errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("Answer saved for every opinion that shares it."), "success")
            return redirect(url_for("answers.index", draft_id=draft.id))
    opinions, count = opinions_of_text(text)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "answers/text.html", draft=draft, text=text, form=form, opinions=opinions, count=count
    ), status


@bp.route("/drafts/<int:draft_id>/answers/publish", methods=["GET", "POST"])
def publish(draft_id):
    """Ask to confirm, then publish every answer of the draft on the public pages and receipts."""
    draft = load_managed_draft(draft_id)
    form = FlaskForm()
    still_open = draft.accepts_feedback()
    error = None
    if form.validate_on_submit() and still_open and request.form.get("while_open") != "y":
        # Citizens who read the answers while they can still write may answer the answers: a choice to make knowingly
        error = _("Tick the box to publish while the consultation is still open, or wait until it ends.")
    elif form.validate_on_submit():
        count = publish_answers(current_user, draft)
        db.session.commit()
        if count:
            flash(
                _(
                    "%(count)d answers published. They are now shown with the opinions and on the receipts.",
                    count=count,
                ),
                "success",
            )
        else:
            flash(_("There is no unpublished answer."), "info")
        return redirect(url_for("answers.index", draft_id=draft.id))
    total, _rows = progress(draft)
    page = render_template(
        "answers/publish.html", draft=draft, total=total, form=form, still_open=still_open, error=error
    )
    return page, 422 if error else 200
