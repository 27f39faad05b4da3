"""One scorecard shared by 8 Python threads gives the same results as one thread."""

import threading

import numpy as np

from conftest import assert_same, make_accounts


def test_eight_threads_share_one_scorecard(card):
    chunks = [make_accounts(card.inputs, 20_000, seed=s) for s in range(8)]
    expected = [card.score(c, threads=1, contributions=True, drivers=3) for c in chunks]
    results = [None] * 8
    errors = []
    start = threading.Barrier(8)

    def work(i):
        try:
            start.wait()
            for _ in range(3):  # each thread scores repeatedly, all at the same time
                results[i] = card.score(chunks[i], contributions=True, drivers=3, threads=2)
                e = card.explain(chunks[i][0])
                assert e["coverage"] == expected[i].coverage[0]
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for got, want in zip(results, expected):
        for k in ("score", "band", "coverage", "status", "contributions", "points_lost", "drivers"):
            assert_same(getattr(got, k), getattr(want, k))


def test_eight_threads_with_a_python_normaliser():
    import vitals

    calls = []
    lock = threading.Lock()

    def halve(x):
        with lock:
            calls.append(len(x))
        return np.clip(x, 0, 1) / 2

    text = ('{"vitals_scorecard": 1, "measures": ['
            '{"name": "a", "input": "x", "normaliser": {"kind": "custom", "name": "halve"}},'
            '{"name": "b", "input": "y", "normaliser": {"kind": "linear", "worst": 0, "best": 1}}]}')
    with vitals.Scorecard.from_json(text, normalisers={"halve": halve}) as card:
        x = np.random.default_rng(0).random((10_000, 2))
        want = card.score(x, threads=1).score
        out = [None] * 8

        def work(i):
            out[i] = card.score(x, threads=2).score

        ts = [threading.Thread(target=work, args=(i,)) for i in range(8)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        for got in out:
            assert_same(got, want)
        assert max(calls) > 1  # whole chunks per call
