"""Agency pages of themes: a draft's themes by article, one theme's opinions, and recomputing them."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.agency.access import load_managed_draft, require_agency_editor
from consult.audit import record
from consult.extensions import db
from consult.jobs import enqueue
from consult.themes import bp
from consult.themes.models import ThemeRunStatus
from consult.themes.queries import load_theme, theme_opinions, themes_overview
from consult.themes.services import MIN_OPINIONS, build_themes_job

bp.before_request(require_agency_editor)


@bp.route("/drafts/<int:draft_id>/themes")
def index(draft_id):
    """The draft's themes by article: label, size, stance mix, quotes, and links to their opinions."""
    draft = load_managed_draft(draft_id)
    run, groups, quotes, newer = themes_overview(draft)
    return render_template("themes/index.html", draft=draft, run=run, groups=groups, quotes=quotes, newer=newer,
                           RUNNING=ThemeRunStatus.RUNNING, FAILED=ThemeRunStatus.FAILED,
                           min_opinions=MIN_OPINIONS)


@bp.route("/drafts/<int:draft_id>/themes/recompute", methods=["POST"])
def recompute(draft_id):
    """Compute the draft's themes again in the background."""
    draft = load_managed_draft(draft_id)
    record(current_user, "themes.recompute", draft)
    enqueue(build_themes_job, draft.id)
    db.session.commit()
    flash(_("Themes are being computed again. Reload this page in a moment to see them."), "success")
    return redirect(url_for("themes.index", draft_id=draft.id))


@bp.route("/drafts/<int:draft_id>/themes/<int:theme_id>")
def show(draft_id, theme_id):
    """One theme's opinions, a page at a time."""
    draft = load_managed_draft(draft_id)
    theme = load_theme(draft, theme_id) or abort(404)
    size = current_app.config.get("THEMES_PAGE_SIZE", 50)
    after = request.args.get("after", type=int)
    items = theme_opinions(theme, after, limit=size + 1)
    next_after = items[size - 1].id if len(items) > size else None
    return render_template("themes/show.html", draft=draft, theme=theme, items=items[:size], after=after,
                           next_after=next_after)
