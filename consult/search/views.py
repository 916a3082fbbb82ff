"""The public search page, and the link from an opinion found to its place on the draft page."""

from flask import abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import select

from consult.drafts.models import Draft, DraftStatus
from consult.extensions import db
from consult.pagecache import public_page
from consult.search import bp
from consult.search.folding import parse_query
from consult.search.forms import KIND_PARAMS, KIND_TITLES, PARAM_OF_KIND, SearchForm
from consult.search.services import PER_PAGE, locate_opinion, search, search_all


@bp.route("/search")
@public_page
def results():
    """Search published drafts, their current articles and published opinions; diacritics are optional."""
    draft = _draft_filter(request.args.get("draft"))
    form = SearchForm(formdata=request.args)
    context = {
        "form": form,
        "draft": draft,
        "query": form.words(),
        "KIND_TITLES": KIND_TITLES,
        "PARAM_OF_KIND": PARAM_OF_KIND,
    }
    if request.args and not form.validate():
        return render_template("search/results.html", **context), 422
    if parse_query(form.words()) is None:
        return render_template("search/results.html", **context)
    if form.kind.data == "all":
        context["groups"] = search_all(form.words(), draft=draft)
    else:
        context["results"] = search(
            form.words(),
            KIND_PARAMS[form.kind.data],
            draft=draft,
            after=_key("after"),
            before=_key("before"),
            limit=current_app.config.get("SEARCH_PER_PAGE", PER_PAGE),
        )
    return render_template("search/results.html", **context)


def _key(name):
    """Return a page key from the query string, or None if it is missing or cannot be an entry id."""
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value < 2**31 else None


def _draft_filter(slug):
    """Return the published draft the search is limited to, None for no limit, or 404."""
    if not slug:
        return None
    draft = db.session.scalar(select(Draft).where(Draft.slug == slug, Draft.status != DraftStatus.DRAFT))
    return draft or abort(404)


@bp.route("/search/opinions/<int:opinion_id>")
def opinion(opinion_id):
    """Send the visitor to the page of the draft that lists this published opinion, at the opinion."""
    found = locate_opinion(opinion_id, current_app.config["OPINIONS_PER_PAGE"]) or abort(404)
    draft, page = found
    return redirect(
        url_for("public.draft", slug=draft.slug, page=page if page > 1 else None, _anchor=f"y-kien-{opinion_id}")
    )
