"""The opinion form, its receipt, and looking a receipt up."""

import contextlib

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import InterfaceError, OperationalError

from consult.answers.queries import published_answer
from consult.drafts.labels import target_text
from consult.errors import render_error, retry_after_header
from consult.extensions import db, limiter
from consult.feedback import bp
from consult.feedback.contacts import same_contact
from consult.feedback.forms import (
    CONSENT_TERMS,
    EraseContactForm,
    FeedbackForm,
    SecondLookForm,
    unchanged_wording,
    wording_digest,
)
from consult.feedback.guards import client_key, contact_key, issue_form_token, screen_form
from consult.feedback.intake import form_draft
from consult.feedback.models import Feedback, FeedbackStatus
from consult.feedback.privacy import erase_contact
from consult.feedback.receipts import find_by_receipt
from consult.feedback.store import opinion_row, store_opinions
from consult.feedback.targets import target_ids
from consult.feedback.verification import initial_status, start_verification
from consult.feedback.verify_views import next_url, verification_method
from consult.feedback.writer import opinion_writer
from consult.moderation.second_look import ask_second_look, asked_second_look
from consult.permissions import can_view_draft
from consult.polls.services import has_poll
from consult.public.services import draft_for_form, viewable_draft
from consult.subscriptions.services import forget_address


def _load_public_draft(slug):
    """Return a draft the visitor may see (loaded with what the form needs), or 404."""
    return viewable_draft(current_user, slug, draft_for_form) or abort(404)


def _form_draft(slug):
    """Return the snapshot of a draft the visitor may see, enough to check a sent form, or 404."""
    draft = form_draft(slug)
    if draft is None or not can_view_draft(current_user, draft):
        abort(404)
    return draft


def _client_limit():
    return current_app.config["FEEDBACK_RATE_LIMIT_CLIENT"]


def _contact_limit():
    return current_app.config["FEEDBACK_RATE_LIMIT_CONTACT"]


@bp.route("/drafts/<slug>/feedback", methods=["GET", "POST"])
@limiter.limit(_client_limit, key_func=client_key, methods=["POST"])
@limiter.limit(_contact_limit, key_func=contact_key, methods=["POST"])
def submit(slug):
    """Show the opinion form and store an opinion as pending moderation (once, however often it is sent).

    A sent form is checked against a snapshot of the draft; the draft is loaded in full only to show a page.
    """
    draft = _form_draft(slug)
    focus = request.args.get("article", "0")
    if request.args.get("clause"):
        focus = f"{focus}.{request.args['clause']}"
    form = FeedbackForm(draft, focus=focus if request.method == "GET" else None)
    if request.method == "GET":
        form.target.data = focus
        form.form_token.data = issue_form_token()
        # The CSRF token is made before the page is rendered, as a form with its own CSRF field would: the session
        # cookie sent with the page then holds all it will (the sign-in state is read while rendering), and
        # sending the form does not make the server sign a new cookie.
        generate_csrf()
    if not draft.accepts_feedback():
        return _closed(_load_public_draft(slug), form)
    notice = None
    if form.validate_on_submit():
        submission_id, refusal = screen_form(form.trang_ca_nhan.data, form.form_token.data)
        if refusal == "honeypot":
            notice = _("The opinion was not sent. Please leave the last, hidden box empty and send it again.")
        elif refusal == "too_fast":
            notice = _("The form was sent too quickly to have been filled in by a person. Check it and send it again.")
            form.form_token.data = issue_form_token()
        else:
            return redirect(next_url(_store(draft, form.data, submission_id)))
    return _show_form(slug, form, notice, 422 if form.is_submitted() else 200)


def _show_form(slug, form, notice, status):
    """Render the opinion form with the full draft and everything typed; the text the opinion is about is shown
    above it, and a proposed wording not yet written starts from that text."""
    draft = _load_public_draft(slug)
    article, clause = _target_of(draft, form.target.data)
    base = target_text(article, clause)
    if base and not form.is_submitted() and not form.proposed_wording.data:
        form.proposed_wording.data = base
        form.wording_from.data = wording_digest(base)
    page = render_template(
        "feedback/form.html",
        draft=draft,
        form=form.prepare_to_show(draft),
        notice=notice,
        target=(article, clause, base),
    )
    return page, status


def _target_of(draft, value):
    """Return (article, clause) of a target value ("5", "5.2", "0") among the loaded draft's articles."""
    number, _dot, clause_number = (value or "0").partition(".")
    article = next((item for item in draft.articles if str(item.number) == number), None)
    if article is None or not clause_number:
        return article, None
    return article, next((item for item in article.clauses if str(item.number) == clause_number), None)


def _store(draft, values, submission_id):
    """Store the opinion from checked form values; return its Receipt (the first one for a form sent again)."""
    article_id, clause_id = target_ids(draft, values["target"])
    if unchanged_wording(values):  # the targeted text sent back as it was prefilled: no wording proposed
        values = {**values, "proposed_wording": ""}
    user = current_user._get_current_object() if current_user.is_authenticated else None
    method = verification_method(draft, values["contact"], user)
    row = opinion_row(
        draft,
        values,
        article_id=article_id,
        clause_id=clause_id,
        user=user,
        submission_id=submission_id,
        consent_text=str(CONSENT_TERMS),
        client_hash=client_key(),
        status=initial_status(method),
    )
    if method is None:  # the usual case: no email to verify
        # End the request's transaction, which only read (usually nothing: the draft's snapshot is cached): its
        # connection goes back to the pool while the request waits, for the writer may need one.
        if db.session.registry.has() and db.session().in_transaction():
            db.session.rollback()
        return opinion_writer().store(row)
    receipt = store_opinions([row])[0]  # with its verification, in this request's transaction
    if receipt.new:
        start_verification(db.session.get(Feedback, receipt.id), method, user)
        db.session.commit()
    return receipt


@bp.errorhandler(OperationalError)
@bp.errorhandler(InterfaceError)
def database_unreachable(error):
    """Keep a sent opinion when the database cannot be reached: give it all back, with a way to send it again."""
    with contextlib.suppress(OperationalError, InterfaceError):  # the connection is gone; the pool replaces it
        db.session.rollback()
    if request.method != "POST" or request.endpoint != "feedback.submit":
        raise error
    current_app.logger.error("Database unreachable while an opinion was sent: %s", error)
    kept = [(name, value) for name, value in request.form.items(multi=True) if name != "trang_ca_nhan"]
    page = render_template(
        "feedback/unavailable.html", form=request.form, kept=kept, shown={"content", "proposed_wording"}
    )
    return page, 503, {"Retry-After": "120"}


@bp.errorhandler(429)
def too_many(error):
    """Refuse politely, keeping everything typed; Retry-After says when to try again."""
    slug = (request.view_args or {}).get("slug")
    draft = _load_public_draft(slug) if slug else None
    if draft is None or request.method != "POST":
        return *render_error(429), retry_after_header()
    form = FeedbackForm(draft)
    form.prepare_to_show(draft)
    notice = _(
        "Too many opinions were sent from here or with this contact in a short time. Your text is kept "
        "below: wait a few minutes, then send it again."
    )
    return render_template("feedback/form.html", draft=draft, form=form, notice=notice), 429, retry_after_header()


def _closed(draft, form):
    """Say the window is not open; give back anything the visitor typed so it is not lost."""
    status = 403 if request.method == "POST" else 200
    return render_template("feedback/closed.html", draft=draft, form=form), status


# Receipt codes are guessed one miss at a time: only misses count, per address (a reader who mistypes twice is not
# held back; a script that tries codes is).
_receipt_misses = limiter.shared_limit(
    lambda: current_app.config["RECEIPT_MISS_RATE_LIMIT"],
    scope="receipt-misses",
    deduct_when=lambda response: response.status_code == 404,
)


@bp.route("/receipts/<code>")
@_receipt_misses
def receipt(code):
    """Show the status of one opinion to whoever holds its receipt code."""
    feedback = find_by_receipt(code)
    if feedback is None:
        abort(404)
    if feedback.status == FeedbackStatus.UNVERIFIED:
        return redirect(next_url(feedback))
    return _show_receipt(feedback, SecondLookForm())


def _show_receipt(feedback, second_look_form, status=200):
    poll_open = feedback.draft.accepts_feedback() and has_poll(feedback.draft_id)
    page = render_template(
        "feedback/receipt.html",
        feedback=feedback,
        answer=published_answer(feedback),
        poll_open=poll_open,
        second_look_form=second_look_form if not asked_second_look(feedback) else None,
        second_look_asked=asked_second_look(feedback),
    )
    return page, status


@bp.route("/receipts/<code>/second-look", methods=["POST"])
@_receipt_misses
def second_look(code):
    """The holder of a rejected opinion's receipt asks, once, for a moderator to look at it again."""
    feedback = find_by_receipt(code)
    if feedback is None:
        abort(404)
    form = SecondLookForm()
    if feedback.status != FeedbackStatus.REJECTED or asked_second_look(feedback):
        return redirect(url_for("feedback.receipt", code=feedback.receipt_code))
    if not form.validate_on_submit():
        return _show_receipt(feedback, form, 422)
    ask_second_look(feedback, form.reason.data.strip())
    db.session.commit()
    flash(_("Your request is sent: a moderator will look at the opinion again."), "success")
    return redirect(url_for("feedback.receipt", code=feedback.receipt_code))


@bp.route("/receipts")
@_receipt_misses
def lookup():
    """Find an opinion by its receipt code."""
    code = request.args.get("code", "").strip()
    error = None
    if code:
        feedback = find_by_receipt(code)
        if feedback is not None:
            return redirect(url_for("feedback.receipt", code=feedback.receipt_code))
        error = _("No opinion has this receipt code. Check the code and try again.")
    return render_template("feedback/lookup.html", code=code, error=error), 404 if error else 200


@bp.route("/privacy/erase", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def erase():
    """Let an author erase the contact details kept with their opinion, with its receipt code and that contact."""
    form = EraseContactForm()
    done = False
    if form.validate_on_submit():
        feedback = find_by_receipt(form.code.data)
        if feedback is None or not same_contact(feedback.contact, form.contact.data):
            form.code.errors.append(_("No opinion has this receipt code with this email or phone number."))
        else:
            erase_contact(feedback, "author request")
            forget_address(form.contact.data)  # and the address's subscriptions, if any
            db.session.commit()
            done = True
    status = 422 if form.errors else 200
    return render_template("feedback/erase.html", form=form, done=done), status


from consult.feedback import account_views  # noqa: E402,F401  (a citizen's own opinions: routes on this blueprint)
