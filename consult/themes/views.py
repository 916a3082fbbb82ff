"""Agency pages of themes: a draft's themes by article, one theme's opinions, and recomputing them."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from consult.agency.access import load_managed_draft, require_agency_editor
from consult.agency.summary_runs import latest_runs
from consult.agency.summary_views import ask_for_summary_run
from consult.extensions import db
from consult.runs import with_refresh
from consult.themes import bp
from consult.themes.forms import SeedForm
from consult.themes.models import ThemeSeed
from consult.themes.queries import load_theme, theme_opinions, themes_overview
from consult.themes.seeds import name_theme, remove_seed
from consult.themes.services import MIN_OPINIONS

bp.before_request(require_agency_editor)


@bp.route("/drafts/<int:draft_id>/themes")
def index(draft_id, form=None):
    """The draft's themes by article: label, size, stance mix, quotes, and links to their opinions; the progress
    of the summary run computing them again; the themes the agency named."""
    draft = load_managed_draft(draft_id)
    run, groups, quotes = themes_overview(draft)
    summary_run, _snapshot = latest_runs(draft)
    html = render_template(
        "themes/index.html",
        draft=draft,
        run=run,
        groups=groups,
        quotes=quotes,
        summary_run=summary_run,
        min_opinions=MIN_OPINIONS,
        seeds=db.session.scalars(select(ThemeSeed).where(ThemeSeed.draft_id == draft.id).order_by(ThemeSeed.id)).all(),
        seed_form=form or SeedForm(),
    )
    return with_refresh(html, [summary_run])


@bp.route("/drafts/<int:draft_id>/themes/seeds", methods=["POST"])
def add_seed(draft_id):
    """Name a theme by a few seed words; it takes its opinions at the next computation."""
    draft = load_managed_draft(draft_id)
    form = SeedForm()
    if not form.validate_on_submit():
        return index(draft_id, form=form), 422
    name_theme(draft, form.words.data, name=form.name.data, actor=current_user)
    db.session.commit()
    flash(_("Theme named. Compute the themes again to gather its opinions."), "success")
    return redirect(url_for("themes.index", draft_id=draft.id))


@bp.route("/drafts/<int:draft_id>/themes/seeds/<int:seed_id>/remove", methods=["POST"])
def remove_seed_view(draft_id, seed_id):
    """Remove a named theme."""
    draft = load_managed_draft(draft_id)
    seed = db.session.get(ThemeSeed, seed_id)
    if seed is None or seed.draft_id != draft.id:
        abort(404)
    remove_seed(draft, seed, actor=current_user)
    db.session.commit()
    flash(_("Named theme removed."), "success")
    return redirect(url_for("themes.index", draft_id=draft.id))


@bp.route("/drafts/<int:draft_id>/themes/recompute", methods=["POST"])
def recompute(draft_id):
    """Compute the draft's themes again, in the background, as part of a summary run."""
    return ask_for_summary_run(
        draft_id,
        "themes.index",
        _("The themes are being computed again with the whole summary. This page shows the progress."),
    )


@bp.route("/drafts/<int:draft_id>/themes/<int:theme_id>")
def show(draft_id, theme_id):
    """One theme's opinions, a page at a time."""
    draft = load_managed_draft(draft_id)
    theme = load_theme(draft, theme_id) or abort(404)
    size = current_app.config.get("THEMES_PAGE_SIZE", 50)
    after = request.args.get("after", type=int)
    items = theme_opinions(theme, after, limit=size + 1)
    next_after = items[size - 1].id if len(items) > size else None
    return render_template(
        "themes/show.html", draft=draft, theme=theme, items=items[:size], after=after, next_after=next_after
    )
