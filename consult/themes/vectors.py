"""Term counts of opinion texts as sparse rows: terms cut in bulk (consult.text.segment.term_keys), hashed by numpy."""

import numpy as np
from scipy import sparse

from consult.text.segment import term_keys

FEATURE_BITS = 20
N_FEATURES = 1 << FEATURE_BITS


def columns(keys):
    """Return the hashed column of each term key (multiplicative hashing: the top bits of key × an odd constant)."""
    return ((keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - FEATURE_BITS)).astype(np.int32)


def term_counts(texts):
    """Return the texts' term counts as a CSR matrix, one row per text, N_FEATURES hashed columns, float32."""
    rows, keys = term_keys(texts)
    counts = sparse.csr_matrix(
        (np.ones(len(keys), dtype=np.float32), (rows, columns(keys))), shape=(len(texts), N_FEATURES)
    )
    counts.sum_duplicates()
    return counts
