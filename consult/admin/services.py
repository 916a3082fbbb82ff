"""Creating and changing agencies."""

from sqlalchemy import select

from consult.agency.models import Agency
from consult.audit import record
from consult.drafts.services import slugify
from consult.extensions import db
from consult.text import clean_line


class SlugTaken(ValueError):
    """Another agency already uses this web address."""


def _check_slug(slug, agency=None):
    """Refuse a slug used by another agency."""
    other = db.session.scalar(select(Agency).where(Agency.slug == slug))
    if other is not None and other is not agency:
        raise SlugTaken(slug)


def create_agency(actor, name, kind, parent=None, slug=None, locality=""):
    """Create an agency, audited."""
    name = clean_line(name)
    slug = slug or slugify(name)
    _check_slug(slug)
    agency = Agency(name=name, slug=slug, kind=kind, parent=parent, locality=locality)
    db.session.add(agency)
    db.session.flush()
    record(actor, "agency.create", agency, after={"name": name, "slug": slug, "kind": kind, "locality": locality})
    return agency


def update_agency(actor, agency, name, kind, parent=None, slug=None, locality=""):
    """Change an agency, audited."""
    before = {
        "name": agency.name,
        "slug": agency.slug,
        "kind": agency.kind,
        "parent_id": agency.parent_id,
        "locality": agency.locality,
    }
    slug = slug or agency.slug
    _check_slug(slug, agency)
    agency.name, agency.slug, agency.kind, agency.parent = clean_line(name), slug, kind, parent
    agency.locality = locality
    db.session.flush()
    record(
        actor,
        "agency.update",
        agency,
        before=before,
        after={"name": agency.name, "slug": slug, "kind": kind, "parent_id": agency.parent_id, "locality": locality},
    )
    return agency
