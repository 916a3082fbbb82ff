"""Fingerprints for near-duplicate opinions: MinHash LSH band hashes to find candidates, rapidfuzz to confirm.

Texts are compared in their duplicate_key form (folded words: no case, tones, diacritics or punctuation), so
"Hoà bình", "hòa bình" and "hoa binh" are the same words. Shingles are word 2-grams of that form.

Choice of parameters, measured on tests/feedback/opinion_set.py (20 form letters, edited copies, 210 distinct
opinions on one draft). Copies are confirmed by a rapidfuzz ratio of at least ~0.8 (NEAR_DUPLICATE_THRESHOLD).
Pairs that alike have a word 2-gram Jaccard of 0.5 or more (1st percentile; 0.36 at worst), while distinct
opinions on the same draft have 0.013 on average (99th percentile 0.05). 96 permutations in 32 bands of 3 rows
put the LSH threshold at (1/32)^(1/3) ≈ 0.31: a pair at Jaccard 0.5 shares a band with probability
1 - (1 - 0.5^3)^32 ≈ 0.99, at 0.4 with 0.88, while a distinct pair at 0.05 does with 0.004 and at 0.01 with
3e-5, so a new opinion meets a few dozen unrelated representatives per 100,000 (an index entry each; at most a
handful of texts are loaded and compared). Bands of 4 rows (128 permutations) meet ten times fewer unrelated
ones but missed 2-4% of the edited copies; 2 rows meet hundreds. Word 1-grams are too common within one topic
(distinct opinions reach 0.45) and word 3-grams are broken by every typo.

Texts of fewer than SHORT_TEXT_WORDS words get no bands: a short text has too few shingles for a stable
MinHash, and two short opinions that differ by one word ("tôi đồng ý" / "tôi không đồng ý") score high on
any character ratio while saying opposite things, so they only ever meet as exact copies.
"""

import copy
import functools
import itertools
import zlib

import numpy as np
from datasketch import MinHash
from rapidfuzz import fuzz

BANDS = 32
ROWS = 3
NUM_PERM = BANDS * ROWS
SEED = 20261101  # changing it (or the numbers above) means re-indexing every draft: `feedback regroup`
SHORT_TEXT_WORDS = 8
# Odd 64-bit multipliers folding a band's ROWS 32-bit values into one 64-bit hash, and a different offset per
# band so that equal values in two different bands give different hashes (lookups need no band number).
_BAND_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)[:ROWS]
_BAND_OFFSET = np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0xD6E8FEB86659FD93)


def shingles(key):
    """Return the distinct word 2-grams of a duplicate key, as bytes for hashing."""
    words = key.encode("utf-8").split()
    if len(words) < 2:
        return words
    return list({b"%s %s" % pair for pair in itertools.pairwise(words)})


@functools.cache
def _template():
    """Return an empty MinHash whose permutations are drawn once per process, not once per opinion.

    crc32 is enough as the shingle hash: datasketch's affine32 scheme runs every input through the
    MurmurHash3 finalizer before permuting, and crc32 is much cheaper than the default sha1.
    """
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32)


def minhash(key):
    """Return the MinHash of a duplicate key's shingles, built in one vectorised batch."""
    sketch = copy.copy(_template())  # shares the permutations; update_batch assigns new hash values
    sketch.hashvalues = sketch.hashvalues.copy()
    sketch.update_batch(shingles(key))
    return sketch


def is_short(key):
    """Return whether a text is too short to be compared other than as an exact copy."""
    return len(key.split()) < SHORT_TEXT_WORDS


def band_hashes(key):
    """Return one signed 64-bit hash per LSH band of the text (band numbers mixed in), or [] for a short text.

    Two texts are candidates when they share any band hash.
    """
    if is_short(key):
        return []
    rows = minhash(key).hashvalues.astype(np.uint64).reshape(BANDS, ROWS)
    return ((rows * _BAND_MIX).sum(axis=1, dtype=np.uint64) + _BAND_OFFSET).view(np.int64).tolist()


def similarity(key_a, key_b, threshold=0.0):
    """Return how alike two duplicate keys are, 0 to 1 (rapidfuzz's normalised Indel ratio), or 0 below threshold.

    A character ratio forgives typos, lost tones and a few words added or dropped, and drops fast when the
    texts say different things; token_set_ratio would call a short text copied into a long one identical.
    """
    return fuzz.ratio(key_a, key_b, score_cutoff=threshold * 100) / 100
