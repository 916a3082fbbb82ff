"""What the drafting agency sees of its consultation: counts (consult.agency.summary) and the list of opinions."""

import csv
import io

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult.agency.summary import build_summary  # noqa: F401  (its public home, used by reports)
from consult.drafts.models import Article, Clause
from consult.extensions import db
from consult.feedback.models import AUTHOR_KINDS, CHANNELS, FEEDBACK_STATUS_LABELS, STANCES, Feedback, FeedbackStatus
from consult.i18n import format_datetime_local
from consult.labels import label, target_label
from consult.localities import locality_name
from consult.moderation.models import REJECTION_REASONS


def csv_header(include_contact):
    """Return the translated column titles of the opinions CSV."""
    header = [
        _("Receipt code"),
        _("Received (dd/mm/yyyy)"),
        _("Channel"),
        _("Given offline on (dd/mm/yyyy)"),
        _("Source reference"),
        _("Status"),
        _("Article"),
        _("Stance"),
        _("Opinion"),
        _("Proposed wording"),
        _("Author"),
        _("Author kind"),
        _("Locality"),
        _("Commune / ward"),
        _("Name may be published"),
        _("Reason not published"),
    ]
    if include_contact:
        header.append(_("Contact (email or phone)"))
    return header


def csv_row(feedback, include_contact):
    """Return one opinion as CSV cells, labels translated."""
    decision = feedback.decisions[-1] if feedback.decisions else None
    article = feedback.article
    row = [
        feedback.receipt_code,
        format_datetime_local(feedback.created_at),
        label(CHANNELS, feedback.channel),
        feedback.received_on.strftime("%d/%m/%Y") if feedback.received_on else "",
        feedback.source_ref,
        label(FEEDBACK_STATUS_LABELS, feedback.status),
        target_label(article, feedback.clause),
        label(STANCES, feedback.stance),
        feedback.content,
        feedback.proposed_wording,
        feedback.author_name,
        label(AUTHOR_KINDS, feedback.author_kind),
        locality_name(feedback.locality),
        feedback.locality_detail,
        _("Yes") if feedback.consent_name else _("No"),
        label(REJECTION_REASONS, decision.reason_code) if decision and decision.reason_code else "",
    ]
    if include_contact:
        row.append(feedback.contact)
    return [_defuse_formula(cell) for cell in row]


def _defuse_formula(cell):
    """Keep spreadsheet programs from running a citizen's text as a formula."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def export_feedback_csv(draft, include_contact, batch_size=1000):
    """Yield the CSV of all opinions of a draft in chunks: UTF-8 with BOM so Excel shows Vietnamese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(csv_header(include_contact))
    query = (
        select(Feedback)
        .where(Feedback.draft_id == draft.id, Feedback.status.in_(FeedbackStatus.ALL))
        .options(
            selectinload(Feedback.article).load_only(Article.number),
            selectinload(Feedback.clause).load_only(Clause.number),
            selectinload(Feedback.decisions),
        )
        .order_by(Feedback.created_at, Feedback.id)
        .execution_options(yield_per=batch_size)
    )
    for feedback in db.session.scalars(query):
        writer.writerow(csv_row(feedback, include_contact))
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()

