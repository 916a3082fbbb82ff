"""Subscribing by email without an account: the form, the confirmation link, the link that ends it."""

from flask import abort, render_template, request
from flask_babel import get_locale

from consult.extensions import csrf, db, limiter
from consult.subscriptions import bp
from consult.subscriptions.forms import ConfirmForm, SubscribeForm
from consult.subscriptions.models import SubscriptionKind
from consult.subscriptions.services import confirm, end, followed, subscribe, subscription_of


@bp.route("/subscribe", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def new():
    """Ask for an address to send the news of a draft, an agency's or a field's new drafts to."""
    kind, target = request.args.get("kind", ""), request.args.get("target", "")
    what = followed(kind, target) if kind in SubscriptionKind.ALL else None
    if what is None:
        abort(404)
    form = SubscribeForm()
    if form.validate_on_submit():
        subscribe(form.email.data, kind, target, str(get_locale()))
        db.session.commit()
        return render_template("subscriptions/sent.html", what=what, email=form.email.data)
    return render_template("subscriptions/new.html", form=form, what=what), 422 if form.errors else 200


@bp.route("/subscriptions/confirm/<token>", methods=["GET", "POST"])
def confirm_(token):
    """The confirmation link: a page with one button (a link opened by a mail scanner confirms nothing)."""
    subscription = subscription_of(token, "confirm") or abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        confirm(subscription)
        db.session.commit()
        return render_template("subscriptions/done.html", confirmed=True, what=_what(subscription))
    return render_template("subscriptions/confirm.html", form=form, what=_what(subscription), ending=False)


@bp.route("/subscriptions/end/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: a mail program ends it with a bare POST; the signed token is the proof
def end_(token):
    """The link in every email: one button ends the subscription (a mail program's one-click POST does too)."""
    subscription = subscription_of(token, "end")
    if subscription is None:
        return render_template("subscriptions/done.html", confirmed=False, what=None)
    if request.method == "POST":
        what = _what(subscription)
        end(subscription)
        db.session.commit()
        return render_template("subscriptions/done.html", confirmed=False, what=what)
    return render_template("subscriptions/confirm.html", form=ConfirmForm(), what=_what(subscription), ending=True)


def _what(subscription):
    return followed(subscription.kind, subscription.target) or subscription.target
