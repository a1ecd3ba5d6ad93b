"""Reference values for src/interop/impute (knn.test.ts, mice.test.ts, argpartition.test.ts).

scikit-learn's KNNImputer (k = 3 and 5, uniform and distance weights) and IterativeImputer with
BayesianRidge (sample_posterior=False, initial_strategy='mean', imputation_order='ascending',
max_iter=10, tol=1e-3) on small tables with missing values, and numpy's argpartition on arrays with
many ties (how KNNImputer picks donors when distances tie).

Two KNN tables: a continuous one (no ties: the reference for the arithmetic) and an integer-valued
one with duplicated rows (distances are exact integers' square roots there, so they tie exactly in
sklearn and in synthcohort alike: the reference for the donor choice among ties).

Run: /usr/bin/python3 tools/reference/impute_reference.py  (writes src/interop/impute/fixtures/*.json)
Made with numpy 1.24.2, scikit-learn 1.2.1 (Debian bookworm python3-sklearn).
"""

import json
import os

import numpy as np
import sklearn
from sklearn.experimental import enable_iterative_imputer  # noqa: F401
from sklearn.impute import IterativeImputer, KNNImputer
from sklearn.linear_model import BayesianRidge

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "interop", "impute", "fixtures")


def nan_to_none(a):
    return [[None if np.isnan(v) else float(v) for v in row] for row in a]


def masked(x, rate, rng):
    x = x.copy()
    mask = rng.random(x.shape) < rate
    # keep every row with at least one observed value, as real tables have
    for i in range(x.shape[0]):
        if mask[i].all():
            mask[i, rng.integers(x.shape[1])] = False
    x[mask] = np.nan
    return x


def continuous_table(rng, n=40):
    z = rng.normal(size=(n, 3))
    age = 55 + 12 * z[:, 0]
    wbc = np.exp(2.5 + 0.8 * z[:, 1] + 0.3 * z[:, 0])
    hb = 10 - 0.04 * (age - 55) + 1.2 * z[:, 2]
    plt = 80 + 30 * z[:, 2] - 10 * z[:, 1] + rng.normal(scale=15, size=n)
    return np.column_stack([age, wbc, hb, plt])


def integer_table(rng, n=36):
    base = rng.integers(0, 4, size=(n // 2, 4)).astype(float)
    dup = base.copy()
    dup[:, 3] = rng.integers(0, 4, size=n // 2)  # same first three features, another last value
    x = np.vstack([base, dup])
    return x[rng.permutation(n)]


def knn_cases(name, x):
    cases = []
    for k in (3, 5):
        for weights in ("uniform", "distance"):
            out = KNNImputer(n_neighbors=k, weights=weights).fit_transform(x)
            cases.append({"k": k, "weights": weights, "imputed": out.tolist()})
    return {"name": name, "data": nan_to_none(x), "cases": cases}


def iterative_case(name, x):
    imp = IterativeImputer(
        estimator=BayesianRidge(),
        sample_posterior=False,
        initial_strategy="mean",
        imputation_order="ascending",
        max_iter=10,
        tol=1e-3,
        random_state=0,
    )
    out = imp.fit_transform(x)
    return {"name": name, "data": nan_to_none(x), "nIter": int(imp.n_iter_), "imputed": out.tolist()}


def bayesian_ridge_case(rng):
    x = rng.normal(size=(50, 3))
    y = 1.5 * x[:, 0] - 0.7 * x[:, 1] + rng.normal(scale=0.5, size=50) + 3
    m = BayesianRidge().fit(x, y)
    return {
        "x": x.tolist(),
        "y": y.tolist(),
        "coef": m.coef_.tolist(),
        "intercept": float(m.intercept_),
        "alpha": float(m.alpha_),
        "lambda": float(m.lambda_),
        "nIter": int(m.n_iter_),
    }


def argpartition_cases(rng):
    cases = []
    for n in (4, 7, 12, 30, 64):
        for kth in sorted({0, 1, 2, 3, 4, n // 2, n - 1} & set(range(n))):
            v = rng.integers(0, 3, size=n).astype(float)
            if n > 10:
                v[rng.integers(n)] = np.nan
            cases.append({"values": [None if np.isnan(a) else a for a in v.tolist()], "kth": kth,
                          "order": np.argpartition(v, kth).tolist()})
    return cases


def main():
    rng = np.random.default_rng(20240613)
    os.makedirs(OUT, exist_ok=True)
    versions = {"numpy": np.__version__, "sklearn": sklearn.__version__}
    knn = {
        "versions": versions,
        "tables": [
            knn_cases("continuous", masked(continuous_table(rng), 0.15, rng)),
            knn_cases("integer-ties", masked(integer_table(rng), 0.2, rng)),
        ],
        "argpartition": argpartition_cases(rng),
    }
    with open(os.path.join(OUT, "knn-reference.json"), "w") as f:
        json.dump(knn, f)
    iterative = {
        "versions": versions,
        "bayesianRidge": bayesian_ridge_case(rng),
        "tables": [
            iterative_case("continuous-15", masked(continuous_table(rng, 60), 0.15, rng)),
            iterative_case("continuous-30", masked(continuous_table(rng, 80), 0.3, rng)),
        ],
    }
    with open(os.path.join(OUT, "iterative-reference.json"), "w") as f:
        json.dump(iterative, f)


if __name__ == "__main__":
    main()
