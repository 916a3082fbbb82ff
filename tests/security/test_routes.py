"""Every route, walked: each is classified by who may open it (a new route fails here until it is), every POST
route refuses a form without its CSRF token, and no staff route opens for a visitor, a citizen or the wrong staff."""

import pytest

from consult.auth.models import Role
from consult.polls.services import add_question
from consult.themes.seeds import name_theme
from tests import factories
from tests.conftest import csrf_token

PUBLIC = {
    "favicon", "robots", "static", "i18n.switch", "search.results", "search.opinion",
    "public.home", "public.draft", "public.draft_part", "public.article", "public.versions", "public.version",
    "public.version_part", "public.version_changes", "public.version_text_file", "public.short", "public.leaflet",
    "public.paper_form", "polls.answer",
    "attachments.download", "reports.public_report", "reports.public_run_page", "reports.public_download",
    "feedback.submit", "feedback.lookup", "feedback.receipt", "feedback.confirm", "feedback.resend", "feedback.erase",
    "feedback.second_look",
    "opinion_reports.report", "auth.login", "auth.reset_request", "auth.reset", "auth.code",
    "feeds.drafts", "feeds.agency", "feeds.field", "feeds.locality", "feeds.draft",
    "api.agencies", "api.drafts", "api.draft", "api.articles", "api.opinions", "api.answers", "api.openapi",
    "api.reference_page", "api.submit_opinion", "api.groups", "api.themes",
    "subscriptions.new", "subscriptions.confirm_", "subscriptions.end_",
    "opendata.index", "opendata.site_file", "opendata.draft_file", "health.healthz", "health.readyz",
    "scoreboard.index", "scoreboard.csv_file", "api.scoreboard",
    "statistics.site", "statistics.draft", "statistics.site_csv", "statistics.draft_csv",
}  # fmt: skip
SIGNED_IN = {"auth.logout", "auth.password", "auth.two_step", "feedback.my_opinions", "feedback.my_data"}
MODERATORS = {
    "moderation.queue", "moderation.decide", "moderation.decide_selected", "moderation.decide_whole_group",
    "moderation.redact", "moderation.blocks", "moderation.lift",
}  # fmt: skip
AGENCY = {
    "agency.index", "agency.new_draft", "agency.import_draft", "agency.show", "agency.edit", "agency.open_",
    "agency.close", "agency.extend", "agency.groups", "agency.group", "agency.summary", "agency.compute_summary",
    "agency.opinions_csv", "answers.index", "answers.answer", "answers.answer_group", "answers.answer_selection",
    "answers.answer_theme", "answers.edit_text", "answers.publish", "attachments.upload", "attachments.delete",
    "offline.new", "offline.import_file", "offline.import_run", "offline.save_import", "offline.template",
    "offline.paper_form", "agency.key_points", "agency.poll", "agency.poll_question", "agency.poll_move",
    "agency.poll_remove",
    "themes.index", "themes.show", "themes.recompute", "themes.add_seed", "themes.remove_seed_view",
    "reports.agency_reports", "reports.agency_download", "reports.report_text",
}  # fmt: skip
ADMIN = {
    "admin.index", "admin.agency_form", "admin.user_new", "admin.user_edit", "admin.audit", "admin.audit_csv",
    "admin.dashboard", "admin.dashboard_draft", "partners.index", "partners.revoke", "agency.refuse_close_request",
    "admin.expectations",
}  # fmt: skip
STAFF = {"signed in": SIGNED_IN, "moderators": MODERATORS, "agency": AGENCY, "admin": ADMIN}
CSRF_REFUSED = "Biểu mẫu đã hết hạn hoặc được gửi từ trang khác."
# POST routes that take no CSRF token, each with what stands in for it.
CSRF_EXEMPT = {
    "subscriptions.end_": "RFC 8058 one-click unsubscribe from a mail program: the signed token in the address",
    "api.submit_opinion": "a partner channel's POST, with no cookie: its key in the Authorization header",
}


@pytest.fixture
def world(db, agency, admin, open_draft):
    """Real objects for the routes' arguments: refusals must come from permissions, not from a missing row."""
    opinion = factories.make_feedback(open_draft)
    question = add_question(None, open_draft, {"text": "Có hay không?", "kind": "single", "options": ["Có", "Không"]})
    seed = name_theme(open_draft, "phí")
    db.session.commit()
    values = {
        "draft_id": open_draft.id, "slug": open_draft.slug, "feedback_id": opinion.id, "opinion_id": opinion.id,
        "representative_id": opinion.id, "group_id": opinion.id, "code": opinion.receipt_code,
        "agency_id": agency.id, "user_id": admin.id, "number": 1, "part": 1, "run_id": 1, "theme_id": 1,
        "attachment_id": 1, "text_id": 1, "block_id": 1, "key_id": 1, "token": "x", "kind": "csv", "filename": "x.txt", "table": "days",
        "question_id": question.id, "seed_id": seed.id,
    }  # fmt: skip
    return values


def rules(app, method):
    return [rule for rule in app.url_map.iter_rules() if method in rule.methods]


def url(rule, values):
    return rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1]


def test_every_route_is_classified(app):
    classified = PUBLIC | SIGNED_IN | MODERATORS | AGENCY | ADMIN
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}

    assert endpoints - classified == set(), "classify the new routes here: who may open them?"
    assert classified - endpoints == set(), "routes gone: take them out of the classification"
    exempt = {app.view_functions[endpoint] for endpoint in CSRF_EXEMPT}
    assert app.extensions["csrf"]._exempt_views == {f"{view.__module__}.{view.__name__}" for view in exempt}
    assert app.extensions["csrf"]._exempt_blueprints == set()


def test_every_post_route_refuses_a_form_without_its_token(app, world, auth, client):
    auth.login(factories.make_user(role=Role.ADMIN))  # past every role check: only the token is missing
    for rule in rules(app, "POST"):
        if rule.endpoint in CSRF_EXEMPT:
            continue  # tests/subscriptions: a forged token changes nothing
        for visitor in (app.test_client(), client):
            response = visitor.post(url(rule, world), data={"confirm": "1", "approve": "1"})
            assert response.status_code == 400, rule.endpoint
            assert CSRF_REFUSED in response.get_data(as_text=True), rule.endpoint


@pytest.mark.parametrize("who", ["visitor", "citizen", "moderator of another agency", "editor of another agency"])
def test_no_staff_route_opens_for_whoever_may_not_use_it(app, db, world, other_agency, who):
    client = app.test_client()
    if who != "visitor":
        role = {"citizen": Role.CITIZEN, "moderator of another agency": Role.MODERATOR}.get(who, Role.AGENCY_EDITOR)
        user = factories.make_user(role=role, agency=None if role == Role.CITIZEN else other_agency)
        db.session.commit()
        assert client.post("/auth/login", data={"email": user.email, "password": factories.PASSWORD,
                                                "csrf_token": csrf_token(client, "/auth/login")}).status_code == 302  # fmt: skip
    # What their role opens whatever the agency; a selection of another agency's opinions is refused opinion by
    # opinion (tests/moderation/test_bulk.py); a paper form's code leads to its draft's entry, which checks the agency
    # (tests/offline/test_paper_form.py).
    allowed = {"citizen": SIGNED_IN, "moderator of another agency": SIGNED_IN | {"moderation.queue", "moderation.blocks",
                                                                                  "moderation.decide_selected"},
               "editor of another agency": SIGNED_IN | {"agency.index", "agency.new_draft", "agency.import_draft",
                                                        "offline.template", "offline.paper_form"}}.get(who, set())  # fmt: skip
    token = csrf_token(client, "/auth/login")
    for group, endpoints in STAFF.items():
        for rule in app.url_map.iter_rules():
            if rule.endpoint not in endpoints or rule.endpoint in allowed:
                continue
            if "GET" in rule.methods:
                response = client.get(url(rule, world))
            else:
                response = client.post(url(rule, world), data={"csrf_token": token})
            assert response.status_code in (302, 403, 404), (who, group, rule.endpoint, response.status_code)
            if response.status_code == 302:
                assert "/auth/login" in response.headers["Location"], (who, rule.endpoint)
