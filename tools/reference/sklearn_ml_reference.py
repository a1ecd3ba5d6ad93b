"""Reference values for src/ml from scikit-learn, stored with their inputs as JSON.

Run with Debian's Python, which has scikit-learn 1.2 and scipy (not the pyenv python3 on PATH):

    /usr/bin/python3 tools/reference/sklearn_ml_reference.py > src/ml/fixtures/sklearn-ml.json

The tests read the JSON only; they never need Python.
"""

import json
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import r2_score, roc_auc_score


def logistic_cases(rng):
    cases = []
    for name, n, p, c, weighted in [
        ("n200-p4-C1", 200, 4, 1.0, False),
        ("n500-p8-C0.1", 500, 8, 0.1, False),
        ("n150-p3-C10-weighted", 150, 3, 10.0, True),
        ("n60-p12-C1-wide", 60, 12, 1.0, False),
    ]:
        x = rng.normal(size=(n, p))
        x[:, 0] = (x[:, 0] > 0.3).astype(float)  # a binary column, as one-hot features are
        beta = rng.normal(size=p)
        eta = -0.4 + x @ beta
        y = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(int)
        w = rng.uniform(0.5, 2.0, size=n) if weighted else None
        # scipy's L-BFGS-B also stops on a relative change in the objective (ftol ≈ 2e-9) that
        # scikit-learn does not expose, so lbfgs agrees with the exact minimiser to only ~1e-5.
        # The same objective solved by scikit-learn's newton-cg converges to ~1e-10 (its gradient test at 1e-8 is met): that is the
        # value the tests hold to 1e-6; lbfgs's own answer is kept to show it is the same problem.
        lbfgs = LogisticRegression(C=c, solver="lbfgs", tol=1e-14, max_iter=100000)
        lbfgs.fit(x, y, sample_weight=w)
        model = LogisticRegression(C=c, solver="newton-cg", tol=1e-8, max_iter=1000)
        model.fit(x, y, sample_weight=w)
        cases.append(
            {
                "name": name,
                "n": n,
                "p": p,
                "C": c,
                "x": x.ravel().tolist(),
                "y": y.tolist(),
                "weights": None if w is None else w.tolist(),
                "intercept": float(model.intercept_[0]),
                "coef": model.coef_[0].tolist(),
                "proba": model.predict_proba(x[:5])[:, 1].tolist(),
                "lbfgs": {"intercept": float(lbfgs.intercept_[0]), "coef": lbfgs.coef_[0].tolist()},
            }
        )
    return cases


def ridge_cases(rng):
    cases = []
    for name, n, p, alpha in [("n100-p5-a1", 100, 5, 1.0), ("n40-p10-a10", 40, 10, 10.0)]:
        x = rng.normal(size=(n, p))
        y = 2.0 + x @ rng.normal(size=p) + rng.normal(size=n)
        model = Ridge(alpha=alpha).fit(x, y)
        cases.append(
            {
                "name": name,
                "n": n,
                "p": p,
                "alpha": alpha,
                "x": x.ravel().tolist(),
                "y": y.tolist(),
                "intercept": float(model.intercept_),
                "coef": model.coef_.tolist(),
                "r2": float(r2_score(y, model.predict(x))),
            }
        )
    return cases


def multiclass_auc_case(rng):
    n, k = 300, 3
    labels = rng.integers(0, k, size=n)
    scores = rng.dirichlet(np.ones(k), size=n)
    scores[np.arange(n), labels] += 0.3
    scores /= scores.sum(axis=1, keepdims=True)
    return {
        "n": n,
        "k": k,
        "labels": labels.tolist(),
        "scores": scores.ravel().tolist(),
        "macroOvr": float(roc_auc_score(labels, scores, multi_class="ovr", average="macro")),
    }


def main():
    rng = np.random.default_rng(20240611)
    out = {
        "generator": "tools/reference/sklearn_ml_reference.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "logistic": logistic_cases(rng),
        "ridge": ridge_cases(rng),
        "multiclassAuc": multiclass_auc_case(rng),
    }
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
