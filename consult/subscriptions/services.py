"""Subscribing, confirming (double opt-in), ending, and the digests of what happened since the last one.

A subscription's links carry its id signed with SECRET_KEY (itsdangerous): the confirmation link works for a week,
the link that ends it for as long as the subscription lives, and neither needs anything stored. Digests are sent by
the job `send_digests`, enqueued when a transaction records in the audit log a change a subscriber is told of (a
draft opened, a new version, an extension, a closing, answers published), and by `flask --app consult
subscriptions send` for what only the clock brings (a window's end).
"""

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, event, select, update
from sqlalchemy.orm import contains_eager

from consult.agency.models import Agency
from consult.audit import AuditLog
from consult.auth.services import normalise_email
from consult.database import utcnow
from consult.drafts.models import Draft, DraftStatus
from consult.extensions import db
from consult.feeds.services import draft_events, public_draft, window_sentence
from consult.i18n import format_date
from consult.jobs import enqueue
from consult.localities import PROVINCES
from consult.mail import public_url, send_mail
from consult.subscriptions.models import Subscription, SubscriptionKind

CONFIRM_SECONDS = 7 * 24 * 3600
_CONFIRM, _END = "subscription-confirm", "subscription-end"


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def confirm_token(subscription):
    return _serializer(_CONFIRM).dumps(subscription.id)


def end_token(subscription):
    return _serializer(_END).dumps(subscription.id)


def subscription_of(token, purpose):
    """Return the subscription a confirmation (`purpose` "confirm") or ending ("end") link names, or None."""
    salt, max_age = (_CONFIRM, CONFIRM_SECONDS) if purpose == "confirm" else (_END, None)
    try:
        subscription_id = _serializer(salt).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    return db.session.get(Subscription, subscription_id) if isinstance(subscription_id, int) else None


def followed(kind, target):
    """Return what a subscription to (`kind`, `target`) follows, as a phrase, or None if there is no such thing."""
    if kind == SubscriptionKind.DRAFT:
        draft = public_draft(target)
        return _("news of the draft “%(title)s”", title=draft.title) if draft else None
    if kind == SubscriptionKind.AGENCY:
        agency = db.session.scalar(select(Agency).where(Agency.slug == target))
        return _("new drafts of %(agency)s", agency=agency.name) if agency else None
    if kind == SubscriptionKind.LOCALITY:
        place = PROVINCES.get(target)
        return _("new drafts concerning %(place)s", place=place) if place else None
    if kind == SubscriptionKind.FIELD:
        known = db.session.scalar(
            select(Draft.id).where(Draft.field == target, Draft.status != DraftStatus.DRAFT).limit(1)
        )
        return _("new drafts in the field %(field)s", field=target) if known else None
    return None


def subscribe(email, kind, target, language):
    """Ask to follow (`kind`, `target`): a new or unconfirmed subscription is mailed its confirmation link; a
    confirmed one is left as it is (the page says the same either way: nobody learns who follows what)."""
    email = normalise_email(email)
    subscription = db.session.scalar(
        select(Subscription).where(
            Subscription.email == email, Subscription.kind == kind, Subscription.target == target
        )
    )
    if subscription is None:
        subscription = Subscription(email=email, kind=kind, target=target, language=language)
        db.session.add(subscription)
        db.session.flush()
    elif subscription.confirmed_at is not None:
        return subscription
    subscription.language = language
    link = public_url("subscriptions.confirm_", token=confirm_token(subscription))
    with force_locale(language):
        what = followed(kind, target)
        subject = _("Confirm your subscription")
        body = "\n\n".join(
            [
                _("Someone (we hope you) asked to receive by email the %(what)s.", what=what),
                _("To confirm, open this link within 7 days:"),
                link,
                _("If you did not ask for it, ignore this email: nothing will be sent to you."),
            ]
        )
    enqueue(send_mail, email, subject, body)
    return subscription


def confirm(subscription, now=None):
    """Confirm a subscription: it is told of what happens from now on."""
    if subscription.confirmed_at is None:
        subscription.confirmed_at = now or utcnow()
        subscription.notified_up_to = subscription.confirmed_at


def end(subscription):
    """End a subscription: the row is deleted, the address forgotten."""
    db.session.delete(subscription)


def forget_address(email):
    """Delete every subscription of an address (the author's privacy erase); return how many."""
    result = db.session.execute(delete(Subscription).where(Subscription.email == normalise_email(email)))
    return result.rowcount


# What a subscriber is told of, as the audit log names it: any transaction recording one sends the digests once it
# commits, whichever service made the change.
NEWS = frozenset({"draft.open", "draft.version", "draft.extend", "draft.close", "answers.publish"})


@event.listens_for(AuditLog, "after_insert")
def _news_recorded(_mapper, _connection, entry):
    if entry.action in NEWS:
        enqueue(send_digests)


BATCH = 500  # subscriptions claimed and mailed per round trip


def send_digests(now=None):
    """Mail every confirmed subscription what happened since its last digest, one email each; return how many
    were sent.

    Subscriptions are read in batches by id and claimed by one UPDATE per batch and last digest time (only rows
    still at that time are claimed: two runs never mail one twice). What happened is worked out once per followed
    thing, time of the last digest and language, not once per subscriber: after the first run, every subscriber of
    a draft shares the same last digest time."""
    now = now or utcnow()
    sent, after, news = 0, 0, {}
    while True:
        batch = db.session.scalars(
            select(Subscription)
            .where(Subscription.id > after, Subscription.confirmed_at.is_not(None), Subscription.notified_up_to < now)
            .order_by(Subscription.id)
            .limit(BATCH)
        ).all()
        if not batch:
            return sent
        after = batch[-1].id
        for subscription, since in _claimed(batch, now):
            key = (subscription.kind, subscription.target, since, subscription.language)
            with force_locale(subscription.language):
                if key not in news:
                    news[key] = _news(subscription.kind, subscription.target, since, now)
                if news[key]:
                    _mail_digest(subscription, news[key])
                    sent += 1


def _claimed(batch, now):
    """Move these subscriptions' last digest time to `now`, each only if no other run did; return [(subscription,
    the time it had)] of those moved."""
    by_time = {}
    for subscription in batch:
        by_time.setdefault(subscription.notified_up_to, []).append(subscription)
    claimed = []
    for since, subscriptions in by_time.items():
        ids = set(
            db.session.scalars(
                update(Subscription)
                .where(Subscription.id.in_([s.id for s in subscriptions]), Subscription.notified_up_to == since)
                .values(notified_up_to=now)
                .returning(Subscription.id)
                .execution_options(synchronize_session=False)
            )
        )
        claimed += [(subscription, since) for subscription in subscriptions if subscription.id in ids]
    db.session.commit()
    return claimed


def _news(kind, target, since, now):
    """What happened to the followed thing in (since, now]: (what it is, the digest's lines)."""
    what = followed(kind, target) or target
    if kind == SubscriptionKind.DRAFT:
        draft = public_draft(target)
        if draft is None:
            return None
        page = public_url("public.draft", slug=draft.slug)
        lines = [
            f"- {format_date(event.at)}: {event.title}. {event.text}\n  {page}"
            for event in reversed(draft_events(draft, now))
            if since < event.at <= now
        ]
        return (what, lines) if lines else None
    # New drafts: those whose opening the agency recorded in (since, now], as the audit log has it.
    opened = (
        select(Draft)
        .join(AuditLog, (AuditLog.object_type == "draft") & (AuditLog.object_id == Draft.id))
        .join(Agency, Agency.id == Draft.agency_id)
        .where(AuditLog.action == "draft.open", AuditLog.created_at > since, AuditLog.created_at <= now)
        .where(Draft.status != DraftStatus.DRAFT)
        .options(contains_eager(Draft.agency))
        .order_by(AuditLog.created_at)
    )
    if kind == SubscriptionKind.AGENCY:
        opened = opened.where(Agency.slug == target)
    elif kind == SubscriptionKind.LOCALITY:
        opened = opened.where(Agency.concerns(target))
    else:
        opened = opened.where(Draft.field == target)
    lines = []
    for draft in db.session.scalars(opened).unique():
        page = public_url("public.draft", slug=draft.slug)
        lines.append(f"- {draft.title} ({draft.agency.name})\n  {window_sentence(draft)}\n  {page}")
    return (what, lines) if lines else None


def _mail_digest(subscription, news):
    """Send one digest, with the link that ends the subscription in its text and in List-Unsubscribe (RFC 8058:
    mail programs end it in one click)."""
    what, lines = news
    link = public_url("subscriptions.end_", token=end_token(subscription))
    body = "\n\n".join(
        [
            _("News of what you follow: %(what)s.", what=what),
            "\n".join(lines),
            _("To stop receiving these emails, open this link (one click ends it):"),
            link,
        ]
    )
    headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    send_mail(subscription.email, _("Public consultation: %(what)s", what=what), body, headers=headers)


def expired_unconfirmed(now=None):
    """Delete subscriptions never confirmed within the link's week; return how many."""
    before = (now or utcnow()) - timedelta(seconds=CONFIRM_SECONDS)
    result = db.session.execute(
        delete(Subscription).where(Subscription.confirmed_at.is_(None), Subscription.created_at < before)
    )
    return result.rowcount
