"""The label tables templates read: every stored code with its translated label (consult.i18n.label looks one up)."""

from consult.agency.models import AGENCY_KIND_LABELS
from consult.answers.models import ANSWER_KINDS
from consult.auth.models import ROLE_LABELS
from consult.drafts.labels import target_label, wording_changes
from consult.drafts.models import DOC_TYPES, PHASE_LABELS
from consult.feedback.blocks import BLOCK_KINDS
from consult.feedback.models import AUTHOR_KINDS, CHANNELS, FEEDBACK_STATUS_LABELS, FLAG_LABELS, STANCES
from consult.i18n import label
from consult.localities import locality_name
from consult.moderation.models import CITIZEN_FLAG_REASONS, REDACTION_REASONS, REJECTION_REASONS
from consult.polls.models import QUESTION_KINDS

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
    "POLL_QUESTION_KINDS": QUESTION_KINDS,
    "label": label,
    "target_label": target_label,
    "wording_changes": wording_changes,
    "locality_name": locality_name,
}
