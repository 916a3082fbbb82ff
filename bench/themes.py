"""Benchmark: how well the themes follow human topics, against a plain TF-IDF + k-means baseline in the same run.

Builds a fresh migrated database (a temporary SQLite file, or --database-url, WHICH IS EMPTIED) holding one open
draft with the labelled opinions of tests/themes/eval_set.py on the whole draft (eight topics, 40% to 3%, a fifth
typed without diacritics), computes the draft's themes with consult.themes.services.compute_themes, and scores them
against the topics. Then the same with the seed words of eval_set.SEEDS, typed by the agency as theme names.
Prints one line per method:

  method=consult seeds=no nmi=N ari=N themes=N half_word_labels=N seconds=N
  method=consult seeds=yes ...
  method=tfidf-kmeans seeds=no k=N ...         (sklearn's TfidfVectorizer on the raw texts, KMeans, same k)
  method=tfidf-nearest-seed seeds=yes ...      (each opinion to the topic whose seed words it is closest to)

`nmi` and `ari` are sklearn's normalized mutual information and adjusted Rand index over every opinion (an opinion
outside every theme counts as a cluster of its own kind, -1). `half_word_labels` counts label terms that pyvi, run
on the theme's opinions, mostly finds inside a longer word ("kiến" of "kiến thức") or across two words; the
baseline's labels are its centres' four heaviest terms. `seconds` is the wall time of the computation alone.

  PYTHONPATH=$PWD .venv/bin/python bench/themes.py [--total 600] [--seed 19] [--database-url URL]

Dated results: docs/benchmarks.md.
"""

import argparse
import collections
import tempfile
import time

from common import migrated_app  # first: puts the project on sys.path

from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score


def half_words(terms, texts):
    """Return those of `terms` pyvi mostly finds inside a longer word or across words in `texts`."""
    from consult.text.normalize import canonical
    from consult.text.segment import segment

    words = [segment(text) for text in texts if not text.isascii()]
    found = []
    for term in terms:
        term = canonical(term).lower()
        width = len(term.split())
        whole = inside = 0
        for text_words in words:
            whole += sum(word == term for word in text_words)
            syllables = " ".join(text_words).split()
            runs = sum(" ".join(syllables[i : i + width]) == term for i in range(len(syllables) - width + 1))
            inside += runs - sum(word == term for word in text_words)
        if inside > whole:
            found.append(term)
    return found


def score(truth, predicted):
    """Return (nmi, ari) of predicted cluster numbers against the true topics."""
    return normalized_mutual_info_score(truth, predicted), adjusted_rand_score(truth, predicted)


def line(method, seeds, truth, predicted, themes, half, seconds, extra=""):
    """Print one result line."""
    nmi, ari = score(truth, predicted)
    print(
        f"method={method} seeds={seeds}{extra} nmi={nmi:.3f} ari={ari:.3f} themes={themes} "
        f"half_word_labels={half} seconds={seconds:.2f}",
        flush=True,
    )


def run_consult(draft, ids, texts, truth, seeds):
    """Compute the draft's themes (with the agency's seed themes when given) and print the line."""
    from sqlalchemy import select

    from consult.extensions import db
    from consult.themes import services
    from consult.themes.models import ThemeMember
    from consult.themes.seeds import name_theme

    if seeds:
        for words in seeds.values():
            name_theme(draft, words)
        db.session.commit()
    started = time.perf_counter()
    run = services.compute_themes(draft)
    db.session.commit()
    seconds = time.perf_counter() - started
    cluster = dict.fromkeys(ids, -1)
    for number, theme in enumerate(run.themes):
        for feedback_id in db.session.scalars(select(ThemeMember.feedback_id).where(ThemeMember.theme_id == theme.id)):
            cluster[feedback_id] = number
    text_of = dict(zip(ids, texts, strict=True))
    halves = [
        half_words(theme.terms, [text_of[i] for i in ids if cluster[i] == n]) for n, theme in enumerate(run.themes)
    ]
    count = sum(map(len, halves))
    line("consult", "yes" if seeds else "no", truth, [cluster[i] for i in ids], len(run.themes), count, seconds)
    for theme, half in zip(run.themes, halves, strict=True):
        print(f"#   {theme.size:4d} {theme.title} [{', '.join(theme.terms)}]" + (f" half: {half}" if half else ""))


def run_baseline(texts, truth, k, seed):
    """Plain TF-IDF on the raw texts + k-means with k clusters; labels are each centre's four heaviest terms."""
    started = time.perf_counter()
    vectorizer = TfidfVectorizer()
    matrix = vectorizer.fit_transform(texts)
    model = KMeans(n_clusters=k, random_state=seed, n_init=10).fit(matrix)
    seconds = time.perf_counter() - started
    names = vectorizer.get_feature_names_out()
    half = 0
    for number, centre in enumerate(model.cluster_centers_):
        terms = [names[column] for column in centre.argsort()[::-1][:4]]
        half += len(
            half_words(terms, [text for text, label in zip(texts, model.labels_, strict=True) if label == number])
        )
    line("tfidf-kmeans", "no", truth, model.labels_, k, half, seconds, extra=f" k={k}")


def run_nearest_seed(texts, truth, seeds):
    """Put each opinion in the topic whose seed words are closest in TF-IDF; no word in common: a cluster apart."""
    from consult.text.normalize import fold

    started = time.perf_counter()
    vectorizer = TfidfVectorizer(preprocessor=lambda text: fold(text).lower())
    matrix = vectorizer.fit_transform(texts)
    queries = vectorizer.transform(list(seeds.values()))
    similarity = (matrix @ queries.T).toarray()
    predicted = [int(row.argmax()) if row.max() > 0 else -1 for row in similarity]
    seconds = time.perf_counter() - started
    line("tfidf-nearest-seed", "yes", truth, predicted, len(seeds), 0, seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--total", type=int, default=600, help="Opinions in the evaluation set (default 600).")
    parser.add_argument("--seed", type=int, default=19, help="The evaluation set's seed (default 19).")
    parser.add_argument("--database-url", help="A scratch database, EMPTIED (default: a temporary SQLite file).")
    args = parser.parse_args()

    from consult.extensions import db
    from consult.themes.services import compute_themes
    from tests import factories
    from tests.themes.eval_set import SEEDS, evaluation_set

    opinions = evaluation_set(args.total, seed=args.seed)
    texts = [text for _, text in opinions]
    topic_numbers = {topic: number for number, topic in enumerate(SEEDS)}
    truth = [topic_numbers[topic] for topic, _ in opinions]
    sizes = collections.Counter(topic for topic, _ in opinions)
    print("# topics: " + ", ".join(f"{topic} {sizes[topic]}" for topic in SEEDS), flush=True)

    with tempfile.TemporaryDirectory() as folder:
        app = migrated_app(args.database_url or f"sqlite:///{folder}/themes.sqlite3")
        with app.app_context():
            draft = factories.make_draft(factories.make_agency())
            rows = factories.make_approved_opinions(draft, texts)
            db.session.commit()
            ids = [row.id for row in rows]
            run_consult(draft, ids, texts, truth, None)
            k = len(compute_themes(draft).themes)
            db.session.rollback()
            run_baseline(texts, truth, k, args.seed)
            if k != len(SEEDS):
                run_baseline(texts, truth, len(SEEDS), args.seed)
            run_consult(draft, ids, texts, truth, SEEDS)
            run_nearest_seed(texts, truth, SEEDS)


if __name__ == "__main__":
    main()
