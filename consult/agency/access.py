"""Who may use the agency workspace, and loading a draft the signed-in editor manages (shared by its blueprints)."""

from flask import abort
from flask_login import current_user, login_required

from consult.drafts.models import Draft
from consult.extensions import db
from consult.permissions import can_manage_draft, can_use_agency_workspace


@login_required
def require_agency_editor():
    """Only agency editors and admins reach these pages (a blueprint's before_request)."""
    if not can_use_agency_workspace(current_user):
        abort(403)


def load_managed_draft(draft_id):
    """Return a draft the current user manages: 404 if missing, 403 if another agency's."""
    draft = db.session.get(Draft, draft_id) or abort(404)
    if not can_manage_draft(current_user, draft):
        abort(403)
    return draft
