"""Benchmark: the cost per opinion of grouping copies and near copies on submit, and the quality of the groups.

Builds a fresh migrated database (a temporary SQLite file, or --database-url, WHICH IS EMPTIED: give it a scratch
PostgreSQL database) holding one open draft. With --background N the draft first gets N synthetic
representatives already in the LSH index (word salad drawn from the vocabulary below), as on a draft with
N distinct opinions. Then the labelled set of tests/feedback/opinion_set.py (20 form letters with
--copies edited copies each, 210 distinct opinions on the same draft, and the paragraphs of the two legal
fixtures that are not near copies of one another) is stored one opinion at a time through store_opinions,
committing each one. The grouping work is timed alone (group_rows, and index_bands for an opinion that starts a
group; not the opinion's own INSERT, which every opinion stored makes anyway): wall time, and CPU
time of this process (an in-process SQLite's work is included, a PostgreSQL server's is not), with its SQL
statements counted. Prints one line:

  opinions=N per_opinion_ms=N groups=N precision=N recall=N database=sqlite cpu_ms=N queries=N background=N
  summary_ms=N [regroup_per_opinion_ms=N regroup_precision=N regroup_recall=N]

`per_opinion_ms`, `cpu_ms` and `queries` are per opinion sent. `precision` and `recall` are over pairs of opinions:
pairs put in one group that share a label, and pairs sharing a label that were put in one group (the labels are the
reference; 1.0 is perfect). `groups` counts groups of two or more. `summary_ms` times the summary's first page of
groups on the draft; with --regroup, `feedback regroup`'s pass over the whole draft (background included) is timed
too, and the groups it leaves are scored again. --seed (default 2026) fixes the copies' edits and the sending order.

  PYTHONPATH=$PWD .venv/bin/python bench/duplicates.py [--copies 40] [--background 20000] [--regroup]
                                                       [--seed 2026] [--database-url URL]

Dated results: docs/benchmarks.md.
"""

import argparse
import itertools
import random
import tempfile
import time
from collections import Counter
from contextlib import contextmanager

from common import ROOT, migrated_app  # first: puts the project on sys.path


def legal_paragraphs():
    """Return the legal fixtures' paragraphs of 20+ words, leaving out any near copy of one kept before."""
    from rapidfuzz import fuzz

    from consult.text.flags import duplicate_key

    kept, keys = [], []
    for name in ("hien-phap-2013.txt", "luat-an-ninh-mang-2018.txt"):
        for paragraph in (ROOT / "tests" / "fixtures" / "legal" / name).read_text().splitlines():
            key = duplicate_key(paragraph)
            if len(key.split()) >= 20 and all(fuzz.ratio(key, other, score_cutoff=75) == 0 for other in keys):
                kept.append(paragraph)
                keys.append(key)
    return kept


def add_background(draft, count, vocabulary, rng):
    """Insert `count` synthetic representatives and their band rows in bulk (Core inserts, no flags)."""
    from sqlalchemy import func, insert, select

    from consult.database import utcnow
    from consult.extensions import db
    from consult.feedback.models import Feedback
    from consult.grouping.models import FeedbackLshBand
    from consult.text.fingerprint import band_hashes
    from consult.text.flags import duplicate_key

    start = (db.session.scalar(select(func.max(Feedback.id))) or 0) + 1
    now = utcnow()
    for offset in range(0, count, 2000):
        rows, bands = [], []
        for number in range(start + offset, start + min(offset + 2000, count)):
            content = " ".join(rng.choices(vocabulary, k=rng.randint(25, 80)))
            rows.append(
                {
                    "id": number,
                    "receipt_code": f"BG{number:08d}",
                    "draft_id": draft.id,
                    "version_id": draft.current_version_id,
                    "stance": "other",
                    "content": content,
                    "proposed_wording": "",
                    "author_name": "Nền",
                    "author_kind": "individual",
                    "locality": "ha-noi",
                    "locality_detail": "",
                    "contact": "",
                    "consent_name": False,
                    "consent_text": "",
                    "status": "pending",
                    "flags": [],
                    "created_at": now,
                }
            )
            bands += [
                {"representative_id": number, "band": band, "draft_id": draft.id, "hash": value}
                for band, value in enumerate(band_hashes(duplicate_key(content)))
            ]
        db.session.execute(insert(Feedback), rows)
        db.session.execute(insert(FeedbackLshBand), bands)
        db.session.commit()
    if db.engine.dialect.name == "postgresql":  # explicit ids: move the sequence past them
        db.session.execute(select(func.setval("feedback_id_seq", start + count)))
        db.session.commit()


def pairwise_quality(groups, labels):
    """Return (precision, recall) over pairs of opinions."""
    predicted = actual = both = 0
    for (group_a, label_a), (group_b, label_b) in itertools.combinations(zip(groups, labels, strict=True), 2):
        same_group, same_label = group_a == group_b, label_a == label_b
        predicted += same_group
        actual += same_label
        both += same_group and same_label
    return both / max(predicted, 1), both / max(actual, 1)


@contextmanager
def timing_grouping():
    """Time every call of group_rows and index_bands (the grouping work of storing opinions); yield the running
    totals."""
    from sqlalchemy import event

    import consult.feedback.store as store
    from consult.extensions import db

    totals = {"wall": 0.0, "cpu": 0.0, "queries": 0, "calls": 0}
    inside = [False]

    def count(*_args):
        totals["queries"] += inside[0]

    def timed(function, per_opinion):
        def wrapper(*args, **kwargs):
            inside[0] = True
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                totals["wall"] += time.perf_counter() - wall
                totals["cpu"] += time.process_time() - cpu
                totals["calls"] += per_opinion
                inside[0] = False

        return wrapper

    # Patched where store_opinions looks them up at call time.
    originals = [(store, name, getattr(store, name)) for name in ("group_rows", "index_bands")]
    for module, name, function in originals:
        setattr(module, name, timed(function, name == "group_rows"))
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield totals
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
        for module, name, function in originals:
            setattr(module, name, function)


def groups_of(draft, ids):
    """Return the group (representative id) of each opinion id, in order."""
    from sqlalchemy import func, select

    from consult.extensions import db
    from consult.feedback.models import Feedback

    stored = dict(
        db.session.execute(
            select(Feedback.id, func.coalesce(Feedback.duplicate_group_id, Feedback.id)).where(
                Feedback.draft_id == draft.id
            )
        ).all()
    )
    return [stored[feedback_id] for feedback_id in ids]


def run(url, copies, background, seed, regroup=False):
    """Send the labelled set and return the printed line."""
    from consult.agency.summary import duplicate_groups_page
    from consult.extensions import db
    from consult.grouping.queries import group_counts
    from consult.grouping.regroup import regroup_draft
    from tests import factories
    from tests.feedback.opinion_set import SAYS_OTHERWISE_PAIRS, labelled_set

    data = [(text, label, 0) for text, label in labelled_set(copies_per_letter=copies, seed=seed)]
    data += [(paragraph, f"legal-{index}", 0) for index, paragraph in enumerate(legal_paragraphs())]
    rng = random.Random(seed)
    rng.shuffle(data)
    # Short opinions that say otherwise, and the same short opinion on the 1st and 2nd article (0: the whole draft):
    # each its own opinion; put in at places of their own draws, so the rest keeps the order (and the groups) of
    # earlier runs
    placed = random.Random(seed + 1)
    for index, pair in enumerate(SAYS_OTHERWISE_PAIRS):
        said = [(text, f"otherwise-{index}-{side}", 0) for side, text in enumerate(pair)]
        said += [(pair[0], f"article-{index}-{article}", article) for article in (1, 2)]
        for item in said:
            data.insert(placed.randrange(len(data) + 1), item)
    labels = [label for _, label, _ in data]
    said_otherwise = {text for pair in SAYS_OTHERWISE_PAIRS for text in pair}
    values = {
        "stance": "other",
        "author_name": "Nguyễn Văn An",
        "author_kind": "individual",
        "locality": "ha-noi",
        "contact": "an@example.vn",
    }
    app = migrated_app(url)
    with app.app_context():
        draft = factories.make_draft(factories.make_agency())
        db.session.commit()
        if background:
            add_background(draft, background, " ".join(text for text, _, _ in data).split(), rng)
        articles = [None, *(article.id for article in draft.articles)]
        ids = []
        with timing_grouping() as totals:
            for text, _, article in data:
                ids.append(factories.store_opinion(draft, dict(values, content=text), article_id=articles[article]).id)
                db.session.commit()
        grouped = groups_of(draft, ids)
        precision, recall = pairwise_quality(grouped, labels)
        # Pairs of these opinions put in one group (each says otherwise, or targets another article): 0 is right
        merged = Counter(grouped[index] for index, (text, _, _) in enumerate(data) if text in said_otherwise)
        merged_pairs = sum(count * (count - 1) // 2 for count in merged.values())
        groups, _ = group_counts(draft)
        started = time.perf_counter()
        duplicate_groups_page(draft)
        calls = totals["calls"]
        line = (
            f"opinions={calls} per_opinion_ms={totals['wall'] / calls * 1000:.3f} groups={groups} "
            f"precision={precision:.4f} recall={recall:.4f} database={db.engine.dialect.name} "
            f"cpu_ms={totals['cpu'] / calls * 1000:.3f} queries={totals['queries'] / calls:.2f} "
            f"background={background} summary_ms={(time.perf_counter() - started) * 1000:.1f} "
            f"said_otherwise_merged={merged_pairs}"
        )
        if regroup:
            started = time.perf_counter()
            for _done in regroup_draft(draft.id):
                db.session.commit()
            elapsed = time.perf_counter() - started
            precision, recall = pairwise_quality(groups_of(draft, ids), labels)
            line += (
                f" regroup_per_opinion_ms={elapsed / (len(data) + background) * 1000:.3f}"
                f" regroup_precision={precision:.4f} regroup_recall={recall:.4f}"
            )
        db.session.remove()
        db.engine.dispose()
    return line


def main():
    """Parse the options and print the result line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40, help="edited copies of each of the 20 form letters")
    parser.add_argument("--background", type=int, default=0, help="synthetic representatives indexed beforehand")
    parser.add_argument("--database-url", help="a scratch database (emptied!); default: a temporary SQLite file")
    parser.add_argument("--regroup", action="store_true", help="also time `feedback regroup` on the draft")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        print(run(url, args.copies, args.background, args.seed, args.regroup))


if __name__ == "__main__":
    main()
