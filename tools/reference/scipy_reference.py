#!/usr/bin/python3
"""Reference values for src/stats, computed with scipy 1.10 and scikit-learn 1.2.

Regenerate, from the repository root, with Debian's Python (which carries scipy and scikit-learn;
the pyenv `python3` on PATH does not):

    /usr/bin/python3 tools/reference/scipy_reference.py

This writes src/stats/fixtures/scipy.json: every input (or, for the large samples, the recipe that
rebuilds it, see `lcg` below) next to the expected values, so the vitest suites never need Python.
Floats are written with repr(), i.e. the shortest text that round-trips to the same double.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy import stats
from scipy.stats.contingency import association
from sklearn.decomposition import PCA
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "stats", "fixtures", "scipy.json")


def lcg(seed, n):
    """Uniforms in [0, 1) from the 31-bit LCG x <- (1103515245 x + 12345) mod 2^31.

    Large samples are stored as this recipe instead of thousands of numbers; the TypeScript side
    (src/stats/test-support/lcg.ts) rebuilds exactly the same doubles (k / 2^31 is exact).
    """
    out = np.empty(n)
    x = seed
    for i in range(n):
        x = (1103515245 * x + 12345) % 2147483648
        out[i] = x / 2147483648.0
    return out


def lcg_sample(spec):
    """A sample from an lcg spec: uniforms, optionally rounded to `digits` (ties), then shifted."""
    u = lcg(spec["seed"], spec["n"])
    if "digits" in spec:
        u = np.round(u * 10 ** spec["digits"]) / 10 ** spec["digits"]
    return u * spec.get("scale", 1.0) + spec.get("shift", 0.0)


def num(x):
    """A JSON-safe float: NaN and infinities become null."""
    x = float(x)
    return x if math.isfinite(x) else None


def rounded(a, digits=4):
    return [float(v) for v in np.round(np.asarray(a, dtype=float), digits)]


def with_nans(a, every):
    a = list(a)
    for i in range(0, len(a), every):
        a[i] = None
    return a


def as_array(values):
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def ks_cases(rng):
    cases = []
    small = [
        ("exact, unequal sizes, no ties", rounded(rng.normal(0, 1, 8)), rounded(rng.normal(0.8, 1, 10))),
        ("exact, equal sizes", rounded(rng.normal(0, 1, 15)), rounded(rng.normal(0.5, 1.3, 15))),
        ("exact, ties", [float(v) for v in rng.integers(0, 6, 40)], [float(v) for v in rng.integers(1, 7, 55)]),
        ("exact, medium", rounded(rng.normal(0, 1, 300)), rounded(rng.normal(0.15, 1, 450))),
        ("exact, identical samples", [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0]),
        ("exact, disjoint samples", [1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0, 8.0]),
        ("exact, one tiny sample", rounded(rng.normal(0, 1, 3)), rounded(rng.normal(0, 1, 40))),
    ]
    for name, x, y in small:
        r = stats.ks_2samp(x, y)
        cases.append({"name": name, "x": x, "y": y, "statistic": num(r.statistic), "p": num(r.pvalue)})
    large = [
        ("asymptotic, same distribution", {"seed": 11, "n": 12000}, {"seed": 12, "n": 11000}),
        ("asymptotic, small shift", {"seed": 13, "n": 12000}, {"seed": 14, "n": 11000, "shift": 0.02}),
        ("asymptotic, moderate shift", {"seed": 15, "n": 10500}, {"seed": 16, "n": 20000, "shift": 0.05}),
        ("asymptotic, large shift", {"seed": 17, "n": 15000}, {"seed": 18, "n": 15000, "shift": 0.3}),
        ("asymptotic, ties", {"seed": 19, "n": 12000, "digits": 2}, {"seed": 20, "n": 13000, "digits": 2}),
        ("asymptotic, tiny second sample", {"seed": 21, "n": 10001}, {"seed": 22, "n": 30, "shift": 0.1}),
        ("asymptotic, equal sizes", {"seed": 23, "n": 50000}, {"seed": 24, "n": 50000, "shift": 0.003}),
    ]
    for name, sx, sy in large:
        r = stats.ks_2samp(lcg_sample(sx), lcg_sample(sy))
        cases.append({"name": name, "xLcg": sx, "yLcg": sy, "statistic": num(r.statistic), "p": num(r.pvalue)})
    return cases


def kolmogorov_cases():
    """scipy.stats.kstwo.sf(d, n): every branch of Simard & L'Ecuyer's algorithm."""
    cases = []
    for n, d in [
        (5, 0.05), (5, 0.15), (5, 0.3), (5, 0.85), (20, 0.1), (20, 0.18), (20, 0.4), (100, 0.05),
        (100, 0.08), (100, 0.15), (100, 0.3), (100, 0.6), (140, 0.33), (141, 0.03), (500, 0.02),
        (500, 0.05), (500, 0.07), (500, 0.2), (1000, 0.002), (5000, 0.01), (5000, 0.02), (5739, 0.018),
        (20000, 0.001), (20000, 0.005), (20000, 0.012), (50000, 0.004), (150000, 0.002), (150000, 0.005),
        (3000, 0.9996), (3000, 0.0002),
    ]:
        cases.append({"n": n, "d": d, "sf": num(stats.kstwo.sf(d, n))})
    return cases


def mwu_cases(rng):
    cases = []
    inputs = [
        ("small, no ties", rounded(rng.normal(0, 1, 9)), rounded(rng.normal(1, 1, 12))),
        ("small, ties", [float(v) for v in rng.integers(0, 5, 20)], [float(v) for v in rng.integers(1, 6, 25)]),
        ("medium", rounded(rng.normal(0, 1, 400)), rounded(rng.normal(0.1, 1.2, 350))),
        ("identical", [2.0, 2.0, 2.0, 3.0], [2.0, 3.0, 2.0, 2.0]),
    ]
    for name, x, y in inputs:
        r = stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic", use_continuity=True)
        cases.append({"name": name, "x": x, "y": y, "statistic": num(r.statistic), "p": num(r.pvalue)})
    for name, sx, sy in [
        ("large, ties", {"seed": 31, "n": 20000, "digits": 2}, {"seed": 32, "n": 15000, "digits": 2, "shift": 0.01}),
        ("large, no ties", {"seed": 33, "n": 30000}, {"seed": 34, "n": 30000, "shift": 0.002}),
    ]:
        r = stats.mannwhitneyu(
            lcg_sample(sx), lcg_sample(sy), alternative="two-sided", method="asymptotic", use_continuity=True
        )
        cases.append({"name": name, "xLcg": sx, "yLcg": sy, "statistic": num(r.statistic), "p": num(r.pvalue)})
    return cases


def contingency_cases():
    tables = [
        ("2x2, Yates", [[12, 5], [7, 14]]),
        ("2x2, large", [[420, 380], [300, 500]]),
        ("2x2, small expected", [[3, 1], [1, 4]]),
        ("2x3", [[10, 20, 30], [25, 15, 12]]),
        ("3x4", [[12, 7, 3, 9], [5, 14, 8, 2], [9, 4, 16, 6]]),
        ("4x2, independent", [[10, 20], [20, 40], [30, 60], [5, 10]]),
        ("1x3, no degrees of freedom", [[4, 5, 6]]),
    ]
    cases = []
    for name, t in tables:
        chi2, p, dof, expected = stats.chi2_contingency(t)
        shape = np.asarray(t).shape
        cramer = association(t, method="cramer") if min(shape) > 1 else None
        cases.append({
            "name": name, "table": t, "statistic": num(chi2), "p": num(p), "df": int(dof),
            "expected": [[num(v) for v in row] for row in expected],
            "cramersV": None if cramer is None else num(cramer),
        })
    return cases


def fisher_cases():
    tables = [
        [[3, 1], [1, 3]], [[8, 2], [1, 5]], [[0, 5], [5, 0]], [[10, 10], [10, 10]], [[1, 9], [11, 3]],
        [[120, 30], [40, 200]], [[2, 7], [8, 2]], [[5, 0], [3, 4]], [[0, 3], [4, 6]], [[1, 1], [1, 1]],
        [[25, 1500], [60, 2100]], [[7, 12], [19, 3]], [[4, 396], [9, 591]],
    ]
    cases = []
    for t in tables:
        r = stats.fisher_exact(t, alternative="two-sided")
        cases.append({"table": t, "oddsRatio": num(r[0]), "oddsRatioInfinite": bool(np.isinf(r[0])), "p": num(r[1])})
    return cases


def correlation_cases(rng):
    cases = []
    n = 60
    x = rng.normal(0, 1, n)
    y = 0.6 * x + rng.normal(0, 0.8, n)
    inputs = [
        ("continuous", rounded(x), rounded(y)),
        ("ties and missing", with_nans([float(v) for v in np.round(x * 2)], 7), with_nans([float(v) for v in np.round(y * 2)], 11)),
        ("negative, nonlinear", rounded(x), rounded(-np.exp(x) + rng.normal(0, 0.3, n))),
        ("three points", [1.0, 2.0, 4.0], [2.0, 1.0, 5.0]),
    ]
    for name, a, b in inputs:
        xa, xb = as_array(a), as_array(b)
        keep = ~(np.isnan(xa) | np.isnan(xb))
        pr = stats.pearsonr(xa[keep], xb[keep])
        sr = stats.spearmanr(xa, xb, nan_policy="omit")
        cases.append({
            "name": name, "x": a, "y": b, "n": int(keep.sum()),
            "pearson": {"statistic": num(pr[0]), "p": num(pr[1])},
            "spearman": {"statistic": num(sr[0]), "p": num(sr[1])},
        })
    return cases


def beta_cases():
    cases = []
    for x, a, b in [(0.3, 2, 3), (0.5, 0.5, 0.5), (0.9, 10, 2), (0.01, 1, 50), (0.2, 29, 29),
                    (0.45, 2500, 2500), (0.999, 3, 0.5), (1e-5, 0.5, 20)]:
        cases.append({"x": x, "a": a, "b": b, "value": num(scipy.special.betainc(a, b, x))})
    return cases


def pca_cases(rng):
    n, p = 200, 6
    latent = rng.normal(0, 1, (n, 2))
    mixing = np.array([[1.0, 0.8, 0.5, 0.0, 0.2, -0.4], [0.0, 0.3, -0.6, 1.0, 0.7, 0.1]])
    data = np.round(latent @ mixing + rng.normal(0, 0.5, (n, p)) + np.arange(p) * 3, 4)
    z = StandardScaler().fit_transform(data)
    pca = PCA(n_components=p, svd_solver="full").fit(z)
    return [{
        "name": "six correlated columns, standardised",
        "data": [[float(v) for v in row] for row in data],
        "explainedVarianceRatio": [num(v) for v in pca.explained_variance_ratio_],
        "explainedVariance": [num(v) for v in pca.explained_variance_],
        "components": [[num(v) for v in row] for row in pca.components_],
    }]


def auc_cases(rng):
    cases = []
    labels = [int(v) for v in rng.integers(0, 2, 500)]
    scores = [float(v) for v in np.round(rng.normal(0, 1, 500) + 0.4 * np.array(labels), 1)]
    cases.append({"name": "500 scores, ties", "scores": scores, "labels": labels, "auc": num(roc_auc_score(labels, scores))})
    labels = [0, 0, 1, 1, 0, 1, 1, 0, 0, 1]
    scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.05, 0.7, 0.2]
    cases.append({"name": "ten scores", "scores": scores, "labels": labels, "auc": num(roc_auc_score(labels, scores))})
    return cases


def main():
    rng = np.random.default_rng(20240601)
    fixture = {
        "generatedBy": "tools/reference/scipy_reference.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                     "sklearn": sklearn.__version__},
        "calls": {
            "ks2samp": "scipy.stats.ks_2samp(x, y)  # alternative='two-sided', method='auto'",
            "kolmogorov": "scipy.stats.kstwo.sf(d, n)",
            "mannWhitney": "scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method='asymptotic', use_continuity=True)",
            "chi2Contingency": "scipy.stats.chi2_contingency(table)  # correction=True; association(table, method='cramer')",
            "fisherExact": "scipy.stats.fisher_exact(table, alternative='two-sided')",
            "correlation": "scipy.stats.pearsonr on complete pairs; scipy.stats.spearmanr(x, y, nan_policy='omit')",
            "incompleteBeta": "scipy.special.betainc(a, b, x)",
            "pca": "sklearn PCA(svd_solver='full') on StandardScaler().fit_transform(data)",
            "auc": "sklearn.metrics.roc_auc_score(labels, scores)",
        },
        "ks2samp": ks_cases(rng),
        "kolmogorov": kolmogorov_cases(),
        "mannWhitney": mwu_cases(rng),
        "chi2Contingency": contingency_cases(),
        "fisherExact": fisher_cases(),
        "correlation": correlation_cases(rng),
        "incompleteBeta": beta_cases(),
        "pca": pca_cases(rng),
        "auc": auc_cases(rng),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1, allow_nan=False)
        f.write("\n")
    print(f"wrote {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
