"""Agency pages that answer a set of opinions at once: a group of identical or similar opinions, or a list of ids
sent by another page (a theme).

Another page sends opinions here either with a link, /agency/drafts/<draft>/answers/selection?ids=12,15,31, or with
a form POSTed to the same address carrying `feedback_ids` (repeated) and the page's `csrf_token`; at most
MAX_SELECTED ids. Nothing is saved until the editor fills in the answer and submits it.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.agency.access import load_managed_draft
from consult.answers import bp
from consult.answers.forms import MAX_SELECTED, SelectionAnswerForm, SetAnswerForm
from consult.answers.groups import answer_selection as answer_selection_service
from consult.answers.groups import answer_set, in_group, in_theme, preview, set_counts
from consult.answers.queries import sharing_counts
from consult.answers.services import AnswerError
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.grouping.queries import differences_from, near_copies

PREVIEW = 20
NEAR_COPIES_SHOWN = 20  # near copies listed with their differences above a group's answer


@bp.route("/drafts/<int:draft_id>/answers/group/<int:representative_id>", methods=["GET", "POST"])
def answer_group(draft_id, representative_id):
    """Answer every published opinion of a group of identical or similar opinions with one answer."""
    draft = load_managed_draft(draft_id)
    representative = db.session.get(Feedback, representative_id)
    if representative is None or representative.draft_id != draft.id or representative.duplicate_group_id:
        abort(404)
    here = url_for("answers.answer_group", draft_id=draft.id, representative_id=representative.id)
    near, near_total = near_copies(representative.id, [FeedbackStatus.APPROVED], NEAR_COPIES_SHOWN)
    return _answer_whole_set(
        draft,
        in_group(representative.id),
        here,
        _("Answer saved for %(count)d opinions of the group."),
        representative=representative,
        near=(near, near_total, differences_from(representative, near)),
    )


@bp.route("/drafts/<int:draft_id>/answers/theme/<int:theme_id>", methods=["GET", "POST"])
def answer_theme(draft_id, theme_id):
    """Answer every published opinion of a theme (consult.themes) with one answer."""
    from consult.themes.models import Theme

    draft = load_managed_draft(draft_id)
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.draft_id != draft.id:
        abort(404)
    here = url_for("answers.answer_theme", draft_id=draft.id, theme_id=theme.id)
    return _answer_whole_set(
        draft, in_theme(theme.id), here, _("Answer saved for %(count)d opinions of the theme."), theme=theme
    )


def _answer_whole_set(draft, condition, here, saved_message, **shown):
    """Show a set's answer form, or answer its published opinions (answer_set's rule) and come back to `here`.

    `saved_message` is translated already and formatted with the count answered.
    """
    form = SetAnswerForm()
    valid = form.validate_on_submit()
    if valid and shown.get("near") and shown["near"][1] and not form.near_copies_seen.data:
        # A near copy may say something else: one answer for all only once someone has read them
        form.near_copies_seen.errors.append(_("Read the near copies of the group, then tick the box to confirm."))
        valid = False
    if valid:
        try:
            count = answer_set(
                current_user, draft, condition, form.kind.data, form.explanation.data, replace=form.replace.data
            )
        except AnswerError as error:
            db.session.rollback()
            form.explanation.errors.append(str(error.message))
        else:
            db.session.commit()
            flash(saved_message % {"count": count}, "success")
            return redirect(here)
    return _render(draft, form, condition, **shown), 422 if form.is_submitted() else 200


def _ids_sent():
    """Return the opinion ids another page sent: ?ids=1,2,3, or feedback_ids repeated (query or form)."""
    raw = request.values.getlist("feedback_ids") + request.args.get("ids", "").split(",")
    ids = []
    for value in raw:
        value = value.strip()
        if value.isdigit() and int(value) not in ids:
            ids.append(int(value))
    return ids


@bp.route("/drafts/<int:draft_id>/answers/selection", methods=["GET", "POST"])
def answer_selection(draft_id):
    """Answer the opinions another page selected (see the module docstring for how to send them)."""
    draft = load_managed_draft(draft_id)
    ids = _ids_sent()
    arriving = request.method == "GET" or ("kind" not in request.form and "explanation" not in request.form)
    form = SelectionAnswerForm(formdata=None) if arriving else SelectionAnswerForm()
    form.feedback_ids.data = ids
    if not arriving and form.validate():
        try:
            count = answer_selection_service(
                current_user, draft, ids, form.kind.data, form.explanation.data, replace=form.replace.data
            )
        except AnswerError as error:
            db.session.rollback()
            form.explanation.errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("Answer saved for %(count)d opinions.", count=count), "success")
            return redirect(url_for("answers.index", draft_id=draft.id))
    if len(ids) > MAX_SELECTED and arriving:
        form.feedback_ids.errors = [_("Select at most %(count)d opinions at once.", count=MAX_SELECTED)]
    condition = Feedback.id.in_(ids[:MAX_SELECTED])
    return _render(draft, form, condition, ids=ids[:MAX_SELECTED]), 200 if arriving else 422


def _render(draft, form, condition, representative=None, ids=None, theme=None, near=None):
    """Render the page of a set: its counts, its first opinions and the answer form."""
    counts = set_counts(draft, condition)
    items = preview(draft, condition, limit=PREVIEW)
    return render_template(
        "answers/answer_set.html",
        draft=draft,
        form=form,
        counts=counts,
        items=items,
        representative=representative,
        ids=ids,
        theme=theme,
        group_representative=representative,
        near_copies=near[0] if near else [],
        near_total=near[1] if near else 0,
        differences=near[2] if near else {},
        heading=_("Answer a group of identical or similar opinions")
        if representative
        else _("Answer the opinions of a theme")
        if theme
        else _("Answer the selected opinions"),
        shared=sharing_counts([item.answer for item in items]),
        more=counts.approved + counts.pending - len(items),
    )
