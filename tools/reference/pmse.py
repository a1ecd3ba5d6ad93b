"""Reference pMSE and S_pMSE for src/validate/fidelity/pmse.ts, stored with their inputs as JSON.

R's synthpop is not installed here, so this script computes what synthpop's
utility.gen(method = "logit", maxorder = 0) computes (Snoke et al. 2018), with numpy only:
stack real (0) and synthetic (1) rows; design = intercept, each number as it is with a missing
value set to 0 plus a 0/1 missing indicator, each category as treatment dummies with missing as a
level of its own; an unpenalised logistic regression fitted by IRLS to convergence;
pMSE = mean((p - c)^2), c = n_syn / N; S_pMSE = pMSE / ((k - 1) (1 - c)^2 c / N).

    /usr/bin/python3 tools/reference/pmse.py > src/validate/fidelity/fixtures/pmse.json
"""

import json

import numpy as np


def table(rng, n, shift):
    x = rng.normal(shift, 1.0, size=n)
    x[rng.uniform(size=n) < 0.1] = np.nan
    g = rng.choice(["a", "b", "c"], size=n, p=[0.5 - shift / 4, 0.3, 0.2 + shift / 4]).astype(object)
    g[rng.uniform(size=n) < 0.08] = None
    b = (rng.uniform(size=n) < 0.3 + shift / 5).astype(int)
    return {"x": x, "g": g, "b": b}


def design(rows):
    x = rows["x"]
    missing = np.isnan(x)
    columns = [np.ones(len(x)), np.where(missing, 0.0, x), missing.astype(float)]
    g = np.array(["NA" if v is None else v for v in rows["g"]])
    for level in ["b", "c", "NA"]:  # "a" is the reference level
        columns.append((g == level).astype(float))
    columns.append(rows["b"].astype(float))
    return np.column_stack(columns)


def logistic_irls(X, y):
    beta = np.zeros(X.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-X @ beta))
        w = p * (1 - p)
        step = np.linalg.solve(X.T @ (X * w[:, None]), X.T @ (y - p))
        beta += step
        if np.max(np.abs(step)) < 1e-13 * (1 + np.max(np.abs(beta))):
            break
    return 1 / (1 + np.exp(-X @ beta))


def case(name, seed, n_real, n_syn, shift):
    rng = np.random.default_rng(seed)
    real = table(rng, n_real, 0.0)
    syn = table(rng, n_syn, shift)
    stacked = {k: np.concatenate([real[k], syn[k]]) for k in real}
    X = design(stacked)
    assert np.linalg.matrix_rank(X) == X.shape[1]
    y = np.concatenate([np.zeros(n_real), np.ones(n_syn)])
    p = logistic_irls(X, y)
    N = n_real + n_syn
    c = n_syn / N
    pmse = float(np.mean((p - c) ** 2))
    k = X.shape[1]
    expected = (k - 1) * (1 - c) ** 2 * c / N
    as_json = lambda rows: {
        "x": [None if np.isnan(v) else float(v) for v in rows["x"]],
        "g": list(rows["g"]),
        "b": [int(v) for v in rows["b"]],
    }
    return {
        "name": name,
        "real": as_json(real),
        "synthetic": as_json(syn),
        "pmse": pmse,
        "sPmse": pmse / expected,
        "parameters": k,
    }


print(
    json.dumps(
        {
            "source": "tools/reference/pmse.py (numpy " + np.__version__ + ")",
            "cases": [
                case("same distribution, 80 real vs 60 synthetic", 1, 80, 60, 0.0),
                case("shifted synthetic, 70 vs 90", 2, 70, 90, 0.6),
            ],
        },
        indent=1,
    )
)
