"""The figures of docs/python.md ("Plots"): the shipped sample scored by a Session, drawn with
vitals.plots. Usage: python3 docs/examples/python_plots.py OUT.png (run from the repository)."""
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import vitals  # noqa: E402
import vitals.plots  # noqa: E402

book = pd.read_csv("docs/examples/accounts.csv", dtype={"account_id": str, "segment": str, "parent_id": str},
                   float_precision="round_trip")
card = vitals.Scorecard.default()
with vitals.Session(card, as_of="2026-11-30") as session:
    result = session.score(book)

fig, (a, b, c) = plt.subplots(1, 3, figsize=(18, 5))
vitals.plots.band_counts(result, card.band_labels, ax=a)
vitals.plots.score_distribution(result, card, ax=b)
vitals.plots.quadrants(result, ax=c)
fig.tight_layout()
fig.savefig(sys.argv[1], dpi=72)
