"""A link to the site shared in a chat shows the page's title and description (Open Graph tags), nothing fetched."""

import html as html_lib
import re


def meta(page, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', page)
    return html_lib.unescape(found.group(1)) if found else None


def test_the_home_page_describes_the_site(client):
    page = client.get("/").get_data(as_text=True)

    assert meta(page, "property", "og:title").startswith("Dự thảo")
    assert "góp ý" in meta(page, "name", "description") or "ý kiến" in meta(page, "name", "description")
    assert meta(page, "property", "og:locale") == "vi_VN"
    assert 'property="og:image"' not in page


def test_a_draft_page_describes_the_draft(client, db, open_draft):
    open_draft.summary = 'Dự thảo quy định về sử dụng vỉa hè & lòng đường "tạm thời".'
    db.session.commit()

    page = client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)

    assert meta(page, "property", "og:title") == open_draft.title
    assert meta(page, "property", "og:description") == open_draft.summary
    assert meta(page, "name", "description") == open_draft.summary
