"""Confirming an opinion with the code mailed to its author, and remembering a confirmed email for a while."""

import hmac
import time
from urllib.parse import quote

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.extensions import db, limiter
from consult.feedback import bp
from consult.feedback.contacts import contact_identity
from consult.feedback.forms import ConfirmCodeForm, ResendCodeForm
from consult.feedback.models import FeedbackStatus
from consult.feedback.receipts import find_by_receipt
from consult.feedback.verification import (
    Check,
    ResendRefused,
    attempts_left,
    check_code,
    code_for,
    resend_code,
    verified_by,
)
from consult.hashing import hash_value

SESSION_KEY = "verified_email"


def _email_key(contact):
    """Return a keyed hash of an email, so the session cookie never carries the address itself."""
    return hash_value(contact_identity(contact), "verified-email")


def remember_email(contact):
    """Remember in the session, for VERIFIED_EMAIL_HOURS, that this browser confirmed this email."""
    until = int(time.time()) + current_app.config["VERIFIED_EMAIL_HOURS"] * 3600
    session[SESSION_KEY] = {"key": _email_key(contact), "until": until}


def remembered_email(contact):
    """Return whether this browser confirmed `contact` recently."""
    saved = session.get(SESSION_KEY) or {}
    if not isinstance(saved, dict) or saved.get("until", 0) < time.time():
        return False
    return hmac.compare_digest(str(saved.get("key", "")), _email_key(contact))


def verification_method(draft, contact, user):
    """Return how the contact is known to be the author's ("account", "session"), "" if a code is needed, or
    None when the draft needs no verification."""
    return verified_by(draft, contact, user, remembered=remembered_email(contact))


def next_url(feedback):
    """Return where the author goes after sending: the code page while unverified, else the receipt."""
    endpoint = "feedback.confirm" if feedback.status == FeedbackStatus.UNVERIFIED else "feedback.receipt"
    return _code_url(endpoint, feedback.receipt_code)


_PLACEHOLDER = "RECEIPTCODE"


def _code_url(endpoint, code):
    """Return url_for(endpoint, code=code) from the endpoint's address built once per process and script root.

    Every opinion sent is redirected to its receipt: url_for there cost more than writing the opinion's row.
    """
    cache = current_app.extensions.setdefault("consult_code_urls", {})
    key = (endpoint, request.script_root)
    template = cache.get(key)
    if template is None:
        template = cache[key] = url_for(endpoint, code=_PLACEHOLDER)
    return template.replace(_PLACEHOLDER, quote(code, safe=""))


def mask_email(contact):
    """Return an email with most of its local part hidden: h***@example.vn."""
    local, _at, domain = (contact or "").strip().partition("@")
    return f"{local[:1]}***@{domain}"


def _load_opinion(code):
    """Return the opinion with this receipt code (404 if none)."""
    return find_by_receipt(code) or abort(404)


def _refusal(result, email_code):
    """Return the message for a code that did not work."""
    if result == Check.EXPIRED:
        return _(
            "This code has expired (a code is valid for %(minutes)d minutes). Ask for a new code below.",
            minutes=current_app.config["VERIFICATION_CODE_MINUTES"],
        )
    if result == Check.WRONG and email_code is not None and attempts_left(email_code):
        return _(
            "This code is not correct. Check the latest email and type it again (attempts left: %(left)d).",
            left=attempts_left(email_code),
        )
    return _("Too many wrong codes were typed. Ask for a new code below.")


@bp.route("/receipts/<code>/confirm", methods=["GET", "POST"])
def confirm(code):
    """Ask for the code mailed to the author; the right one sends the opinion for moderation."""
    feedback = _load_opinion(code)
    if feedback.status != FeedbackStatus.UNVERIFIED:
        return redirect(url_for("feedback.receipt", code=feedback.receipt_code))
    form = ConfirmCodeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object() if current_user.is_authenticated else None
        result = check_code(feedback, form.code.data, user)
        if result == Check.OK:
            remember_email(feedback.contact)
        db.session.commit()  # a wrong code counts as an attempt
        if result == Check.OK:
            flash(_("Thank you: your email is confirmed and your opinion is sent for moderation."), "success")
            return redirect(url_for("feedback.receipt", code=feedback.receipt_code))
        db.session.refresh(feedback)  # read again after the commit: a double click may have confirmed it meanwhile
        if feedback.status != FeedbackStatus.UNVERIFIED:
            return redirect(url_for("feedback.receipt", code=feedback.receipt_code))
        form.code.errors.append(_refusal(result, code_for(feedback)))
    return render_template(
        "feedback/confirm.html",
        feedback=feedback,
        form=form,
        resend_form=ResendCodeForm(formdata=None),
        email=mask_email(feedback.contact),
    ), 422 if form.errors else 200


@bp.route("/receipts/<code>/confirm/resend", methods=["POST"])
@limiter.limit(lambda: current_app.config["VERIFICATION_RESEND_RATE_LIMIT"])
def resend(code):
    """Mail a new code, within limits; say when the next one may be asked for."""
    feedback = _load_opinion(code)
    if feedback.status != FeedbackStatus.UNVERIFIED:
        return redirect(url_for("feedback.receipt", code=feedback.receipt_code))
    if ResendCodeForm().validate_on_submit():
        try:
            resend_code(feedback)
        except ResendRefused as refusal:
            if refusal.wait:
                flash(
                    _(
                        "A code was sent a moment ago. Wait %(seconds)d seconds before asking for another one.",
                        seconds=refusal.wait,
                    ),
                    "error",
                )
            else:
                flash(_("No more codes can be sent for this opinion. Please send your opinion again later."), "error")
        else:
            db.session.commit()
            flash(
                _(
                    "A new code has been sent to %(email)s. The previous code no longer works.",
                    email=mask_email(feedback.contact),
                ),
                "success",
            )
    return redirect(url_for("feedback.confirm", code=feedback.receipt_code))
