"""Background jobs: after the response, held until commit, failures logged, and on RQ with the real local Redis."""

import os
import uuid
from email import message_from_bytes
from email.policy import default

import pytest
from sqlalchemy import select

from consult import create_app
from consult.drafts.models import Participation
from consult.feedback.models import Feedback, FeedbackStatus
from consult.jobs import enqueue, run_all
from consult.mail import send_mail
from tests import factories
from tests.conftest import _testing_config, post_form
from tests.feedback.helpers import code_of, sent_mails
from tests.feedback.test_notifications import closed_port
from tests.feedback.test_views import valid_form
from tests.redis_queues import throwaway_queue

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
QUEUE = f"consult-test-{uuid.uuid4().hex[:8]}"
RQ = {"JOBS_BACKEND": "rq", "REDIS_URL": REDIS_URL, "JOBS_QUEUE": QUEUE}


@pytest.fixture
def verified_draft(db, agency):
    """An open draft whose opinions need a verified email."""
    draft = factories.make_draft(agency)
    draft.participation = Participation.EMAIL_VERIFIED
    db.session.commit()
    return draft


def send(client, draft, **changes):
    return post_form(client, f"/drafts/{draft.slug}/feedback", valid_form(**changes))


@pytest.mark.parametrize("app_config", [{"JOBS_BACKEND": "after_response"}])
def test_by_default_mail_goes_after_the_response_is_sent(client, db, app, verified_draft):
    response = send(client, verified_draft)

    assert response.status_code == 302
    assert sent_mails(app) == []  # the browser has its answer; the server has not closed it yet
    response.close()  # what the WSGI server does after the last byte
    assert len(sent_mails(app)) == 1


def test_a_failing_job_is_logged_and_the_next_one_still_runs(app, caplog):
    run_all(
        app, [("builtins.int", ("not a number",)), ("consult.mail.send_mail", ("a@example.vn", "Chủ đề", "Nội dung"))]
    )

    assert "Background job builtins.int failed" in caplog.text
    assert [mail["To"] for mail in sent_mails(app)] == ["a@example.vn"]


def test_jobs_wait_for_the_commit_and_vanish_with_a_rollback(db, app, agency):
    factories.make_draft(agency)  # a transaction is now open
    enqueue(send_mail, "rolled.back@example.vn", "Chủ đề", "Nội dung")
    db.session.rollback()
    factories.make_draft(agency)
    enqueue(send_mail, "committed@example.vn", "Chủ đề", "Nội dung")
    assert sent_mails(app) == []

    db.session.commit()

    assert [mail["To"] for mail in sent_mails(app)] == ["committed@example.vn"]
    enqueue(send_mail, "no.transaction@example.vn", "Chủ đề", "Nội dung")
    assert len(sent_mails(app)) == 2  # nothing to wait for: sent at once


def test_rq_needs_redis_url():
    with pytest.raises(RuntimeError, match="REDIS_URL"):
        create_app(_testing_config("sqlite://", JOBS_BACKEND="rq", REDIS_URL=None))
    with pytest.raises(RuntimeError, match="JOBS_BACKEND"):
        create_app(_testing_config("sqlite://", JOBS_BACKEND="cron"))


@pytest.fixture
def redis_queue(app):
    """The app's RQ queue on the local Redis (a test-only queue name, database 13); every key it made is removed."""
    with throwaway_queue(app) as queue_and_job_ids:
        yield queue_and_job_ids


@pytest.mark.parametrize("app_config", [RQ])
def test_on_rq_the_code_mail_waits_in_redis_for_a_worker(client, db, app, redis_queue, verified_draft):
    from rq import SimpleWorker

    queue, job_ids = redis_queue
    response = send(client, verified_draft)

    assert response.status_code == 302
    assert sent_mails(app) == []
    assert [job.description for job in queue.jobs] == ["consult.mail.send_mail"]  # grouped when stored
    job_ids.update(queue.job_ids)

    SimpleWorker([queue], connection=queue.connection).work(burst=True)

    assert queue.count == 0
    [mail] = sent_mails(app)
    feedback = db.session.scalar(select(Feedback))
    post_form(client, f"/receipts/{feedback.receipt_code}/confirm", {"code": code_of(mail)})
    db.session.refresh(feedback)
    assert feedback.status == FeedbackStatus.PENDING


@pytest.mark.parametrize("app_config", [dict(RQ, MAIL_BACKEND="file")])
def test_the_jobs_worker_command_sends_queued_mail(db, app, runner, redis_queue, tmp_path):
    queue, job_ids = redis_queue
    app.config["MAIL_FILE_DIR"] = str(tmp_path)
    db.session.commit()
    enqueue(send_mail, "hang@example.vn", "Mã xác nhận 042917", "Nội dung thư")
    job_ids.update(queue.job_ids)

    result = runner.invoke(args=["jobs", "worker", "--burst"])

    assert result.exit_code == 0, result.output
    [path] = tmp_path.glob("*.eml")  # written by the worker's work horse, a forked process
    message = message_from_bytes(path.read_bytes(), policy=default)
    assert message["Subject"] == "Mã xác nhận 042917" and message["To"] == "hang@example.vn"


@pytest.mark.parametrize("app_config", [dict(RQ, REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")])
def test_when_redis_is_down_the_mail_is_sent_by_the_web_process(client, db, app, verified_draft, caplog):
    response = send(client, verified_draft)

    assert response.status_code == 302
    response.close()
    assert len(sent_mails(app)) == 1
    assert "Redis unreachable" in caplog.text
