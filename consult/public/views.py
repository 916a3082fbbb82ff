"""Home page and draft pages."""

import hashlib
from io import BytesIO

from flask import abort, current_app, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from consult.answers.queries import published_answers_for, published_summary
from consult.database import reads_outside_a_transaction, utcnow
from consult.drafts.models import Draft, DraftStatus, Phase
from consult.drafts.structure import version_text
from consult.drafts.versions import compare_versions
from consult.extensions import db
from consult.feedback.services import approved_counts, approved_page
from consult.mail import public_url
from consult.outreach.leaflet import SIZES as LEAFLET_SIZES
from consult.outreach.leaflet import leaflet_pdf
from consult.outreach.paper import form_code, paper_form_pdf
from consult.pagecache import count_view_as, expire_page_at, public_page
from consult.permissions import can_view_draft
from consult.polls.services import has_poll
from consult.public import bp
from consult.public.rendered import kept_fragment, row_state
from consult.public.services import (
    PUBLIC_PHASES,
    HomeFilter,
    draft_header,
    home_listing,
    load_text,
    text_pages,
    viewable_draft,
)
from consult.statistics.counting import HOME


@bp.app_template_global()
def text_href(draft, version, article):
    """Return the address of `article` in the text of `version`: on its draft or version page, or on the part
    that holds it when the draft is read part by part."""
    return text_pages(draft, version).href(article)


@bp.app_template_global()
def current_text_html(draft, commenting, counts, clause_counts):
    """Return the HTML of the draft's current text as its draft page shows it (public/_text.html: the whole text,
    or the contents of a long draft), with the counts of published opinions and, when `commenting`, the links to
    comment.

    A published draft's text never changes (editing it adds a version), so its HTML is rendered once per app (so
    per process) for each language, window state and set of counts, and its divisions, articles and clauses are
    loaded only then. This buys issue 15's "render cost of the draft page cut by half": about 2.5 ms of the demo
    draft page's 8 ms, and 7 ms of the 2013 Constitution contents page's 10.5 (docs/benchmarks.md, 07/12/2026).
    An unpublished draft, edited in place, is rendered every time."""
    version = draft.current_version
    key = None
    if draft.status != DraftStatus.DRAFT:
        key = (
            version.id,
            version.created_at,
            draft.slug,
            request.script_root,
            str(get_locale()),
            bool(commenting),
            tuple(sorted(counts.items(), key=str)),
            tuple(sorted(clause_counts.items())),
        )

    def render():
        load_text(version)
        return Markup(
            render_template(
                "public/_text.html",
                draft=draft,
                version=version,
                pages=text_pages(draft, version),
                commenting=commenting,
                counts=counts,
                clause_counts=clause_counts,
            )
        )

    return kept_fragment("text", key, render)


@bp.route("/")
@public_page
@reads_outside_a_transaction
def home():
    """List drafts open for comments (with days left) and closed ones, narrowed by agency, field, province or
    state; how taking part works."""
    asked = HomeFilter(**{name: (request.args.get(name) or "").strip() for name in HomeFilter.NAMES})
    current, past, choices = home_listing(asked)
    filters = _known(asked, choices)
    if filters != asked:  # values the lists do not hold (an old or edited address): said, and left out
        current, past, choices = home_listing(filters)
    count_view_as(HOME)  # participation statistics (consult.statistics.counting)
    expire_page_at(*(draft.next_change() for draft in current))
    return render_template(
        "public/home.html",
        current=current,
        past=past,
        now=utcnow(),
        filters=filters,
        refused=filters != asked,
        choices=choices,
    )


def _known(filters, choices):
    """Return the filter without the values its choices do not hold."""
    return HomeFilter(
        agency=filters.agency if filters.agency in {slug for slug, _name in choices.agencies} else "",
        field=filters.field if filters.field in choices.fields else "",
        locality=filters.locality if filters.locality in choices.localities else "",
        phase=filters.phase if filters.phase in PUBLIC_PHASES else "",
    )


@bp.route("/drafts/<slug>")
@public_page
@reads_outside_a_transaction
def draft(slug):
    """Show a draft article by article, with its approved opinions (optionally on one article), paginated."""
    draft = _viewable_draft(slug, draft_header)  # its text comes from current_text_html
    count_view_as(draft.id)
    article = None
    if request.args.get("article") is not None:
        article = _article_or_404(draft, request.args.get("article", type=int))
    pager = ("public.draft", {"slug": draft.slug, "article": article.number if article else None})
    now = utcnow()
    return _render_with_opinions(
        "public/draft.html",
        draft,
        pager,
        article,
        answer_summary=published_summary(draft),
        header_html=_header_html(draft, now),
        has_poll=has_poll(draft.id),
        now=now,
    )


@bp.route("/drafts/<slug>/parts/<int:part>")
@public_page
@reads_outside_a_transaction
def draft_part(slug, part):
    """Show one part of a long draft's current text, with the counts of opinions and the links to comment."""
    draft = _viewable_draft(slug)
    count_view_as(draft.id)
    pages = text_pages(draft, draft.current_version)
    counts, clause_counts, _state = approved_counts(draft)
    return render_template(
        "public/part.html",
        draft=draft,
        version=draft.current_version,
        pages=pages,
        part=pages.part(part) or abort(404),
        counts=counts,
        clause_counts=clause_counts,
        now=utcnow(),
    )


@bp.route("/drafts/<slug>/articles/<int:number>")
@public_page
@reads_outside_a_transaction
def article(slug, number):
    """Show one article on its own page (light on slow links) with the opinions on it or on one clause."""
    draft = _viewable_draft(slug)
    article = _article_or_404(draft, number)
    count_view_as(draft.id)
    clause = None
    if request.args.get("clause"):
        clause = next((c for c in article.clauses if str(c.number) == request.args["clause"]), None) or abort(404)
    pager = (
        "public.article",
        {"slug": draft.slug, "number": article.number, "clause": clause.number if clause else None},
    )
    return _render_with_opinions("public/article.html", draft, pager, article, clause, a=article)


def _article_or_404(draft, number):
    """Return the current article with this number, or 404."""
    return next((a for a in draft.articles if a.number == number), None) or abort(404)


def _header_html(draft, now):
    """Return the HTML of the draft page's header (public/_draft_header.html).

    Kept per app under everything it shows: every column of the draft, its agency, window extensions and files
    (all loaded with the draft), what the clock makes of the window (phase, days left), the language. This buys
    issue 15's "uncached demo draft page >= 10% of a bare Flask hello": the header was about 0.8 ms of the demo
    draft page's 4.3 ms in process (docs/benchmarks.md, 07/12/2026)."""
    phase = draft.phase(now)
    clock = (
        phase,
        draft.days_left(now) if phase == Phase.OPEN else None,
        (draft.opens_at - now).days if phase == Phase.UPCOMING else None,
    )
    key = (
        row_state(draft, draft.agency, *draft.extensions, *draft.attachments),
        clock,
        request.script_root,
        str(get_locale()),
    )
    return kept_fragment(
        "draft-header", key, lambda: Markup(render_template("public/_draft_header.html", draft=draft, now=now))
    )


def _render_with_opinions(template, draft, pager, article=None, clause=None, **context):
    """Render a public page of the draft with a page of approved opinions, their published answers and the counts;
    `pager` is the endpoint and arguments of the links to the other pages of opinions."""
    counts, clause_counts, state = approved_counts(draft)
    return render_template(
        template,
        draft=draft,
        article=article,
        clause=clause,
        opinions_html=_opinions_html(draft, article, clause, counts, clause_counts, state, pager),
        counts=counts,
        clause_counts=clause_counts,
        **{"now": utcnow(), **context},
    )


def _opinions_html(draft, article, clause, counts, clause_counts, state, pager):
    """Return the HTML of one page of approved opinions (public/_opinions.html).

    Kept per app under everything it shows (the state of the draft's approved opinions, the page, the language)
    until the draft's answers are published (then each card may carry an answer, rendered every time). This buys
    issue 15's "uncached demo draft page >= 10% of a bare Flask hello": the page's opinions query and its 20 cards
    were about 2.5 ms of the demo draft page's 6 ms in process (docs/benchmarks.md, 07/12/2026)."""
    page = request.args.get("page", 1, type=int)
    per_page = current_app.config["OPINIONS_PER_PAGE"]
    endpoint, pager_args = pager
    key = None
    if not draft.answers_published_at and draft.status != DraftStatus.DRAFT:
        key = (
            draft.id,
            draft.slug,
            draft.current_version_id,
            article.id if article else None,
            clause.id if clause else None,
            page,
            per_page,
            endpoint,
            tuple(sorted(pager_args.items())),
            request.script_root,
            str(get_locale()),
            state,
        )

    def render():
        opinions = approved_page(draft, counts, clause_counts, article, clause, page, per_page)
        answers = published_answers_for(opinions.items) if draft.answers_published_at else {}
        return Markup(
            render_template(
                "public/_opinions.html",
                draft=draft,
                article=article,
                clause=clause,
                opinions=opinions,
                answers=answers,
                pager_endpoint=endpoint,
                pager_args=pager_args,
            )
        )

    return kept_fragment("opinions", key, render)


def _version_or_404(draft, number):
    """Return version `number` of a draft, or 404."""
    version = next((version for version in draft.versions if version.number == number), None)
    if version is None:
        abort(404)
    return version


def _viewable_draft(slug, loader=None):
    """Return a draft the visitor may see (loaded by `loader`, text included by default), or 404; its page expires
    when its window or days left change."""
    draft = viewable_draft(current_user, slug, loader) or abort(404)
    expire_page_at(draft.next_change())
    return draft


@bp.route("/drafts/<slug>/versions")
@public_page
def versions(slug):
    """List the versions of a draft's text, newest first."""
    draft = _viewable_draft(slug)
    return render_template("public/versions.html", draft=draft, versions=list(reversed(draft.versions)))


@bp.route("/drafts/<slug>/versions/<int:number>")
@public_page
def version(slug, number):
    """Show the text of one version, as opinions on it were written."""
    draft = _viewable_draft(slug)
    version = _version_or_404(draft, number)
    return render_template("public/version.html", draft=draft, version=version, pages=text_pages(draft, version))


@bp.route("/drafts/<slug>/versions/<int:number>/parts/<int:part>")
@public_page
def version_part(slug, number, part):
    """Show one part of a long version's text, as opinions on it were written."""
    draft = _viewable_draft(slug)
    version = _version_or_404(draft, number)
    pages = text_pages(draft, version)
    return render_template(
        "public/part.html", draft=draft, version=version, pages=pages, part=pages.part(part) or abort(404), now=utcnow()
    )


@bp.route("/drafts/<slug>/versions/<int:number>/text.txt")
def version_text_file(slug, number):
    """Download the whole text of a version as plain UTF-8 text (long drafts are read part by part on pages)."""
    draft = _viewable_draft(slug)
    version = _version_or_404(draft, number)
    data = version_text(version).encode("utf-8")
    return _draft_file(draft, data, "text/plain", f"{draft.slug[:80]}-v{version.number}.txt", as_attachment=True)


def _draft_file(draft, data, mimetype, download_name, as_attachment=False):
    """Send a file made from a draft: its ETag from its content (304 when unchanged), kept by any cache as a public
    page is when the draft is public."""
    response = send_file(
        BytesIO(data), mimetype=mimetype, as_attachment=as_attachment, download_name=download_name, etag=False
    )
    response.set_etag(hashlib.sha256(data).hexdigest()[:32])
    if draft.is_public:
        max_age = current_app.config["PAGE_MAX_AGE"]
        response.headers["Cache-Control"] = f"public, max-age={max_age}, stale-while-revalidate={max_age * 2}"
    return response.make_conditional(request)


@bp.route("/drafts/<slug>/versions/<int:number>/changes")
@public_page
def version_changes(slug, number):
    """Show what changed, article by article and word by word, since the previous version."""
    draft = _viewable_draft(slug)
    new = _version_or_404(draft, number)
    old = _version_or_404(draft, number - 1)
    changes = compare_versions(old, new)
    return render_template("public/changes.html", draft=draft, old=old, new=new, changes=changes)


@bp.route("/d/<int:draft_id>")
def short(draft_id):
    """The short address a leaflet prints, to type on a phone: the draft's page."""
    draft = db.session.get(Draft, draft_id)
    if draft is None or not can_view_draft(current_user, draft):
        abort(404)
    return redirect(url_for("public.draft", slug=draft.slug), 301)


@bp.route("/drafts/<slug>/leaflet.pdf")
def leaflet(slug):
    """The draft's leaflet to print, A4 (or A5 with ?size=a5): made once per app for each state of the draft, its
    agency and window, size, addresses and language (consult.outreach.leaflet)."""
    size = request.args.get("size", "a4")
    if size not in LEAFLET_SIZES:
        abort(404)
    draft = _viewable_draft(slug, draft_header)
    page_url, short_url = public_url("public.draft", slug=draft.slug), public_url("public.short", draft_id=draft.id)
    key = (row_state(draft, draft.agency, *draft.extensions), size, page_url, short_url, str(get_locale()))
    pdf = kept_fragment("leaflet", key, lambda: leaflet_pdf(draft, page_url, short_url, size))
    return _draft_file(draft, pdf, "application/pdf", f"to-roi-{draft.slug[:80]}-{size}.pdf")


@bp.route("/drafts/<slug>/paper-form.pdf")
def paper_form(slug):
    """The draft's paper opinion form to print (about one article with ?article=N), carrying its form code: made
    once per app for each state of the draft (and article), address and language (consult.outreach.paper)."""
    draft = _viewable_draft(slug)
    article = None
    if request.args.get("article") is not None:
        article = _article_or_404(draft, request.args.get("article", type=int))
    code = form_code(draft.id, article.number if article else None)
    parts = (draft, draft.agency, *draft.extensions, *((article,) if article else ()))
    key = (row_state(*parts), code, str(get_locale()))
    pdf = kept_fragment("paper-form", key, lambda: paper_form_pdf(draft, code, article))
    return _draft_file(draft, pdf, "application/pdf", f"phieu-gop-y-{code}.pdf")
