"""What an opinion can be about: the whole draft, an article ("5") or a clause ("5.2") of the current version.

The opinion form is the busiest page of a national consultation, so the targets of a published version (which
never changes once published: edits make a new version) are kept in memory per worker process.
"""

import functools

from sqlalchemy import select

from consult.drafts.models import Article, Clause
from consult.extensions import db


def _load_targets(version_id):
    """Return {"5": (article_id, None), "5.2": (article_id, clause_id)} for one version."""
    rows = db.session.execute(
        select(Article.number, Article.id, Clause.number, Clause.id)
        .outerjoin(Clause, Clause.article_id == Article.id)
        .where(Article.version_id == version_id)
    ).all()
    targets = {}
    for article_number, article_id, clause_number, clause_id in rows:
        targets[str(article_number)] = (article_id, None)
        if clause_number:
            targets[f"{article_number}.{clause_number}"] = (article_id, clause_id)
    return targets


@functools.lru_cache(maxsize=512)
def _published_targets(version_id, created_at):
    """Cached targets of a published version; the creation time makes the key unique even if ids are reused."""
    return _load_targets(version_id)


def target_ids(draft, value):
    """Return (article_id, clause_id) for a target value, (None, None) for the whole draft, or None if unknown.

    `draft` is a Draft or a FormDraft: anything with current_version_id, version_created_at and is_public.
    """
    if value in (None, "", "0"):
        return None, None
    if draft.current_version_id is None:
        return None
    if draft.is_public:
        targets = _published_targets(draft.current_version_id, draft.version_created_at.isoformat())
    else:
        targets = _load_targets(draft.current_version_id)  # an unpublished version is still edited in place
    return targets.get(value)
