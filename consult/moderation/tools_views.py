"""Moderator tools on the `moderation` blueprint: redacting one opinion, blocking submitters.

The blueprint's before_request already limits every page here to moderators and admins.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.auth.models import User
from consult.extensions import db
from consult.feedback.blocks import BlockKind, SubmitterBlock
from consult.feedback.models import Feedback, FeedbackStatus
from consult.moderation import bp
from consult.moderation.blocks import BlockRefused, add_block, lift_block, list_blocks, may_lift
from consult.moderation.citizen_flags import reports_of
from consult.moderation.redaction import (
    REDACTABLE,
    REDACTION_MARKER,
    RedactionRefused,
    TextChanged,
    mask_contacts,
    mask_phrase,
    redact_feedback,
    redactions_of,
)
from consult.moderation.tools_forms import BlockForm, LiftForm, RedactionForm
from consult.permissions import can_moderate_draft, is_admin


def _redactable(feedback_id):
    """Return an opinion the current moderator may redact: 404 when unknown or not pending/published, 403 when
    it belongs to another agency's draft."""
    feedback = db.session.get(Feedback, feedback_id)
    if feedback is None or feedback.status not in REDACTABLE:
        abort(404)
    if not can_moderate_draft(current_user, feedback.draft):
        abort(403)
    return feedback


@bp.route("/<int:feedback_id>/redact", methods=["GET", "POST"])
def redact(feedback_id):
    """Show an opinion with its reports, and hide passages of its text (helpers work without JavaScript)."""
    feedback = _redactable(feedback_id)
    form = RedactionForm()
    status, changed = 200, False
    if request.method == "GET":
        form.revision.data = str(feedback.revision)
        form.content.data = feedback.content
        form.proposed_wording.data = feedback.proposed_wording or ""
    elif form.mask.data or form.mask_contacts.data:
        _apply_helper(form)
    elif form.validate_on_submit():
        try:
            redact_feedback(
                current_user,
                feedback,
                form.content.data,
                form.proposed_wording.data or "",
                _int(form.revision.data),
                form.reason.data,
                form.note.data,
            )
        except RedactionRefused as refusal:
            form.content.errors.append(refusal.message)
            status = 422
        except TextChanged:
            db.session.rollback()
            db.session.refresh(feedback)
            if feedback.status not in REDACTABLE:
                flash(
                    _(
                        "Opinion %(code)s is no longer pending or published; it was not changed.",
                        code=feedback.receipt_code,
                    ),
                    "warning",
                )
                return redirect(url_for("moderation.queue"))
            # Keep what the moderator typed; the next save is checked against the text now stored.
            form.revision.data = str(feedback.revision)
            changed, status = True, 409
        else:
            db.session.commit()
            flash(
                _(
                    "The redaction of opinion %(code)s is saved; the public now sees the redacted text.",
                    code=feedback.receipt_code,
                ),
                "success",
            )
            if feedback.status == FeedbackStatus.PENDING:
                return redirect(url_for("moderation.queue", draft=feedback.draft_id) + f"#fb-{feedback.id}")
            return redirect(url_for("moderation.redact", feedback_id=feedback.id))
    else:
        status = 422
    return render_template(
        "moderation/redact.html",
        feedback=feedback,
        form=form,
        marker=REDACTION_MARKER,
        changed=changed,
        reports=reports_of(feedback),
        redactions=redactions_of(feedback) if is_admin(current_user) else None,
        block_links=_block_links(feedback),
    ), status


def _apply_helper(form):
    """Mask the typed passage, or the contacts, in both texts; nothing is saved until 'Save'."""
    if form.mask.data:
        if not (form.phrase.data or "").strip():
            form.phrase.errors = [_("Type the word or passage to hide.")]
            return
        form.content.data = mask_phrase(form.content.data, form.phrase.data)
        form.proposed_wording.data = mask_phrase(form.proposed_wording.data, form.phrase.data)
        form.phrase.data = ""
    else:
        form.content.data = mask_contacts(form.content.data)
        form.proposed_wording.data = mask_contacts(form.proposed_wording.data)


def _int(value):
    """Return an int from a form value, or -1 (a revision no opinion has)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _block_links(feedback):
    """Return [(kind, value)] a moderator can block this opinion's submitter by, without showing the IP."""
    links = []
    if feedback.user_id is not None:
        user = db.session.get(User, feedback.user_id)
        if user is not None:
            links.append((BlockKind.ACCOUNT, user.email))
    if feedback.contact and "@" in feedback.contact:
        links.append((BlockKind.EMAIL, feedback.contact.strip().lower()))
    if feedback.client_hash:
        links.append((BlockKind.IP_HASH, feedback.client_hash))
    return links


@bp.route("/blocks", methods=["GET", "POST"])
def blocks():
    """List active and ended blocks and add one (prefilled from an opinion's 'block' link)."""
    form = BlockForm()
    status = 200
    if request.method == "GET":
        if request.args.get("kind") in BlockKind.ALL:
            form.kind.data = request.args["kind"]
            form.value.data = request.args.get("value", "")
    elif form.validate_on_submit():
        try:
            block = add_block(current_user, form.kind.data, form.value.data, form.reason.data, form.ends_on.data)
        except BlockRefused as refusal:
            form[refusal.field].errors.append(refusal.message)
            status = 422
        else:
            db.session.commit()
            flash(
                _("Block #%(id)d added: new opinions from this submitter are held for moderation.", id=block.id),
                "success",
            )
            return redirect(url_for("moderation.blocks"))
    else:
        status = 422
    active, ended = list_blocks(current_user)
    return render_template(
        "moderation/blocks.html", form=form, active=active, ended=ended, lift_form=LiftForm(), may_lift=may_lift
    ), status


@bp.route("/blocks/<int:block_id>/lift", methods=["POST"])
def lift(block_id):
    """End a block before its end date."""
    block = db.session.get(SubmitterBlock, block_id) or abort(404)
    if not LiftForm().validate_on_submit():
        abort(400)
    if not may_lift(current_user, block):
        abort(403)
    if lift_block(current_user, block):
        db.session.commit()
        flash(_("Block #%(id)d lifted.", id=block.id), "success")
    else:
        flash(_("Block #%(id)d had already ended.", id=block.id), "warning")
    return redirect(url_for("moderation.blocks"))
