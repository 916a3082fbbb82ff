"""What the drafting agency sees of its consultation: counts and the full list of opinions."""

import csv
import io

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from consult.drafts.models import Article, Clause
from consult.extensions import db
from consult.feedback.models import AUTHOR_KINDS, CHANNELS, FEEDBACK_STATUS_LABELS, STANCES, Feedback, FeedbackStatus
from consult.i18n import format_datetime_local
from consult.labels import label, target_label
from consult.localities import locality_name
from consult.moderation.models import REJECTION_REASONS


def build_summary(draft):
    """Count a draft's opinions by status, and the non-rejected ones by article × stance, author kind, locality."""
    # Explicit statuses: opinions whose email is not yet confirmed (unverified) are not counted anywhere.
    counted = (Feedback.draft_id == draft.id, Feedback.status.in_((FeedbackStatus.PENDING, FeedbackStatus.APPROVED)))

    by_status = dict(
        db.session.execute(
            select(Feedback.status, func.count())
            .where(Feedback.draft_id == draft.id, Feedback.status.in_(FeedbackStatus.ALL))
            .group_by(Feedback.status)
        ).all()
    )
    cells = db.session.execute(
        select(Feedback.article_id, Feedback.stance, func.count()).where(*counted).group_by(
            Feedback.article_id, Feedback.stance
        )
    ).all()
    by_kind = db.session.execute(
        select(Feedback.author_kind, func.count()).where(*counted).group_by(Feedback.author_kind)
    ).all()
    by_locality = db.session.execute(
        select(Feedback.locality, func.count()).where(*counted).group_by(Feedback.locality)
    ).all()

    matrix = {}
    for article_id, stance, count in cells:
        matrix.setdefault(article_id, {}).setdefault(stance, 0)
        matrix[article_id][stance] += count
    rows = [{"article": None, "counts": matrix.get(None, {})}]
    rows += [{"article": article, "counts": matrix.get(article.id, {})} for article in draft.articles]
    current = {article.id for article in draft.articles} | {None}
    earlier = {}
    for article_id, counts in matrix.items():
        if article_id not in current:  # opinions on articles of earlier versions of the text
            for stance, count in counts.items():
                earlier[stance] = earlier.get(stance, 0) + count
    if earlier:
        rows.append({"article": None, "earlier": True, "counts": earlier})
    for row in rows:
        row["total"] = sum(row["counts"].values())
    stance_totals = {stance: sum(row["counts"].get(stance, 0) for row in rows) for stance in STANCES}

    return {
        "by_status": {status: by_status.get(status, 0) for status in FeedbackStatus.ALL},
        "total": sum(by_status.values()),
        "counted": sum(stance_totals.values()),
        "articles": rows,
        "stance_totals": stance_totals,
        "by_kind": sorted(by_kind, key=lambda item: -item[1]),
        "by_locality": sorted(((locality_name(code), count) for code, count in by_locality), key=lambda i: -i[1]),
    }


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

