"""Moving from SQLite to PostgreSQL: `flask --app consult database copy-to URL` copies the app's SQLite database into
an empty PostgreSQL one at the same migration head, then compares the two table by table.

- checks.py: what must hold before anything is written (source at the head, target empty), the target's migration;
- copying.py: the copy itself, in one transaction on the target (COPY in batches, sequences, ANALYZE);
- checksums.py: row counts and a SHA-256 per table, computed the same way on both databases;
- cli.py: the commands.
"""


class CopyRefused(Exception):
    """The copy cannot be made as asked; the message says why. Nothing was written to the target's tables."""
