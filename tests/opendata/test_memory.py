"""Memory stays flat: the rows are streamed from the database into the ZIP, never all held at once."""

import tracemalloc

from sqlalchemy import insert

from consult.database import utcnow
from consult.feedback.models import Feedback
from consult.opendata import rows as opendata_rows
from consult.opendata.builds import build_files, site_path
from tests.opendata.helpers import members

OPINIONS = 4000
TEXT = "ý kiến " * 600  # 4,200 characters: as a Python string over 8 KB each (two bytes a character)


def test_a_build_holds_a_batch_of_opinions_not_all_of_them(db, open_data_dir, open_draft, monkeypatch):
    """Batches of 200 (1,000 outside tests): 4,000 opinions are then 20 batches, few enough rows to insert fast."""
    monkeypatch.setattr(opendata_rows, "BATCH_SIZE", 200)
    now = utcnow()
    rows = [
        {
            "receipt_code": f"MEM{number:07d}",
            "draft_id": open_draft.id,
            "version_id": open_draft.current_version_id,
            "stance": "support",
            "content": f"{number} {TEXT}",
            "author_name": f"Người góp ý {number}",
            "contact": f"nguoi{number}@example.vn",
            "status": "approved",
            "flags": [],
            "created_at": now,
        }
        for number in range(OPINIONS)
    ]
    db.session.execute(insert(Feedback), rows)
    db.session.commit()
    every_text = sum(len(row["content"].encode("utf-16-le")) for row in rows)  # what a list of them would hold
    del rows

    tracemalloc.start()
    try:
        build_files()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert every_text > 30_000_000
    assert peak < every_text / 4, f"peak {peak:,} bytes for {every_text:,} bytes of opinions"
    assert members(site_path())["opinions.csv"].count(TEXT.encode()) == OPINIONS
