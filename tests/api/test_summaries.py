"""Groups of identical opinions and themes in the API: nothing before the agency publishes its answers, then the
approved opinions' groups (never a pending copy) and the last finished theme run."""

from consult.feedback.models import FeedbackStatus
from consult.themes.models import Theme, ThemeRun, ThemeRunStatus
from tests import factories


def copies(draft, status, count, group=None):
    """`count` opinions of the same form letter, in `group` (a representative) or starting one."""
    made = []
    for _ in range(count):
        opinion = factories.make_feedback(draft, status, content="Thư mẫu: đề nghị giữ nguyên Điều 2.")
        opinion.duplicate_group_id = (group or made[0]).id if (group or made) else None
        made.append(opinion)
    return made


def published(db, draft):
    """The agency publishes its answers (what matters here is the moment it did)."""
    draft.answers_published_at = draft.opens_at
    db.session.commit()


def test_groups_hold_approved_copies_only_and_only_once_answers_are_published(client, db, open_draft):
    letter = copies(open_draft, FeedbackStatus.APPROVED, 3)
    copies(open_draft, FeedbackStatus.PENDING, 2, group=letter[0])
    alone = factories.make_feedback(open_draft, FeedbackStatus.APPROVED)
    db.session.commit()
    url = f"/api/v1/drafts/{open_draft.slug}/groups"
    before = client.get(url).json

    published(db, open_draft)
    (group,) = client.get(url).json["items"]

    assert before["items"] == []
    assert group == {"representative": letter[0].id, "size": 3, "opinions": [opinion.id for opinion in letter]}
    assert alone.id not in group["opinions"]


def test_groups_come_in_pages(client, db, open_draft):
    for _ in range(3):
        copies(open_draft, FeedbackStatus.APPROVED, 2)
    published(db, open_draft)

    first = client.get(f"/api/v1/drafts/{open_draft.slug}/groups?limit=2").json
    second = client.get(first["next"]).json

    assert len(first["items"]) == 2 and len(second["items"]) == 1 and second["next"] is None


def test_themes_of_the_last_finished_run_once_answers_are_published(client, db, open_draft):
    old = ThemeRun(draft_id=open_draft.id, status=ThemeRunStatus.DONE)
    new = ThemeRun(draft_id=open_draft.id, status=ThemeRunStatus.DONE)
    running = ThemeRun(draft_id=open_draft.id, status=ThemeRunStatus.RUNNING)
    db.session.add_all([old, new, running])
    db.session.flush()
    article = open_draft.articles[0]
    for run, label in ((old, "cũ"), (new, "vỉa hè, cấp phép"), (running, "đang tính")):
        db.session.add(
            Theme(run_id=run.id, draft_id=open_draft.id, article_id=article.id, position=1, label=label,
                  terms=label.split(", "), size=4, support=1, oppose=2, other=1, quote_ids=[7, 8])
        )  # fmt: skip
    db.session.commit()
    url = f"/api/v1/drafts/{open_draft.slug}/themes"
    before = client.get(url).json

    published(db, open_draft)
    (theme,) = client.get(url).json["items"]

    assert before["items"] == []
    assert theme["label"] == "vỉa hè, cấp phép" and theme["terms"] == ["vỉa hè", "cấp phép"]
    assert theme["article"] == article.number and (theme["size"], theme["oppose"], theme["quotes"]) == (4, 2, [7, 8])
