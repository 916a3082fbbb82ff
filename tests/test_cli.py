"""Command-line interface: users create, demo load."""

from sqlalchemy import func, select

from consult.agency.models import Agency
from consult.answers.models import Answer
from consult.auth.models import User
from consult.drafts.models import Draft
from consult.feedback.models import Feedback, FeedbackStatus


def test_users_create(runner, db, agency):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--role",
            "agency_editor",
            "--email",
            "CanBo@Example.vn",
            "--agency",
            agency.slug,
            "--password",
            "mat-khau-dai-du",
        ]
    )

    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "canbo@example.vn"))
    assert user.role == "agency_editor" and user.agency_id == agency.id


def test_users_create_refuses_bad_input(runner, db):
    assert (
        runner.invoke(
            args=[
                "users",
                "create",
                "--role",
                "agency_editor",
                "--email",
                "a@example.vn",
                "--password",
                "mat-khau-dai-du",
            ]
        ).exit_code
        != 0
    )
    assert (
        runner.invoke(
            args=[
                "users",
                "create",
                "--role",
                "agency_editor",
                "--email",
                "a@example.vn",
                "--agency",
                "nope",
                "--password",
                "mat-khau-dai-du",
            ]
        ).exit_code
        != 0
    )
    assert (
        runner.invoke(
            args=["users", "create", "--role", "boss", "--email", "a@example.vn", "--password", "mat-khau-dai-du"]
        ).exit_code
        != 0
    )
    assert runner.invoke(args=["users", "create", "--email", "a@example.vn", "--password", "short"]).exit_code != 0
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_demo_load_is_idempotent_and_covers_every_state(runner, db):
    first = runner.invoke(args=["demo", "load"])
    second = runner.invoke(args=["demo", "load"])

    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "already present" in second.output
    assert db.session.scalar(select(func.count(Agency.id))) >= 2
    drafts = db.session.scalars(select(Draft)).all()
    assert len(drafts) == 2
    assert {draft.phase() for draft in drafts} == {"open", "answered"}  # the closed one's answers are published
    assert all(len(draft.articles) >= 10 for draft in drafts)
    statuses = set(db.session.scalars(select(Feedback.status).distinct()))
    assert statuses == set(FeedbackStatus.ALL)
    channels = set(db.session.scalars(select(Feedback.channel).distinct()))
    assert channels == {"web", "meeting", "letter", "hotline", "mass_organisation"}
    # The form-letter campaign: one group of copies and near copies, some of them still waiting for moderation.
    grouped = db.session.execute(
        select(Feedback.duplicate_group_id, Feedback.status, func.count())
        .where(Feedback.duplicate_group_id.is_not(None))
        .group_by(Feedback.duplicate_group_id, Feedback.status)
    ).all()
    assert {FeedbackStatus.APPROVED, FeedbackStatus.PENDING} <= {status for _, status, _ in grouped}
    assert sum(count for _, _, count in grouped) >= 30
    answered = next(draft for draft in drafts if draft.phase() == "answered")
    assert db.session.scalar(
        select(func.count(Answer.id)).where(Answer.published_at.is_not(None))
    ) == db.session.scalar(
        select(func.count(Feedback.id)).where(
            Feedback.draft_id == answered.id, Feedback.status == FeedbackStatus.APPROVED
        )
    )
    roles = set(db.session.scalars(select(User.role).distinct()))
    assert roles == {"citizen", "moderator", "agency_editor", "admin"}
    assert "demo-moderator-2026" in first.output


def test_demo_load_refuses_in_production(runner, app, db):
    from config import ProductionConfig

    assert ProductionConfig.DEMO_DATA_ALLOWED is False
    app.config["DEMO_DATA_ALLOWED"] = False

    result = runner.invoke(args=["demo", "load"])

    assert result.exit_code != 0
    assert "not loaded in production" in result.output
    assert db.session.scalar(select(func.count(Agency.id))) == 0
