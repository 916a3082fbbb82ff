"""The themes' evaluation set: imbalanced topics, short and long texts, some typed without diacritics, reproducible."""

import collections

from tests.themes.eval_set import SEEDS, SHARES, TOPICS, evaluation_set


def test_the_set_is_imbalanced_mixed_and_reproducible():
    opinions = evaluation_set()
    sizes = collections.Counter(topic for topic, _ in opinions)
    assert len(opinions) == 600 and set(sizes) == set(TOPICS) == set(SEEDS) == set(SHARES)
    assert sizes["fees"] == 240 and sizes["bins"] == 18  # 40% and 3%
    lengths = sorted(len(text.split()) for _, text in opinions)
    assert lengths[0] <= 5 and lengths[-1] >= 60
    plain = sum(text.isascii() for _, text in opinions)
    assert 0.15 < plain / len(opinions) < 0.25
    assert evaluation_set() == opinions and evaluation_set(seed=20) != opinions
