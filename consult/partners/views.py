"""The administrator's pages of partner keys: the list, issuing one (its key shown once), revoking one."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult.agency.models import Agency
from consult.drafts.models import Draft, DraftStatus
from consult.extensions import db
from consult.partners.forms import PartnerKeyForm
from consult.partners.models import PartnerKey
from consult.partners.services import issue_key, revoke_key
from consult.permissions import is_admin

bp = Blueprint("partners", __name__, url_prefix="/admin/partners")


@bp.before_request
@login_required
def require_admin():
    """Only administrators issue and revoke keys."""
    if not is_admin(current_user):
        abort(403)


@bp.route("/", methods=["GET", "POST"])
def index():
    """The keys issued (none of their secrets), and the form to issue one."""
    agencies = db.session.scalars(select(Agency).order_by(Agency.name)).all()
    drafts = db.session.scalars(
        select(Draft).where(Draft.status != DraftStatus.DRAFT).options(selectinload(Draft.agency)).order_by(Draft.title)
    ).all()
    form = PartnerKeyForm()
    form.set_choices(agencies, drafts)
    issued = None
    if form.validate_on_submit():
        agency = db.session.get(Agency, form.agency_id.data)
        chosen = [draft for draft in drafts if draft.id in set(form.draft_ids.data)]
        if any(draft.agency_id != agency.id for draft in chosen):
            form.draft_ids.errors.append(_("Choose only drafts of the agency chosen above."))
        else:
            _key, issued = issue_key(current_user, form.name.data, agency, form.channel.data, chosen)
            db.session.commit()
    keys = db.session.scalars(
        select(PartnerKey).options(selectinload(PartnerKey.agency)).order_by(PartnerKey.created_at.desc())
    ).all()
    status = 422 if form.errors else 200
    return render_template("partners/index.html", form=form, keys=keys, issued=issued, drafts=drafts), status


@bp.route("/<int:key_id>/revoke", methods=["POST"])
def revoke(key_id):
    """Revoke a key: the partner's next request is refused."""
    key = db.session.get(PartnerKey, key_id) or abort(404)
    revoke_key(current_user, key)
    db.session.commit()
    flash(_("The key of %(partner)s no longer works.", partner=key.name), "success")
    return redirect(url_for("partners.index"))
