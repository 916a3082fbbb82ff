"""The summaries the drafting agency worked from, once it has published its answers: groups of identical or
near-identical approved opinions (consult.grouping) and the themes of the last finished theme run (consult.themes).
Before that, both lists are empty, as the answers are."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields
from sqlalchemy import func, select

from consult.api import bp
from consult.api.schemas import DraftPageSchema, PageQuery
from consult.api.spec import operation
from consult.api.views import cursor_key, draft_or_404, paged, parameters
from consult.drafts.models import Article
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.themes.models import Theme, ThemeRun, ThemeRunStatus


class GroupSchema(Schema):
    """Approved opinions of the same text, or nearly (copies of a form letter, a text sent twice)."""

    representative = fields.Integer(required=True, metadata={"description": _l("The id of the group's first opinion.")})
    size = fields.Integer(required=True, metadata={"description": _l("How many approved opinions it holds.")})
    opinions = fields.List(fields.Integer(), required=True, metadata={"description": _l("Their ids, in order.")})


class ThemeSchema(Schema):
    """A theme found in the approved opinions on the draft or on one article."""

    id = fields.Integer(required=True)
    label = fields.String(required=True, metadata={"description": _l("Its label: the terms that mark it.")})
    terms = fields.List(fields.String(), required=True)
    article = fields.Integer(
        required=True, allow_none=True, metadata={"description": _l("The article's number; null for the whole draft.")}
    )
    size = fields.Integer(required=True, metadata={"description": _l("How many approved opinions it holds.")})
    support = fields.Integer(required=True)
    oppose = fields.Integer(required=True)
    other = fields.Integer(required=True)
    quotes = fields.List(
        fields.Integer(), required=True, metadata={"description": _l("The ids of the opinions closest to it.")}
    )


class GroupPageSchema(DraftPageSchema):
    items = fields.List(fields.Nested(GroupSchema), required=True)


class ThemePageSchema(DraftPageSchema):
    items = fields.List(fields.Nested(ThemeSchema), required=True)


PAGE, GROUP_PAGE, THEME_PAGE = PageQuery(), GroupPageSchema(), ThemePageSchema()


@bp.route("/drafts/<slug>/groups")
@operation(
    _l("List a draft's groups of identical opinions"),
    _l(
        "Groups of two or more approved opinions with the same or nearly the same text, by the id of their first "
        "opinion; once the drafting agency has published its answers."
    ),
    GroupPageSchema,
    query=PageQuery,
    not_found=True,
)
def groups(slug):
    """A page of a draft's groups of identical or near-identical approved opinions."""
    return _once_answered(slug, GROUP_PAGE, group_page, lambda group: group["representative"])


def _once_answered(slug, schema, page_of, key):
    """Answer a page of `page_of(draft, after, limit)` (up to limit + 1 items, by `key(item)`, an int), empty until
    the draft's answers are published."""
    args = parameters(PAGE)
    found = draft_or_404(slug)
    after, limit = cursor_key(args.get("cursor"), int), args["limit"]
    items = page_of(found, after, limit) if found.answers_published_at is not None else []
    return paged(schema, items, limit, key_of=lambda index: (key(items[index]),))


def group_page(draft, after, limit):
    """Return up to limit + 1 groups of the draft's approved opinions after representative id `after`."""
    group = func.coalesce(Feedback.duplicate_group_id, Feedback.id)
    approved = (Feedback.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED)
    query = select(group).where(*approved).group_by(group).having(func.count() > 1)
    if after is not None:
        query = query.where(group > after)
    keys = db.session.scalars(query.order_by(group).limit(limit + 1)).all()
    members = {key: [] for key in keys}
    for opinion_id, key in db.session.execute(
        select(Feedback.id, group).where(*approved, group.in_(keys)).order_by(Feedback.id)
    ):
        members[key].append(opinion_id)
    return [{"representative": key, "size": len(ids), "opinions": ids} for key, ids in members.items()]


@bp.route("/drafts/<slug>/themes")
@operation(
    _l("List a draft's themes"),
    _l(
        "The themes of the last theme analysis of the approved opinions (by article, then size), with how many "
        "opinions each holds by stance; once the drafting agency has published its answers."
    ),
    ThemePageSchema,
    query=PageQuery,
    not_found=True,
)
def themes(slug):
    """A page of a draft's themes."""
    return _once_answered(slug, THEME_PAGE, theme_page, lambda theme: theme["position"])


def theme_page(draft, after, limit):
    """Return up to limit + 1 themes (as the API writes them) of the draft's last finished theme run, by position."""
    last_run = (
        select(ThemeRun.id)
        .where(ThemeRun.draft_id == draft.id, ThemeRun.status == ThemeRunStatus.DONE)
        .order_by(ThemeRun.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = (
        select(Theme, Article.number).outerjoin(Article, Theme.article_id == Article.id).where(Theme.run_id == last_run)
    )
    if after is not None:
        query = query.where(Theme.position > after)
    rows = db.session.execute(query.order_by(Theme.position).limit(limit + 1)).all()
    return [
        {
            "id": theme.id,
            "position": theme.position,
            "label": str(theme.title),
            "terms": theme.terms,
            "article": number,
            "size": theme.size,
            "support": theme.support,
            "oppose": theme.oppose,
            "other": theme.other,
            "quotes": theme.quote_ids,
        }
        for theme, number in rows
    ]
