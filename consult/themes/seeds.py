"""The agency's named themes: a name and a few seed words that every computation of the themes draws opinions to."""

from consult.audit import record
from consult.extensions import db
from consult.themes.models import ThemeSeed


def name_theme(draft, words, name=None, actor=None):
    """Add a theme the agency names by seed words (a list, or one string of words separated by commas); return it.

    The next run draws every cluster of opinions near those words into this theme, which keeps its name.
    """
    if isinstance(words, str):
        words = words.split(",")
    words = [" ".join(word.split()) for word in words if word.strip()]
    seed = ThemeSeed(draft_id=draft.id, name=" ".join((name or ", ".join(words)).split())[:255], words=words)
    db.session.add(seed)
    db.session.flush()
    record(actor, "theme.seed_add", draft, after={"seed": seed.id, "name": seed.name, "words": words})
    return seed


def remove_seed(draft, seed, actor=None):
    """Remove one of the agency's named themes; the themes of the last run keep their labels until the next run."""
    record(actor, "theme.seed_remove", draft, before={"seed": seed.id, "name": seed.name, "words": seed.words})
    db.session.delete(seed)
    db.session.flush()
