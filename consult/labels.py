"""Translated labels for stored codes, shared by forms, templates and exports."""

from flask_babel import lazy_gettext as _l

from consult.agency.models import AgencyKind
from consult.answers.models import ANSWER_KINDS
from consult.auth.models import Role
from consult.drafts.models import DOC_TYPES, PHASE_LABELS
from consult.feedback.models import AUTHOR_KINDS, CHANNELS, FEEDBACK_STATUS_LABELS, FLAG_LABELS, STANCES
from consult.localities import locality_name
from consult.feedback.blocks import BLOCK_KINDS
from consult.moderation.models import CITIZEN_FLAG_REASONS, REDACTION_REASONS, REJECTION_REASONS

ROLE_LABELS = {
    Role.CITIZEN: _l("Citizen"),
    Role.MODERATOR: _l("Moderator"),
    Role.AGENCY_EDITOR: _l("Agency editor"),
    Role.ADMIN: _l("Administrator"),
}

AGENCY_KIND_LABELS = {
    AgencyKind.MINISTRY: _l("Ministry or central agency"),
    AgencyKind.PROVINCE: _l("Provincial people's committee"),
    AgencyKind.DEPARTMENT: _l("Provincial department"),
    AgencyKind.DISTRICT: _l("District level"),
    AgencyKind.COMMUNE: _l("Commune or ward"),
    AgencyKind.OTHER: _l("Other body"),
}


def target_label(article, clause=None):
    """Return what an opinion is about: 'Điều 5', 'Khoản 2 Điều 5' or 'Toàn bộ dự thảo' (translated)."""
    return numbered_target_label(article.number if article is not None else None,
                                 clause.number if clause is not None else None)


def numbered_target_label(article_number, clause_number=None):
    """Return target_label's text from the numbers alone (no article: the whole draft; clause 0: the article)."""
    if article_number is None:
        return str(_l("Whole draft"))
    if clause_number:
        return str(_l("Clause %(clause)d, Article %(article)d", clause=clause_number, article=article_number))
    return str(_l("Article %(number)d", number=article_number))


def label(table, code):
    """Return the translated label of `code` in `table`, or the code itself."""
    value = table.get(code)
    return str(value) if value is not None else (code or "")


TEMPLATE_LABELS = {
    "STANCES": STANCES,
    "ANSWER_KINDS": ANSWER_KINDS,
    "AUTHOR_KINDS": AUTHOR_KINDS,
    "CHANNELS": CHANNELS,
    "REJECTION_REASONS": REJECTION_REASONS,
    "REDACTION_REASONS": REDACTION_REASONS,  # moderation tools
    "CITIZEN_FLAG_REASONS": CITIZEN_FLAG_REASONS,
    "BLOCK_KINDS": BLOCK_KINDS,
    "DOC_TYPES": DOC_TYPES,
    "PHASE_LABELS": PHASE_LABELS,
    "FEEDBACK_STATUS_LABELS": FEEDBACK_STATUS_LABELS,
    "FLAG_LABELS": FLAG_LABELS,
    "ROLE_LABELS": ROLE_LABELS,
    "AGENCY_KIND_LABELS": AGENCY_KIND_LABELS,
    "label": label,
    "target_label": target_label,
    "locality_name": locality_name,
}
