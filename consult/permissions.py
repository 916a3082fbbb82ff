"""Who may do what: the one place these rules live; views and templates both call them."""

from consult.auth.models import Role


def _staff(user, role):
    """Return whether an authenticated, active user has `role`."""
    return bool(user and user.is_authenticated and user.is_active and user.role == role)


def is_admin(user):
    """Admins manage agencies and users and may do what any staff member may."""
    return _staff(user, Role.ADMIN)


def can_moderate(user):
    """Moderators and admins see the moderation queue."""
    return is_admin(user) or _staff(user, Role.MODERATOR)


def moderates_every_agency(user):
    """Admins and moderators tied to no agency moderate every draft."""
    return is_admin(user) or (_staff(user, Role.MODERATOR) and user.agency_id is None)


def can_moderate_draft(user, draft):
    """A moderator tied to an agency moderates only that agency's drafts; one without moderates all."""
    if moderates_every_agency(user):
        return True
    return _staff(user, Role.MODERATOR) and user.agency_id == draft.agency_id


def can_use_agency_workspace(user):
    """Agency editors (with an agency) and admins reach the agency pages."""
    return is_admin(user) or (_staff(user, Role.AGENCY_EDITOR) and user.agency_id is not None)


def can_manage_draft(user, draft):
    """Only editors of the draft's own agency, and admins, edit it, see its summary and contacts."""
    if is_admin(user):
        return True
    return _staff(user, Role.AGENCY_EDITOR) and user.agency_id == draft.agency_id


def can_view_draft(user, draft):
    """Published drafts are public; unpublished ones only for those who manage them."""
    return draft.is_public or can_manage_draft(user, draft)


TEMPLATE_PREDICATES = {
    "is_admin": is_admin,
    "can_moderate": can_moderate,
    "can_use_agency_workspace": can_use_agency_workspace,
    "can_manage_draft": can_manage_draft,
}
