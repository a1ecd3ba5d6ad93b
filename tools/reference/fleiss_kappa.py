#!/usr/bin/python3
"""Reference values for src/stats/fleiss-kappa.ts, from statsmodels 0.13 (Debian's python3-statsmodels).

Regenerate, from the repository root, with Debian's Python (the pyenv `python3` on PATH lacks statsmodels):

    /usr/bin/python3 tools/reference/fleiss_kappa.py

statsmodels' fleiss_kappa(table, method='fleiss') takes subjects x categories counts with the same
number of raters per subject (Fleiss 1971); the unequal-raters form is cross-checked by brute force
in the vitest suite instead. Writes src/stats/fixtures/fleiss-kappa.json (inputs next to outputs).
"""
import json
import os

import numpy as np
import statsmodels
from statsmodels.stats.inter_rater import fleiss_kappa

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "stats", "fixtures", "fleiss-kappa.json")

TABLES = {
    # Fleiss (1971), as on Wikipedia: 10 subjects, 14 raters, 5 categories.
    "fleiss-1971": [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ],
    # Two categories (realistic / not realistic), 3 reviewers, as in the review app.
    "review-3-raters": [[3, 0], [2, 1], [0, 3], [1, 2], [3, 0], [0, 3], [2, 1], [3, 0]],
    # Agreement worse than chance: every pair of 2 raters disagrees.
    "disagreeing-pairs": [[1, 1], [1, 1], [1, 1], [1, 1]],
    # 4 raters, 3 categories, moderate agreement.
    "four-raters": [[4, 0, 0], [0, 4, 0], [2, 2, 0], [1, 1, 2], [0, 0, 4], [3, 0, 1], [0, 3, 1]],
}


def main():
    cases = []
    for name, table in TABLES.items():
        kappa = fleiss_kappa(np.array(table), method="fleiss")
        cases.append({"name": name, "counts": table, "kappa": repr_float(kappa)})
    with open(OUT, "w") as f:
        json.dump({"statsmodels": statsmodels.__version__, "cases": cases}, f, indent=2)
        f.write("\n")


def repr_float(x):
    return float(repr(float(x)))


if __name__ == "__main__":
    main()
