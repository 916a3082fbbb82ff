"""Email subscriptions without an account: double opt-in, digests of what happened since the last one (a draft's
events, an agency's or a field's new drafts), a link and a List-Unsubscribe header that end it in one click, and the
privacy erase forgetting the address."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from consult.database import utcnow
from consult.drafts.models import DraftStatus
from consult.drafts.services import publish_draft
from consult.drafts.window import extend_window
from consult.feedback.models import FeedbackStatus
from consult.mail import outbox
from consult.subscriptions.models import Subscription
from consult.subscriptions.services import send_digests
from tests import factories
from tests.conftest import post_form

LINK = re.compile(r"https://gopy\.example\.vn(/subscriptions/(?:confirm|end)/[\w.-]+)")
EMAIL = "nguoi.theo.doi@example.vn"


def mails_to(app, address=EMAIL):
    return [message for message in outbox(app) if message["To"] == address]


def link_in(message):
    return LINK.search(message.get_content()).group(1)


def subscribed(app, client, kind, target):
    """Subscribe EMAIL through the form and confirm through the mailed link; return the confirmation mail."""
    page = post_form(client, f"/subscribe?kind={kind}&target={target}", {"email": EMAIL})
    assert page.status_code == 200 and "Hãy kiểm tra hộp thư" in page.get_data(as_text=True)
    confirmation = mails_to(app)[-1]
    assert post_form(client, link_in(confirmation)).status_code == 200
    return confirmation


def test_nothing_is_sent_before_the_link_is_followed_then_each_event_is_mailed_once(app, client, db, open_draft):
    post_form(client, f"/subscribe?kind=draft&target={open_draft.slug}", {"email": EMAIL})
    (confirmation,) = mails_to(app)
    extend_window(None, open_draft, open_draft.closes_at + timedelta(days=7), "Cần thêm ý kiến của doanh nghiệp.")
    db.session.commit()
    assert len(mails_to(app)) == 1  # unconfirmed: no news
    assert "Xác nhận" in confirmation["Subject"] and open_draft.title in confirmation.get_content()

    confirm_page = client.get(link_in(confirmation))
    assert confirm_page.status_code == 200 and "Xác nhận" in confirm_page.get_data(as_text=True)
    assert db.session.scalar(select(Subscription.confirmed_at)) is None  # opening the link alone confirms nothing
    post_form(client, link_in(confirmation))
    extend_window(None, open_draft, open_draft.closes_at + timedelta(days=7), "Gia hạn lần hai.")
    db.session.commit()
    send_digests()

    digest = mails_to(app)[-1]
    assert len(mails_to(app)) == 2  # the second run had nothing new
    assert "Gia hạn lần hai." in digest.get_content()
    assert "Cần thêm ý kiến của doanh nghiệp." not in digest.get_content()  # before the confirmation
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert digest["List-Unsubscribe"] == f"<https://gopy.example.vn{link_in(digest)}>"


def test_the_link_in_a_digest_ends_the_subscription_with_one_post_from_a_mail_program(app, client, db, open_draft):
    subscribed(app, client, "draft", open_draft.slug)
    extend_window(None, open_draft, open_draft.closes_at + timedelta(days=7), "Gia hạn.")
    db.session.commit()
    end = link_in(mails_to(app)[-1])

    one_click = app.test_client().post(end, data={"List-Unsubscribe": "One-Click"})  # no session, no CSRF token
    extend_window(None, open_draft, open_draft.closes_at + timedelta(days=7), "Gia hạn nữa.")
    db.session.commit()

    assert one_click.status_code == 200 and "Đã hủy đăng ký" in one_click.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Subscription.id))) == 0
    assert len(mails_to(app)) == 2  # the confirmation and one digest
    assert "đã kết thúc" in app.test_client().get(end).get_data(as_text=True)


def test_an_agencys_new_drafts_and_no_other_agencys(app, client, db, agency):
    subscribed(app, client, "agency", agency.slug)
    ours = factories.make_draft(agency, title="Dự thảo mới của Sở", status=DraftStatus.DRAFT)
    theirs = factories.make_draft(factories.make_agency(slug="so-khac"), title="Dự thảo của sở khác")
    theirs.status = DraftStatus.DRAFT
    db.session.commit()
    publish_draft(None, ours)
    publish_draft(None, theirs)
    db.session.commit()

    (digest,) = mails_to(app)[1:]
    assert "Dự thảo mới của Sở" in digest.get_content() and "Dự thảo của sở khác" not in digest.get_content()
    assert f"https://gopy.example.vn/drafts/{ours.slug}" in digest.get_content()


def test_asking_again_mails_a_new_link_only_while_unconfirmed_and_says_the_same(app, client, db, open_draft):
    subscribed(app, client, "draft", open_draft.slug)
    again = post_form(client, f"/subscribe?kind=draft&target={open_draft.slug}", {"email": EMAIL.upper()})

    assert again.status_code == 200 and "Hãy kiểm tra hộp thư" in again.get_data(as_text=True)
    assert len(mails_to(app)) == 1  # confirmed already: nothing sent, nothing said
    assert db.session.scalar(select(func.count(Subscription.id))) == 1


def test_bad_input_gets_a_clear_answer(app, client, db, open_draft):
    wrong = post_form(client, f"/subscribe?kind=draft&target={open_draft.slug}", {"email": "khong-phai-email"})

    assert wrong.status_code == 422 and "khong-phai-email" in wrong.get_data(as_text=True)  # kept to be corrected
    assert client.get("/subscribe?kind=draft&target=khong-co").status_code == 404
    assert client.get("/subscribe?kind=gi-do&target=x").status_code == 404
    assert client.get("/subscriptions/confirm/gia-mao").status_code == 404


def test_the_privacy_erase_forgets_the_address_subscriptions(app, client, db, open_draft):
    subscribed(app, client, "draft", open_draft.slug)
    opinion = factories.make_feedback(open_draft, FeedbackStatus.APPROVED, contact=EMAIL)
    db.session.commit()

    post_form(client, "/privacy/erase", {"code": opinion.receipt_code, "contact": EMAIL})

    assert db.session.scalar(select(func.count(Subscription.id))) == 0


def test_unconfirmed_subscriptions_are_dropped_after_a_week(app, client, db, open_draft):
    post_form(client, f"/subscribe?kind=draft&target={open_draft.slug}", {"email": EMAIL})
    db.session.execute(Subscription.__table__.update().values(created_at=utcnow() - timedelta(days=8)))
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["subscriptions", "send"])

    assert "0 digest(s) sent, 1 unconfirmed subscription(s) dropped" in result.output
    assert db.session.scalar(select(func.count(Subscription.id))) == 0


def test_a_forged_or_confirmation_token_ends_nothing(app, client, db, open_draft):
    confirmation = subscribed(app, client, "draft", open_draft.slug)
    confirm_token = link_in(confirmation).rsplit("/", 1)[1]

    forged = app.test_client().post("/subscriptions/end/gia-mao", data={"List-Unsubscribe": "One-Click"})
    wrong_purpose = app.test_client().post(f"/subscriptions/end/{confirm_token}")

    assert forged.status_code == wrong_purpose.status_code == 200
    assert db.session.scalar(select(func.count(Subscription.id))) == 1


def test_a_province_hears_of_its_agencies_and_the_national_bodies_new_drafts(app, client, db, agency):
    agency.locality = "ha-noi"
    elsewhere = factories.make_agency(name="Sở Tư pháp Huế", slug="so-tu-phap-hue")
    elsewhere.locality = "hue"
    db.session.commit()
    subscribed(app, client, "locality", "ha-noi")
    drafts = [
        factories.make_draft(owner, title=title, status=DraftStatus.DRAFT)
        for owner, title in [
            (agency, "Dự thảo của Hà Nội"),
            (factories.make_agency(slug="bo-tu-phap"), "Dự thảo của Bộ"),
            (elsewhere, "Dự thảo của Huế"),
        ]
    ]
    db.session.commit()
    for draft in drafts:
        publish_draft(None, draft)
    db.session.commit()

    (digest,) = mails_to(app)[1:]
    assert "Dự thảo của Hà Nội" in digest.get_content() and "Dự thảo của Bộ" in digest.get_content()
    assert "Dự thảo của Huế" not in digest.get_content()
    assert "Hà Nội" in digest["Subject"]


def test_every_subscriber_of_a_draft_gets_the_news_worked_out_once(app, db, open_draft, monkeypatch):
    from consult.subscriptions import services

    earlier = utcnow() - timedelta(hours=1)  # the time of their last digest, the same for all
    for number in range(3):
        db.session.add(
            Subscription(email=f"nguoi{number}@example.vn", kind="draft", target=open_draft.slug, language="vi",
                         confirmed_at=earlier, notified_up_to=earlier)
        )  # fmt: skip
    db.session.commit()
    worked_out = []
    real_news = services._news
    monkeypatch.setattr(services, "_news", lambda *args: worked_out.append(args) or real_news(*args))
    monkeypatch.setattr(services, "BATCH", 2)  # two batches, the same news

    extend_window(None, open_draft, open_draft.closes_at + timedelta(days=7), "Gia hạn cho tất cả.")
    db.session.commit()

    assert sorted(message["To"] for message in outbox(app)) == [f"nguoi{n}@example.vn" for n in range(3)]
    assert all("Gia hạn cho tất cả." in message.get_content() for message in outbox(app))
    assert len(worked_out) == 1
