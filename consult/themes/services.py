"""Compute a draft's themes: approved opinions on each article grouped by the words they share.

Method (offline, deterministic: same opinions in, same themes out):

1. One streaming pass over the draft's approved opinions in id order (Core rows, server-side cursor on
   PostgreSQL, batches of BATCH). Copies and near copies of one opinion (Feedback.duplicate_group_id) say the
   same thing: each group is vectorised once per article, through its first member there, and every copy follows
   it into its theme.
2. Terms: folded syllables and pairs of neighbouring syllables (the terms of consult.text.segment.terms), so text
   typed without diacritics meets its accented twin, cut BATCH texts at a time in C (segment.term_keys) and hashed
   into N_FEATURES columns by numpy (consult.themes.vectors: no vocabulary to keep), sparse float32; then the
   MAX_COLUMNS columns found in most texts, sublinear tf, idf over the article's opinions; then only the columns of
   whole words, as pyvi cuts a sample of the draft's opinions (consult.themes.words: "nhân khẩu" kept, its halves
   and pairs across two words left out), unit length. On the labelled set of bench/themes.py, words rather than
   every term raised NMI from 0.55 to 0.60-0.66 (plain TF-IDF + k-means: 0.50-0.52).
3. Per article (and for the opinions on the whole draft): MiniBatchKMeans with a fixed seed and N_INIT starts,
   fitted on at most FIT_SAMPLE evenly spaced opinions, then every opinion assigned to its nearest centre (cosine).
   k = round(sqrt(n / 5)) clamped to 2..MAX_THEMES, n being the distinct opinions of the article (10 → 2, 125 → 5,
   500 → 10, 720 and more → 12), plus one per theme the agency named by seed words (ThemeSeed): each cluster whose
   centre is near a seed's words (cosine above SEED_MARGIN, words weighted by idf) joins that named theme, so a
   broad topic's several clusters meet under the agency's name and a small topic keeps a theme of its own. A
   cluster whose members lie far from its centre on average, and any opinion far from its own centre, go to the
   scope's catch-all ("Ý kiến khác"). An article with fewer than MIN_OPINIONS distinct opinions gets no themes;
   opinions with no word left stay outside every theme.
4. Each theme: key words = the heaviest words of its centre (consult.themes.labels), in their most frequent
   accented spelling; label = the agency's name for a named theme, else the clause of its central opinions holding
   most key words (a phrase of at most PHRASE_WORDS words); size and stance mix over all members; QUOTES
   representative opinions = the distinct ones closest to the centre (one per group of copies).
5. Memberships are written in bulk, in opinion order (COPY on PostgreSQL, the driver's executemany on SQLite); a
   finished run replaces the draft's earlier ones. Seconds per step are kept in ThemeRun.details["seconds"].
"""

import collections
import math
import time
from array import array

import numpy as np
from scipy import sparse
from sklearn.cluster import MiniBatchKMeans
from sklearn.preprocessing import normalize
from sqlalchemy import delete, func, select
from threadpoolctl import threadpool_limits

from consult.database import copy_rows, utcnow
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.text.normalize import fold
from consult.text.segment import DisplayForms, accented_terms, term_key, term_keys
from consult.themes.labels import key_words, phrase
from consult.themes.models import Theme, ThemeRun, ThemeRunStatus, ThemeSeed
from consult.themes.vectors import N_FEATURES, columns, term_counts
from consult.themes.words import Lexicon

SEED = 20261127
BATCH = 5000
MIN_OPINIONS = 10
MAX_THEMES = 12
FIT_SAMPLE = 20000
MAX_COLUMNS = 20000
MAX_EPOCHS = 10  # passes over the sample at most; k-means on text settles within a few (early stopping)
N_INIT = 5  # k-means started from five seeds, the best kept: one start lands on a poor split of text too often
SEED_MARGIN = 0.1  # a cluster whose centre is closer than this (cosine) to no seed stays a theme of its own
CATCH_ALL_COMPACTNESS = 0.2  # a cluster whose members are this far from their centre on average holds no topic
OUTLIER_CLOSENESS = 0.25  # an opinion this far (cosine) from its cluster's centre goes to the catch-all
QUOTES = 3
QUOTE_CANDIDATES = 12  # closest opinions per theme read for quotes
DISPLAY_SAMPLE = 2000  # distinct opinions per article whose accented spellings and terms are counted
STANCE_CODES = {"support": 0, "oppose": 1}  # anything else counts as "other" (2)


def choose_k(distinct):
    """Return the number of themes for an article with `distinct` opinions (copies counted once)."""
    return max(2, min(MAX_THEMES, round(math.sqrt(distinct / 5))))


class _Scope:
    """What the pass keeps for one article: members, their distinct texts' term counts, display spellings."""

    def __init__(self, article_id):
        self.article_id = article_id
        self.member_ids = array("q")
        self.member_stances = array("b")
        self.member_rows = array("i")  # each member's distinct row
        self.row_ids = array("q")  # the opinion a distinct row was read from
        self.row_of_group = {}
        self.pending = []  # texts not yet counted
        self.blocks = []  # their counts, BATCH texts a block
        self.forms = DisplayForms()
        self.vocabulary = collections.Counter()  # terms of the first DISPLAY_SAMPLE texts, to name columns
        self.columns = None  # the hashed columns kept, once matrix() has run
        self.idf = None  # their inverse document frequencies
        self._names = None

    def add(self, feedback_id, stance, group_id, text):
        """Record one approved opinion; vectorise its text unless a copy of it is already here."""
        key = group_id or feedback_id
        row = self.row_of_group.get(key)
        if row is None:
            row = self.row_of_group[key] = len(self.row_ids)
            self.row_ids.append(feedback_id)
            if row < DISPLAY_SAMPLE:
                pairs = accented_terms(text)
                self.forms.add_pairs(pairs)
                self.vocabulary.update(folded for folded, _ in pairs)
            self.pending.append(text)
            if len(self.pending) >= BATCH:
                self.flush()
        self.member_ids.append(feedback_id)
        self.member_stances.append(STANCE_CODES.get(stance, 2))
        self.member_rows.append(row)

    def flush(self):
        """Have the pending texts' terms counted into one sparse block."""
        if self.pending:
            self.blocks.append(term_counts(self.pending))
            self.pending = []

    def matrix(self, lexicon=None):
        """Return the distinct texts as unit-length tf-idf rows over the kept columns (float32 CSR); with a
        lexicon, over the columns of whole words only (consult.themes.words).

        Only the MAX_COLUMNS terms found in most texts (and in two at least) are kept: rarer ones do not shape a
        theme, and small centres keep k-means fast (a centre over all N_FEATURES columns is 8 MB, read at every step).
        """
        self.flush()
        document_frequency = np.zeros(N_FEATURES, dtype=np.int64)
        for block in self.blocks:
            document_frequency += np.bincount(block.indices, minlength=N_FEATURES)
        ranked = np.argsort(-document_frequency, kind="stable")[:MAX_COLUMNS]
        kept = np.sort(ranked[document_frequency[ranked] >= 2])
        narrow = []
        while self.blocks:  # block by block: the full-width blocks are let go as the narrow ones are made
            narrow.append(self.blocks.pop(0)[:, kept])
        counts = sparse.vstack(narrow, format="csr", dtype=np.float32)
        self.columns = kept
        if not len(kept):  # no term shared by two texts (e.g. one text and its copies): nothing to cluster on
            return counts
        np.log(counts.data, out=counts.data)
        counts.data += 1
        idf = (np.log((1 + counts.shape[0]) / (1 + document_frequency[kept])) + 1).astype(np.float32)
        counts.data *= idf[counts.indices]
        self.idf = idf
        if lexicon is None:
            return normalize(counts, copy=False)
        words = np.array(
            sorted(position for position, term in self.column_names().items() if lexicon.is_word(term)), dtype=np.int64
        )
        self.columns, self._names, self.idf = kept[words], None, idf[words]
        return normalize(counts[:, words], copy=False)

    def column_names(self):
        """Return {kept column: its most frequent term among the counted texts} (hashing may share a column)."""
        if self._names is None:
            vocabulary = sorted(self.vocabulary, key=lambda term: (-self.vocabulary[term], term))
            hashed = columns(np.array([term_key(term) for term in vocabulary], dtype=np.int64))
            position = {int(column): index for index, column in enumerate(self.columns)}
            self._names = {}
            for term, column in zip(vocabulary, hashed, strict=True):
                if int(column) in position:
                    self._names.setdefault(position[int(column)], term)
        return self._names


def _opinions(draft):
    """Stream (id, article_id, stance, duplicate_group_id, text) of the draft's approved opinions in id order."""
    query = (
        select(
            Feedback.id,
            Feedback.article_id,
            Feedback.stance,
            Feedback.duplicate_group_id,
            Feedback.content,
            Feedback.proposed_wording,
        )
        .where(Feedback.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED)
        .order_by(Feedback.id)
    )
    # Core rows on the session's connection (server-side cursor on PostgreSQL): no ORM row processing.
    return db.session.connection().execute(query, execution_options={"yield_per": BATCH})


def compute_themes(draft, progress=None):
    """Group the draft's approved opinions into themes per article, store them as a new run and return it.

    `progress(done, total)` is called as opinions are read and once at the end; earlier runs are deleted.
    """
    total = db.session.scalar(
        select(func.count()).where(Feedback.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED)
    )
    run = ThemeRun(
        draft_id=draft.id,
        status=ThemeRunStatus.RUNNING,
        opinions=total,
        details={"method": "words-tfidf-minibatchkmeans", "seed": SEED, "scopes": []},
    )
    db.session.add(run)
    db.session.flush()

    seeds = db.session.scalars(select(ThemeSeed).where(ThemeSeed.draft_id == draft.id).order_by(ThemeSeed.id)).all()
    scopes, done, clock, lexicon = {}, 0, _Clock(), Lexicon()
    for rows in _opinions(draft).partitions():
        for feedback_id, article_id, stance, group_id, content, wording in rows:
            scope = scopes.get(article_id)
            if scope is None:
                scope = scopes[article_id] = _Scope(article_id)
            scope.add(feedback_id, stance, group_id, f"{content}\n{wording or ''}")
            if lexicon.wants(content):
                lexicon.add(content)
        done += len(rows)
        if progress:
            progress(done, total)
    clock.lap("read")

    found, details = [], []
    for scope in _ordered(draft, scopes):
        themes, info = _cluster(scope, lexicon, seeds)
        found += themes
        details.append(info)
    clock.lap("cluster")
    _label(found)
    clock.lap("label")
    _store(run, draft, found)
    clock.lap("store")
    run.details = dict(run.details, scopes=details, seconds=clock.laps)
    run.status, run.finished_at = ThemeRunStatus.DONE, utcnow()
    db.session.execute(delete(ThemeRun).where(ThemeRun.draft_id == draft.id, ThemeRun.id != run.id))
    db.session.flush()
    if progress:
        progress(total, total)
    return run


class _Clock:
    """Seconds spent in each step of a run, kept in its details to see where the time goes."""

    def __init__(self):
        self.laps, self.last = {}, time.perf_counter()

    def lap(self, name):
        """Record the time since the previous lap under `name`."""
        now = time.perf_counter()
        self.laps[name], self.last = round(now - self.last, 2), now


def _ordered(draft, scopes):
    """Return the scopes in page order: the whole draft, the current articles in order, then earlier ones."""
    position = {article.id: index for index, article in enumerate(draft.articles)}
    return sorted(
        scopes.values(),
        key=lambda scope: (
            scope.article_id is not None,
            position.get(scope.article_id, len(position)),
            scope.article_id or 0,
        ),
    )


class _Found:
    """A theme before it is stored."""

    def __init__(self, scope, members, stances, candidates):
        self.scope, self.members, self.stances, self.candidates = scope, members, stances, candidates
        self.centre, self.catch_all, self.seed = None, False, None
        self.terms, self.quote_ids, self.phrase = [], [], ""


def _cluster(scope, lexicon, seeds):
    """Cluster one scope's distinct texts; return its themes (largest first, the catch-all last) and what the run
    records of it."""
    matrix = scope.matrix(lexicon)
    filled = np.flatnonzero(np.diff(matrix.indptr) > 0)
    info = {
        "article_id": scope.article_id,
        "opinions": len(scope.member_ids),
        "distinct": int(matrix.shape[0]),
        "unthemed": 0,
        "skipped": False,
    }
    if len(filled) < MIN_OPINIONS:
        info.update(skipped=True, unthemed=len(scope.member_ids))
        return [], info
    # With seeds, more clusters than themes: every cluster near a seed joins its theme, the rest stay themes of
    # their own, so a seed gathers the several clusters of a broad topic and a small topic keeps its own.
    k = min(choose_k(len(filled)) + len(seeds), len(filled))
    sample = filled if len(filled) <= FIT_SAMPLE else filled[np.linspace(0, len(filled) - 1, FIT_SAMPLE).astype(int)]
    model = MiniBatchKMeans(n_clusters=k, random_state=SEED, n_init=N_INIT, batch_size=2048, max_iter=MAX_EPOCHS)
    # One thread: on small inputs OpenMP's start-up costs more than the work itself, and the machine is shared anyway.
    with threadpool_limits(limits=1):
        model.fit(matrix[sample])
    centres = normalize(model.cluster_centers_)

    labels = np.full(matrix.shape[0], -1, dtype=np.int32)
    closeness = np.zeros(matrix.shape[0], dtype=np.float32)  # cosine of each text to its cluster's centre
    for start in range(0, len(filled), 50000):
        rows = filled[start : start + 50000]
        similarity = np.asarray(matrix[rows] @ centres.T)
        nearest = similarity.argmax(axis=1)
        labels[rows] = nearest
        closeness[rows] = similarity[np.arange(len(rows)), nearest]

    # Each cluster's theme: the seed it is nearest (above SEED_MARGIN), else its own, else the catch-all.
    named = np.full(k, -1)
    if seeds:
        to_seeds = centres @ _seed_vectors(scope, seeds).T
        named = np.where(to_seeds.max(axis=1) > SEED_MARGIN, to_seeds.argmax(axis=1), -1)
    compactness = np.bincount(labels[filled], weights=closeness[filled], minlength=k) / np.maximum(
        np.bincount(labels[filled], minlength=k), 1
    )
    catch_all = len(seeds) + k
    theme_of_cluster = np.where(named >= 0, named, len(seeds) + np.arange(k))
    theme_of_cluster[(named < 0) & (compactness < CATCH_ALL_COMPACTNESS)] = catch_all
    themes_of_rows = np.full(matrix.shape[0], -1, dtype=np.int32)
    themes_of_rows[filled] = theme_of_cluster[labels[filled]]
    themes_of_rows[filled[closeness[filled] < OUTLIER_CLOSENESS]] = catch_all

    member_rows = np.frombuffer(scope.member_rows, dtype=np.int32)
    member_themes = themes_of_rows[member_rows]
    member_ids = np.frombuffer(scope.member_ids, dtype=np.int64)
    stances = np.frombuffer(scope.member_stances, dtype=np.int8)
    info["unthemed"] = int((member_themes < 0).sum())
    row_ids = np.frombuffer(scope.row_ids, dtype=np.int64)
    themes = []
    for number in range(catch_all + 1):
        chosen = np.flatnonzero(member_themes == number)
        if not len(chosen):
            continue
        rows = np.flatnonzero(themes_of_rows == number)
        centre = np.asarray(matrix[rows].mean(axis=0)).ravel()
        centrality = np.asarray(matrix[rows] @ centre).ravel()
        closest = rows[np.lexsort((row_ids[rows], -centrality))[:QUOTE_CANDIDATES]]
        found = _Found(
            scope, member_ids[chosen], np.bincount(stances[chosen], minlength=3), [int(row_ids[r]) for r in closest]
        )
        found.centre, found.catch_all = centre, number == catch_all
        found.seed = seeds[number] if number < len(seeds) else None
        themes.append(found)
    themes.sort(key=lambda theme: (theme.catch_all, -len(theme.members), theme.candidates[0]))
    return themes, info


def _seed_vectors(scope, seeds):
    """Return one unit row per seed over the scope's kept columns: the word terms of its seed words."""
    vectors = np.zeros((len(seeds), len(scope.columns)), dtype=np.float32)
    for number, seed in enumerate(seeds):
        _rows, keys = term_keys(list(seed.words))
        hashed = columns(keys)
        at = np.searchsorted(scope.columns, hashed)
        present = (at < len(scope.columns)) & (scope.columns[np.minimum(at, len(scope.columns) - 1)] == hashed)
        np.add.at(vectors[number], at[present], 1)
    vectors *= scope.idf  # "thu gom" is in half the opinions, "giờ" in few: the rarer word says more of the topic
    return normalize(vectors)


def _label(themes):
    """Give each theme its key words, its phrase and quotes, reading the central opinions' texts in one query."""
    wanted = {feedback_id for theme in themes for feedback_id in theme.candidates}
    texts = {}
    for start in range(0, len(wanted), 5000):
        chunk = sorted(wanted)[start : start + 5000]
        texts.update(db.session.execute(select(Feedback.id, Feedback.content).where(Feedback.id.in_(chunk))).all())
    for theme in themes:
        scope = theme.scope
        theme.quote_ids = _quotes(theme.candidates, texts)
        if theme.catch_all:  # its heaviest words are the words every opinion uses: they would mislabel it
            continue
        central = [texts[feedback_id] for feedback_id in theme.candidates if feedback_id in texts]
        local, local_forms = Lexicon(), DisplayForms()
        for text in central:
            local.add(text)
            local_forms.add(text)
        theme.terms = key_words(theme.centre, scope.column_names(), scope.forms, local, local_forms)
        theme.phrase = phrase(central, theme.terms)


def _quotes(candidates, texts):
    """Return up to QUOTES ids of central opinions whose texts differ once folded (one per group already)."""
    seen, quotes = set(), []
    for feedback_id in candidates:
        text = texts.get(feedback_id)
        key = fold(text or "")
        if text and key not in seen:
            seen.add(key)
            quotes.append(feedback_id)
        if len(quotes) == QUOTES:
            break
    return quotes


def _store(run, draft, found):
    """Insert the themes, then their memberships in bulk."""
    themes = []
    for position, theme in enumerate(found):
        support, oppose, other = (int(count) for count in theme.stances)
        themes.append(
            Theme(
                run=run,
                draft_id=draft.id,
                article_id=theme.scope.article_id,
                position=position,
                label=(theme.seed.name if theme.seed else theme.phrase or ", ".join(theme.terms))[:255] or "…",
                terms=theme.terms,
                size=len(theme.members),
                support=support,
                oppose=oppose,
                other=other,
                quote_ids=theme.quote_ids,
                catch_all=theme.catch_all,
                seed_id=theme.seed.id if theme.seed else None,
            )
        )
    db.session.add_all(themes)
    db.session.flush()
    if not found:
        return
    feedback_ids = np.concatenate([theme.members for theme in found])
    theme_ids = np.repeat([stored.id for stored in themes], [len(theme.members) for theme in found])
    # In opinion order: the index on feedback_id then grows at its end instead of taking a million random inserts
    # (which, once the index outgrows the database's page cache, slow the insert down many times over).
    order = np.argsort(feedback_ids, kind="stable")
    rows = zip(theme_ids[order].tolist(), feedback_ids[order].tolist(), strict=True)
    copy_rows(db.session.connection(), "theme_member", ("theme_id", "feedback_id"), rows)


def latest_run(draft):
    """Return the draft's last finished run, or None."""
    return db.session.scalar(
        select(ThemeRun)
        .where(ThemeRun.draft_id == draft.id, ThemeRun.status == ThemeRunStatus.DONE)
        .order_by(ThemeRun.id.desc())
        .limit(1)
    )
