"""Agency pages of a draft's quick poll: its questions, adding, changing, reordering and removing them
(consult.polls.services holds the rules); the results are on the summary page."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.agency import bp
from consult.agency.access import load_managed_draft
from consult.extensions import db
from consult.polls.forms import QuestionForm
from consult.polls.models import MAX_QUESTIONS, PollQuestion
from consult.polls.services import (
    PollRefused,
    add_question,
    has_answers,
    move_question,
    poll_questions,
    remove_question,
    update_question,
)


def _question_of(draft, question_id):
    """Return the draft's question, or 404."""
    question = db.session.get(PollQuestion, question_id)
    if question is None or question.draft_id != draft.id:
        abort(404)
    return question


def _poll_page(draft, form, poll_error=None, status=200):
    questions = poll_questions(draft.id)
    return render_template(
        "agency/poll.html",
        draft=draft,
        questions=questions,
        answered=has_answers(draft.id),
        form=form,
        poll_error=poll_error,
        max_questions=MAX_QUESTIONS,
    ), status


@bp.route("/drafts/<int:draft_id>/poll", methods=["GET", "POST"])
def poll(draft_id):
    """The draft's poll questions, and a form to add one."""
    draft = load_managed_draft(draft_id)
    form = QuestionForm()
    if not form.validate_on_submit():
        return _poll_page(draft, form, status=422 if form.is_submitted() else 200)
    try:
        add_question(current_user, draft, form.values())
    except PollRefused as refused:
        db.session.rollback()
        form.show_errors(refused.errors)
        return _poll_page(draft, form, refused.errors.get("poll"), 422)
    db.session.commit()
    flash(_("Question added."), "success")
    return redirect(url_for("agency.poll", draft_id=draft.id))


@bp.route("/drafts/<int:draft_id>/poll/questions/<int:question_id>", methods=["GET", "POST"])
def poll_question(draft_id, question_id):
    """Change one question; options that have answers stay."""
    draft = load_managed_draft(draft_id)
    question = _question_of(draft, question_id)
    form = QuestionForm()
    if not form.is_submitted():
        form.fill_from(question)
    elif form.validate_on_submit():
        try:
            changed = update_question(current_user, question, form.values())
        except PollRefused as refused:
            db.session.rollback()
            form.show_errors(refused.errors)
        else:
            db.session.commit()
            flash(_("Question saved.") if changed else _("Nothing changed."), "success")
            return redirect(url_for("agency.poll", draft_id=draft.id))
    status = 422 if form.is_submitted() else 200
    return render_template("agency/poll_question.html", draft=draft, question=question, form=form), status


@bp.route("/drafts/<int:draft_id>/poll/questions/<int:question_id>/move", methods=["POST"])
def poll_move(draft_id, question_id):
    """Move a question up or down, before anyone answered."""
    step = -1 if request.form.get("direction") == "up" else 1
    return _change_question(
        draft_id, question_id, lambda q: move_question(current_user, q, step), _("Questions reordered.")
    )


@bp.route("/drafts/<int:draft_id>/poll/questions/<int:question_id>/remove", methods=["POST"])
def poll_remove(draft_id, question_id):
    """Remove a question, before anyone answered."""
    return _change_question(draft_id, question_id, lambda q: remove_question(current_user, q), _("Question removed."))


def _change_question(draft_id, question_id, change, done):
    """Apply `change(question)` and commit, saying `done`, or say why the poll refused it; back to the poll."""
    draft = load_managed_draft(draft_id)
    question = _question_of(draft, question_id)
    try:
        change(question)
    except PollRefused as refused:
        db.session.rollback()
        flash(str(refused.errors["poll"]), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("agency.poll", draft_id=draft.id))
