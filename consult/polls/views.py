"""The poll's public page: the questions to answer while the window is open, the results after answering (or to
anyone once it closes). Never cached: it depends on who asks; the draft's page only links to it."""

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.database import utcnow
from consult.drafts.models import Phase
from consult.errors import retry_after_header
from consult.extensions import db, limiter
from consult.feedback.guards import issue_form_token, screen_form
from consult.hashing import client_key
from consult.polls import bp
from consult.polls.answering import (
    AlreadyAnswered,
    Answered,
    SentAnswers,
    has_answered,
    mark_session,
    other_max_length,
    read_answers,
    store_answers,
)
from consult.polls.forms import PollAnswerForm
from consult.polls.results import format_share, poll_results
from consult.polls.services import poll_questions
from consult.public.services import draft_header, viewable_draft

CLOSED_PHASES = (Phase.CLOSED, Phase.ANSWERED)


@bp.app_template_global()
def percent(value):
    """A poll's share, written the local way (consult.polls.results.format_share)."""
    return format_share(value)


def _client_limit():
    return current_app.config["FEEDBACK_RATE_LIMIT_CLIENT"]


def _signed_in_user():
    return current_user._get_current_object() if current_user.is_authenticated else None


@bp.route("/drafts/<slug>/poll", methods=["GET", "POST"])
@limiter.limit(_client_limit, key_func=client_key, methods=["POST"])
def answer(slug):
    """Show the poll's questions, take one answer per person, then show the results."""
    draft = viewable_draft(current_user, slug, draft_header) or abort(404)
    questions = poll_questions(draft.id) or abort(404)
    user, now = _signed_in_user(), utcnow()
    phase = draft.phase(now)
    answered = has_answered(draft.id, user, session, client_key(), now)
    form = PollAnswerForm()
    sent, notice, status = SentAnswers(), None, 200
    if request.method == "POST":
        sent, status = read_answers(questions, request.form), 422
        if phase != Phase.OPEN:
            notice, status = _("The poll is not open: your answers were not sent."), 403
        elif answered:
            notice, status = _already_answered(answered), 409
        elif form.validate_on_submit():
            _submission, refusal = screen_form(form.trang_ca_nhan.data, form.form_token.data)
            if refusal == "honeypot":
                notice = _("Your answers were not sent. Please leave the last, hidden box empty and send them again.")
            elif refusal == "too_fast":
                notice = _(
                    "The form was sent too quickly to have been filled in by a person. Check it and send it again."
                )
            elif not sent.errors:
                try:
                    store_answers(draft, sent, user, client_key(), now)
                except AlreadyAnswered:
                    db.session.rollback()
                    notice, status = _already_answered(Answered.ACCOUNT), 409
                else:
                    db.session.commit()
                    mark_session(session, draft.id)
                    flash(_("Thank you: your answers were received. Here are the results so far."), "success")
                    return redirect(url_for("polls.answer", slug=draft.slug))
    form.form_token.data = issue_form_token()
    show_results = answered or phase in CLOSED_PHASES
    results = poll_results(draft.id) if show_results else None
    page = render_template(
        "polls/answer.html",
        draft=draft,
        questions=questions,
        phase=phase,
        answered=answered,
        answered_notice=_already_answered(answered) if answered else None,
        taking=phase == Phase.OPEN and not answered,
        form=form,
        sent=sent,
        notice=notice,
        results=results,
        other_max=other_max_length(),
    )
    return page, status


def _already_answered(how):
    """Say that this person answered already (how: an Answered value), and what to do when the address is shared."""
    if how == Answered.ACCOUNT:
        return _("You have already answered this poll with your account: each person answers once.")
    if how == Answered.BROWSER:
        return _("You have answered this poll. Each person answers once.")
    return _(
        "This poll has already been answered from this browser or this internet connection today: each person "
        "answers once. If you share the connection with others and have not answered yet, sign in to answer."
    )


@bp.errorhandler(429)
def too_many(error):
    """Refuse politely; the answers ticked are shown again, to send a little later."""
    slug = (request.view_args or {}).get("slug")
    draft = viewable_draft(current_user, slug, draft_header) if slug else None
    if draft is None:
        abort(404)
    questions = poll_questions(draft.id)
    form = PollAnswerForm()
    form.form_token.data = issue_form_token()
    page = render_template(
        "polls/answer.html",
        draft=draft,
        questions=questions,
        phase=draft.phase(),
        answered=None,
        answered_notice=None,
        taking=True,
        form=form,
        sent=read_answers(questions, request.form),
        notice=_("Too many answers were sent from here in a short time. Wait a few minutes, then send yours again."),
        results=None,
        other_max=other_max_length(),
    )
    return page, 429, retry_after_header()
