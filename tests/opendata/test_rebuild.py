"""The files follow public content: an approval, once committed, rebuilds them in the background (one job for a
burst), only the files whose data changed are written again, and a draft no longer published loses its file."""

import os
import time

import pytest

from consult.drafts.models import DraftStatus
from consult.feedback.models import FeedbackStatus
from consult.moderation.services import approve_feedback
from consult.opendata.builds import PENDING, WANTED, build_files, draft_path, request_rebuild, site_path
from tests import factories
from tests.conftest import post_form
from tests.opendata.helpers import csv_rows
from tests.redis_queues import throwaway_queue

REDIS_URL = os.environ.get("TEST_OPEN_DATA_REDIS_URL", "redis://127.0.0.1:6379/7")
RQ = {"JOBS_BACKEND": "rq", "REDIS_URL": REDIS_URL, "JOBS_QUEUE": f"consult-test-open-data-{os.getpid()}"}


def opinion_texts(path):
    return {row["text"] for row in csv_rows(path, "opinions")}


def test_an_approval_rebuilds_the_files_after_its_commit(client, db, auth, moderator, auto_build, open_draft):
    """Inline jobs in tests run at the commit, as a worker would after it."""
    opinion = factories.make_feedback(open_draft, content="Ý kiến vừa được duyệt.")
    db.session.commit()
    assert opinion_texts(site_path()) == set()  # built when the draft was made; a pending opinion is not public
    auth.login(moderator)

    response = post_form(client, f"/moderation/{opinion.id}/decide", {"approve": "1"}, page="/moderation/")

    assert response.status_code == 302
    assert "Ý kiến vừa được duyệt." in opinion_texts(site_path())
    assert "Ý kiến vừa được duyệt." in opinion_texts(draft_path(open_draft.id))
    assert not (auto_build / PENDING).exists() and not (auto_build / WANTED).exists()


def test_nothing_is_built_while_the_change_is_not_committed(db, moderator, auto_build, open_draft):
    opinion = factories.make_feedback(open_draft)
    db.session.commit()

    approve_feedback(moderator, opinion)
    db.session.flush()
    assert opinion_texts(site_path()) == set()
    db.session.rollback()
    assert opinion_texts(site_path()) == set()


@pytest.mark.parametrize("app_config", [RQ])
def test_a_burst_of_approvals_queues_one_rebuild(app, db, moderator, auto_build, open_draft):
    opinions = [factories.make_feedback(open_draft, content=f"Ý kiến số {number}.") for number in range(5)]
    db.session.commit()
    with throwaway_queue(app) as (queue, _job_ids):
        for opinion in opinions:
            approve_feedback(moderator, opinion)
            db.session.commit()  # one commit each, as five moderators would

        assert len(queue) == 1  # the draft's creation queued it; the approvals found it pending
        assert (auto_build / PENDING).exists() and not site_path().exists()  # never built by the committer
        (job,) = queue.jobs
        job.perform()  # what a worker does with it (a burst SimpleWorker sometimes waits a minute on its pub/sub)

    assert opinion_texts(site_path()) == {f"Ý kiến số {number}." for number in range(5)}
    assert not (auto_build / PENDING).exists() and not (auto_build / WANTED).exists()


def test_a_change_during_a_pass_gets_a_pass_of_its_own(db, auto_build, open_draft, monkeypatch):
    """The job passes again when a change came while it was building, though that change queued no job."""
    from sqlalchemy import update

    from consult.feedback.models import Feedback
    from consult.opendata import builds

    late = factories.make_feedback(open_draft, content="Ý kiến đến muộn.")
    factories.make_feedback(open_draft, content="Ý kiến đến sớm.", status=FeedbackStatus.APPROVED)
    db.session.commit()
    passes = []

    def build_while_another_server_approves(*args, **kwargs):
        passes.append(build_files(*args, **kwargs))
        if len(passes) == 1:  # another process commits an approval, then asks for a rebuild: the job is pending
            with db.engine.begin() as connection:
                connection.execute(update(Feedback).where(Feedback.id == late.id).values(status="approved"))
            request_rebuild()

    monkeypatch.setattr(builds, "build_files", build_while_another_server_approves)

    request_rebuild()

    assert len(passes) == 2
    assert opinion_texts(site_path()) == {"Ý kiến đến sớm.", "Ý kiến đến muộn."}


def test_a_pending_marker_left_by_a_dead_job_is_taken_over(app, db, auto_build, open_draft):
    assert opinion_texts(site_path()) == set()
    marker = auto_build / PENDING
    marker.touch()
    factories.make_feedback(open_draft, status=FeedbackStatus.APPROVED, content="Ý kiến đã duyệt.")
    db.session.commit()

    request_rebuild()
    assert opinion_texts(site_path()) == set()  # a job is pending: none queued

    old = time.time() - app.config["REPORT_STALE_SECONDS"] - 1
    os.utime(marker, (old, old))
    request_rebuild()
    assert opinion_texts(site_path()) == {"Ý kiến đã duyệt."}


def test_only_changed_files_are_written_and_unpublished_drafts_lose_theirs(db, agency, open_data_dir, open_draft):
    other = factories.make_draft(agency, title="Dự thảo thứ hai")
    factories.make_feedback(other, status=FeedbackStatus.APPROVED, content="Ý kiến về dự thảo thứ hai.")
    db.session.commit()
    assert set(build_files()) == {site_path(), draft_path(open_draft.id), draft_path(other.id)}
    assert build_files() == []

    factories.make_feedback(open_draft, status=FeedbackStatus.APPROVED, content="Ý kiến mới.")
    db.session.commit()
    assert set(build_files()) == {site_path(), draft_path(open_draft.id)}

    other.status = DraftStatus.DRAFT
    db.session.commit()
    assert build_files() == [site_path()]
    assert not draft_path(other.id).exists()
    assert "Ý kiến về dự thảo thứ hai." not in opinion_texts(site_path())


def test_the_command_builds_every_file_or_one_drafts(runner, db, agency, open_data_dir, open_draft):
    unpublished = factories.make_draft(agency, status=DraftStatus.DRAFT)
    db.session.commit()

    result = runner.invoke(args=["opendata", "build"])
    assert result.exit_code == 0, result.output
    assert "consult-open-data.zip" in result.output and site_path().exists() and draft_path(open_draft.id).exists()

    result = runner.invoke(args=["opendata", "build", "--draft", open_draft.slug])
    assert (
        result.exit_code == 0 and result.output.count("Wrote ") == 1 and f"draft-{open_draft.id}.zip" in result.output
    )

    result = runner.invoke(args=["opendata", "build", "--draft", unpublished.slug])
    assert result.exit_code != 0 and "not published" in result.output
    assert not draft_path(unpublished.id).exists()
