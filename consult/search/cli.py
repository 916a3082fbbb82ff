"""`flask --app consult search reindex`: rebuild the search index from the database."""

import click

from consult.extensions import db


@click.group("search")
def search_cli():
    """The search index."""


@search_cli.command("reindex")
@click.option("--batch-size", default=500, show_default=True, help="Objects read and written per transaction.")
def reindex_command(batch_size):
    """Index every public draft, current article and approved opinion, and drop what is no longer public."""
    from consult.search.indexing import reindex

    counts = {}
    for kind, done in reindex(batch_size):
        db.session.commit()  # one transaction per batch: short locks, and memory stays flat on any size
        counts[kind] = done
    db.session.commit()
    click.echo("Search index rebuilt: " + ", ".join(f"{kind}s={count}" for kind, count in counts.items()) + ".")
