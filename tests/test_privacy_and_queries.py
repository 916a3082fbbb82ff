"""Privacy across every public page, and pages that do not grow their query count with the data."""

import re
from urllib.parse import urljoin, urlparse

from sqlalchemy import select

from consult.demo import load_demo
from consult.feedback.models import Feedback, FeedbackStatus
from tests import factories

LINK_RE = re.compile(r'href="([^"#]+)')
HIT_RE = re.compile(r'<article class="card hit">.*?</article>', re.S)


def crawl(client, start="/", limit=300):
    """Visit every local page reachable anonymously from `start`; return {url: html}."""
    seen, queue, pages = set(), [start], {}
    while queue and len(seen) < limit:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        pages[url] = html
        for link in LINK_RE.findall(html):
            link = urljoin(url, link.replace("&amp;", "&"))
            parsed = urlparse(link)
            if parsed.netloc or parsed.path.startswith(("/static", "/lang", "/auth")):
                continue
            queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return pages


def test_no_contact_detail_or_withheld_name_on_any_public_page(client, db):
    load_demo()
    db.session.commit()
    opinions = db.session.scalars(select(Feedback)).all()
    typed = " ".join(feedback.content + feedback.proposed_wording for feedback in opinions)
    # A number an author typed into the opinion text itself is theirs to show (and a moderator's to reject).
    contacts = {feedback.contact for feedback in opinions if feedback.contact not in typed}
    withheld = {feedback.author_name for feedback in opinions if feedback.public_author is None}
    assert len(contacts) > 30 and withheld

    pages = crawl(client)
    for feedback in opinions:  # receipt pages are reached by code, not by links
        pages[f"/receipts/{feedback.receipt_code}"] = client.get(f"/receipts/{feedback.receipt_code}").get_data(
            as_text=True
        )

    # Search results show opinions' text: looking for a name or a contact must not reveal it either. The page
    # repeats what was typed (box, title, links), so only the results themselves are checked.
    for query in sorted(withheld)[:10] + sorted(contacts)[:10] + ["vỉa hè", "via he", "quy hoach"]:
        html = client.get("/search", query_string={"q": query}).get_data(as_text=True)
        pages[f"/search?q={query} (results)"] = "".join(HIT_RE.findall(html))
    assert any("<mark>" in html for url, html in pages.items() if url.startswith("/search"))

    assert len(pages) > 30
    assert any("/drafts/" in url and "page=2" not in url for url in pages)
    for url, html in pages.items():
        for secret in contacts | withheld:
            assert secret not in html, f"{secret!r} appears on {url}"


def test_draft_page_query_count_does_not_grow_with_opinions(client, db, open_draft, count_queries):
    url = f"/drafts/{open_draft.slug}"

    def page_queries():
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    for article in open_draft.articles:
        factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=article)
    db.session.commit()
    few = page_queries()
    for article in open_draft.articles * 5:
        factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=article)
    db.session.commit()

    assert page_queries() == few <= 10


def test_moderation_queue_query_count_does_not_grow_with_opinions(client, db, auth, moderator, agency, count_queries):
    drafts = [factories.make_draft(agency) for _ in range(3)]
    for draft in drafts:
        factories.make_feedback(draft, article=draft.articles[0])
    db.session.commit()
    auth.login(moderator)

    db.session.expire_all()
    with count_queries() as few:
        client.get("/moderation/")
    for draft in drafts:
        for article in draft.articles:
            factories.make_feedback(draft, article=article)
    db.session.commit()
    db.session.expire_all()
    with count_queries() as many:
        client.get("/moderation/")

    assert len(many) == len(few) <= 10
