"""The benchmark metric: shingle precision/recall averaged over pages."""

from cleaner.evaluate import Score, mean_score, score_page, shingles


def test_shingles_are_a_multiset_of_four_tokens():
    assert shingles("a b c d a b c d") == {
        ("a", "b", "c", "d"): 2,
        ("b", "c", "d", "a"): 1,
        ("c", "d", "a", "b"): 1,
        ("d", "a", "b", "c"): 1,
    }


def test_extra_text_costs_precision_missing_text_costs_recall():
    truth = "one two three four five six seven eight"
    assert score_page(truth + " nine ten", truth).recall == 1.0
    assert score_page(truth + " nine ten", truth).precision < 1.0
    assert score_page("one two three four five", truth).precision == 1.0
    assert score_page("one two three four five", truth).recall < 1.0


def test_f1_of_means():
    s = mean_score([Score(1.0, 0.5), Score(0.5, 1.0)])
    assert (s.precision, s.recall) == (0.75, 0.75)
    assert round(s.f1, 3) == 0.75
