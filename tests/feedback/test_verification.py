"""Drafts that need a verified email: the code by email, wrong, locked and expired codes, the session, accounts."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from consult.audit import AuditLog
from consult.database import utcnow
from consult.drafts.models import Participation
from consult.feedback.models import Feedback, FeedbackStatus
from consult.feedback.verification import EmailCode
from tests import factories
from tests.conftest import post_form
from tests.feedback.helpers import code_of, page_text, sent_mails, vi
from tests.feedback.test_views import valid_form

CONTACT = "hoa.le@example.vn"


@pytest.fixture
def verified_draft(db, agency):
    """An open draft whose opinions need a verified email."""
    draft = factories.make_draft(agency, title="Dự thảo cần xác minh email")
    draft.participation = Participation.EMAIL_VERIFIED
    db.session.commit()
    return draft


def send(client, draft, **changes):
    """Fill in and send the opinion form."""
    return post_form(client, f"/drafts/{draft.slug}/feedback", valid_form(**changes))


def only_feedback(db):
    db.session.expire_all()
    return db.session.scalar(select(Feedback))


def type_code(client, feedback, code):
    """Send a code on the confirmation page."""
    return post_form(client, f"/receipts/{feedback.receipt_code}/confirm", {"code": code})


def wrong(code):
    """Return a 6-digit code that is not `code`."""
    return f"{(int(code) + 1) % 10**6:06d}"


def test_form_and_draft_page_say_an_email_is_needed(client, verified_draft):
    form = page_text(client.get(f"/drafts/{verified_draft.slug}/feedback"))
    draft_page = page_text(client.get(f"/drafts/{verified_draft.slug}"))

    assert (
        vi(
            "An email address is needed: a code is sent to it to confirm your opinion. Only the drafting agency "
            "sees it; it is never published."
        )
        in form
    )
    assert (
        vi("Email verification is needed to give an opinion: a code is sent to the email address you give.")
        in draft_page
    )


def test_open_draft_takes_a_phone_and_sends_no_code(client, db, app, open_draft):
    response = send(client, open_draft, contact="0912 345 678")

    assert response.status_code == 302 and "/confirm" not in response.headers["Location"]
    assert only_feedback(db).status == FeedbackStatus.PENDING
    assert sent_mails(app) == []
    assert vi(
        "Email verification is needed to give an opinion: a code is sent to the email address you give."
    ) not in page_text(client.get(f"/drafts/{open_draft.slug}"))


def test_a_phone_is_refused_on_a_verified_draft_and_the_text_kept(client, db, app, verified_draft):
    response = send(client, verified_draft, contact="0912 345 678", content="Ý kiến rất dài tôi đã viết cả buổi sáng.")

    assert response.status_code == 422
    html = page_text(response)
    assert (
        vi(
            "Opinions on this draft need an email address, to send you a confirmation code. Enter your email "
            "address instead of a phone number."
        )
        in html
    )
    assert 'aria-describedby="contact-hint contact-error"' in html
    assert "Ý kiến rất dài tôi đã viết cả buổi sáng." in html and "0912 345 678" in html
    assert db.session.scalar(select(func.count(Feedback.id))) == 0
    assert sent_mails(app) == []


def test_code_is_mailed_and_the_right_code_sends_the_opinion_to_moderation(client, db, app, verified_draft):
    response = send(client, verified_draft, contact=CONTACT)

    feedback = only_feedback(db)
    assert feedback.status == FeedbackStatus.UNVERIFIED
    assert response.headers["Location"].endswith(f"/receipts/{feedback.receipt_code}/confirm")
    [mail] = sent_mails(app)
    assert mail["To"] == CONTACT
    code = code_of(mail)
    body = mail.get_content()
    assert f"https://gopy.example.vn/receipts/{feedback.receipt_code}/confirm" in body
    assert verified_draft.title in body
    stored = db.session.scalar(select(EmailCode))
    assert code not in stored.code_hash and len(stored.code_hash) == 64  # only a keyed hash is kept

    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    html = page_text(page)
    assert "h***@example.vn" in html and CONTACT not in html
    assert (
        vi(
            "Until the code is typed, your opinion is not moderated, published or counted. An opinion whose email "
            "is not confirmed is deleted after %(days)d days.",
            days=7,
        )
        in html
    )
    assert client.get(f"/receipts/{feedback.receipt_code}").headers["Location"].endswith("/confirm")

    refused = type_code(client, feedback, wrong(code))
    assert refused.status_code == 422
    assert vi(
        "This code is not correct. Check the latest email and type it again (attempts left: %(left)d).", left=4
    ) in page_text(refused)
    assert only_feedback(db).status == FeedbackStatus.UNVERIFIED

    accepted = type_code(client, feedback, f"{code[:3]} {code[3:]}")
    assert accepted.headers["Location"].endswith(f"/receipts/{feedback.receipt_code}")
    assert only_feedback(db).status == FeedbackStatus.PENDING
    assert db.session.scalar(select(func.count(EmailCode.id))) == 0
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "feedback.email_verified"))
    assert log.object_id == feedback.id and log.after["method"] == "code" and log.before == {"status": "unverified"}
    receipt = client.get(accepted.headers["Location"]).get_data(as_text=True)
    assert feedback.receipt_code in receipt and "Chờ kiểm duyệt" in receipt


def test_the_sixth_attempt_is_locked_until_a_new_code(client, db, app, app_config, verified_draft):
    send(client, verified_draft, contact=CONTACT)
    feedback = only_feedback(db)
    code = code_of(sent_mails(app)[0])

    for _attempt in range(5):
        assert type_code(client, feedback, wrong(code)).status_code == 422
    locked = type_code(client, feedback, code)

    assert locked.status_code == 422
    assert vi("Too many wrong codes were typed. Ask for a new code below.") in page_text(locked)
    assert only_feedback(db).status == FeedbackStatus.UNVERIFIED

    db.session.execute(EmailCode.__table__.update().values(sent_at=utcnow() - timedelta(minutes=2)))
    db.session.commit()
    post_form(
        client, f"/receipts/{feedback.receipt_code}/confirm/resend", page=f"/receipts/{feedback.receipt_code}/confirm"
    )
    new_code = code_of(sent_mails(app)[1])
    if new_code != code:
        assert type_code(client, feedback, code).status_code == 422  # the old code stopped working
    assert type_code(client, feedback, new_code).status_code == 302
    assert only_feedback(db).status == FeedbackStatus.PENDING


def test_an_expired_code_is_refused(client, db, app, verified_draft):
    send(client, verified_draft, contact=CONTACT)
    feedback = only_feedback(db)
    code = code_of(sent_mails(app)[0])
    db.session.execute(EmailCode.__table__.update().values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()

    response = type_code(client, feedback, code)

    assert response.status_code == 422
    assert vi(
        "This code has expired (a code is valid for %(minutes)d minutes). Ask for a new code below.", minutes=30
    ) in page_text(response)
    assert only_feedback(db).status == FeedbackStatus.UNVERIFIED


def test_resend_waits_between_codes_and_stops_after_the_last_one(client, db, app, verified_draft):
    send(client, verified_draft, contact=CONTACT)
    feedback = only_feedback(db)
    confirm_page = f"/receipts/{feedback.receipt_code}/confirm"
    resend = f"{confirm_page}/resend"

    too_soon = post_form(client, resend, page=confirm_page, follow_redirects=True)
    assert vi("A code was sent a moment ago. Wait %(seconds)d seconds before asking for another one.", seconds=60)[
        :30
    ] in page_text(too_soon)
    assert len(sent_mails(app)) == 1

    for sends in range(2, 6):
        db.session.execute(EmailCode.__table__.update().values(sent_at=utcnow() - timedelta(minutes=2)))
        db.session.commit()
        done = post_form(client, resend, page=confirm_page, follow_redirects=True)
        assert vi(
            "A new code has been sent to %(email)s. The previous code no longer works.", email="h***@example.vn"
        ) in page_text(done)
        assert len(sent_mails(app)) == sends

    db.session.execute(EmailCode.__table__.update().values(sent_at=utcnow() - timedelta(minutes=2)))
    db.session.commit()
    refused = post_form(client, resend, page=confirm_page, follow_redirects=True)
    assert vi("No more codes can be sent for this opinion. Please send your opinion again later.") in page_text(refused)
    assert len(sent_mails(app)) == 5


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True, "VERIFICATION_RESEND_RATE_LIMIT": "2 per minute"}])
def test_resend_link_is_rate_limited(client, db, verified_draft):
    send(client, verified_draft, contact=CONTACT)
    feedback = only_feedback(db)
    confirm_page = f"/receipts/{feedback.receipt_code}/confirm"

    statuses = [post_form(client, f"{confirm_page}/resend", page=confirm_page).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]


def test_sending_the_same_form_twice_mails_one_code(client, db, app, verified_draft):
    from tests.feedback.test_guards import open_form

    fields = open_form(client, verified_draft)
    url = f"/drafts/{verified_draft.slug}/feedback"
    first = client.post(url, data={**fields, **valid_form(contact=CONTACT)})
    again = client.post(url, data={**fields, **valid_form(contact=CONTACT)})

    assert first.headers["Location"] == again.headers["Location"]
    assert db.session.scalar(select(func.count(Feedback.id))) == 1
    assert len(sent_mails(app)) == 1


def test_the_session_remembers_a_confirmed_email_for_a_while(client, db, app, verified_draft):
    send(client, verified_draft, contact=CONTACT)
    first = only_feedback(db)
    type_code(client, first, code_of(sent_mails(app)[0]))

    second = send(client, verified_draft, contact=" HOA.LE@example.vn", content="Ý kiến thứ hai, cùng một người.")

    opinion = db.session.scalar(select(Feedback).where(Feedback.content == "Ý kiến thứ hai, cùng một người."))
    assert opinion.status == FeedbackStatus.PENDING
    assert second.headers["Location"].endswith(f"/receipts/{opinion.receipt_code}")
    assert len(sent_mails(app)) == 1
    log = db.session.scalar(
        select(AuditLog).where(AuditLog.object_id == opinion.id, AuditLog.action == "feedback.email_verified")
    )
    assert log.after == {"method": "session"}
    with client.session_transaction() as session:
        assert CONTACT not in str(session.get("verified_email"))  # only a keyed hash travels in the cookie

    other = send(client, verified_draft, contact="nguoi.khac@example.vn", content="Ý kiến của người khác.")
    assert other.headers["Location"].endswith("/confirm")

    with client.session_transaction() as session:
        session["verified_email"] = dict(session["verified_email"], until=0)
    later = send(client, verified_draft, contact=CONTACT, content="Ý kiến sau khi hết hạn nhớ.")
    assert later.headers["Location"].endswith("/confirm")


def test_signed_in_account_with_a_verified_email_skips_the_code(client, db, app, auth, citizen, verified_draft):
    auth.login(citizen)

    asked = send(client, verified_draft, contact=citizen.email)
    assert asked.headers["Location"].endswith("/confirm")
    type_code(client, only_feedback(db), code_of(sent_mails(app)[0]))
    db.session.refresh(citizen)
    assert citizen.email_verified_at is not None

    with client.session_transaction() as session:
        session.pop("verified_email")  # another browser: only the account vouches for the email
    skipped = send(client, verified_draft, contact=citizen.email.upper(), content="Ý kiến thứ hai của tài khoản.")

    opinion = db.session.scalar(select(Feedback).where(Feedback.content == "Ý kiến thứ hai của tài khoản."))
    assert opinion.status == FeedbackStatus.PENDING and not skipped.headers["Location"].endswith("/confirm")
    log = db.session.scalar(
        select(AuditLog).where(AuditLog.object_id == opinion.id, AuditLog.action == "feedback.email_verified")
    )
    assert log.after == {"method": "account"} and log.actor_id == citizen.id
    assert len(sent_mails(app)) == 1


def test_unverified_opinions_are_in_no_queue_page_or_count(
    client, db, auth, moderator, agency_editor, verified_draft, runner
):
    factories.make_feedback(verified_draft, FeedbackStatus.UNVERIFIED, content="Ý kiến chưa xác nhận email")
    factories.make_feedback(verified_draft, FeedbackStatus.PENDING, content="Ý kiến chờ duyệt")
    factories.make_feedback(verified_draft, FeedbackStatus.APPROVED, content="Ý kiến đã duyệt")
    db.session.commit()

    assert "Ý kiến chưa xác nhận email" not in client.get(f"/drafts/{verified_draft.slug}").get_data(as_text=True)
    auth.login(moderator)
    queue = client.get("/moderation/").get_data(as_text=True)
    assert "Ý kiến chờ duyệt" in queue and "Ý kiến chưa xác nhận email" not in queue
    auth.logout()
    auth.login(agency_editor)
    summary = client.get(f"/agency/drafts/{verified_draft.id}/summary").get_data(as_text=True)
    csv_text = client.get(f"/agency/drafts/{verified_draft.id}/opinions.csv").get_data(as_text=True)
    assert "Ý kiến chưa xác nhận email" not in csv_text and "Ý kiến chờ duyệt" in csv_text
    from consult.agency.summary import build_summary

    counts = build_summary(verified_draft)
    assert counts["total"] == 2 and counts["counted"] == 2
    assert counts["by_status"] == {"pending": 1, "approved": 1, "rejected": 0}
    assert "Ý kiến" in summary
    listing = runner.invoke(args=["drafts", "list"]).output
    assert listing.rstrip().splitlines()[-1].split()[-1] == "2"


def test_purge_deletes_old_unverified_opinions_only(runner, db, verified_draft):
    old = utcnow() - timedelta(days=8)
    stale = factories.make_feedback(
        verified_draft, FeedbackStatus.UNVERIFIED, content="Cũ, chưa xác nhận", created_at=old
    )
    db.session.add(EmailCode(feedback=stale, code_hash="x" * 64, expires_at=old, sent_at=old))
    factories.make_feedback(verified_draft, FeedbackStatus.UNVERIFIED, content="Mới, chưa xác nhận")
    factories.make_feedback(verified_draft, FeedbackStatus.PENDING, content="Cũ, đã xác nhận", created_at=old)
    db.session.commit()
    stale_id = stale.id

    result = runner.invoke(args=["feedback", "purge-unverified"])

    assert result.exit_code == 0, result.output
    assert "Deleted 1 opinion(s)" in result.output
    db.session.expire_all()
    assert sorted(db.session.scalars(select(Feedback.content))) == ["Cũ, đã xác nhận", "Mới, chưa xác nhận"]
    assert db.session.scalar(select(func.count(EmailCode.id))) == 0
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "feedback.unverified_deleted"))
    assert log.object_id == stale_id

    assert "Deleted 1 opinion(s)" in runner.invoke(args=["feedback", "purge-unverified", "--days", "0"]).output


def test_the_right_code_sent_twice_at_once_confirms_once(app, client, db, verified_draft):
    import threading

    from tests.conftest import hidden_fields

    send(client, verified_draft, contact=CONTACT)
    feedback = only_feedback(db)
    code = code_of(sent_mails(app)[0])
    url = f"/receipts/{feedback.receipt_code}/confirm"
    fields = hidden_fields(client.get(url).get_data(as_text=True))
    barrier, statuses = threading.Barrier(3), []

    def confirm():
        other = app.test_client()
        with client.session_transaction() as source, other.session_transaction() as target:
            target.update(source)  # the same browser in every thread (double click, two tabs)
        with app.app_context():
            barrier.wait()
            statuses.append(other.post(url, data={**fields, "code": code}).status_code)

    threads = [threading.Thread(target=confirm) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302, 302, 302]
    assert only_feedback(db).status == FeedbackStatus.PENDING
    assert db.session.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "feedback.email_verified")) == 1
