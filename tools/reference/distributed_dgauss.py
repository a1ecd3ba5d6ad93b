"""Reference values for the distributed discrete Gaussian, for src/privacy/distributed/*.test.ts.

Computed independently of the TypeScript, in mpmath at 60 significant digits:

1. tau and rho of Kairouz, Liu & Steinke (2021), "The Distributed Discrete Gaussian Mechanism for
   Federated Learning with Secure Aggregation" (ICML; arXiv:2102.06387), Proposition 14: for the sum
   Z of n independent N_Z(0, sigma2)^d and any shift D with |D|_1 <= l1, |D|_2 <= l2,

     D_alpha(Z || Z + D) <= min{ alpha*l2^2/(2 n sigma2) + tau*d,
                                 alpha/2 * (l2^2/(n sigma2) + 2*l1*tau/sqrt(n sigma2) + tau^2*d),
                                 alpha/2 * (l2/sqrt(n sigma2) + tau*sqrt(d))^2 }
     tau = 10 * sum_{k=1}^{n-1} exp(-2 pi^2 sigma2 * k/(k+1)),

   so (alpha >= 1) the sum is rho-zCDP with rho the minimum of the three terms at alpha = 1 with the
   additive tau*d counted once per unit of alpha.
2. The exact pmf of the sum of n discrete Gaussians, by convolution of pmfs truncated at |y| <= 60
   (the mass left out is below 1e-700 for sigma2 <= 2) and the exact Renyi divergences
   D_alpha(Z || Z + 1) of that sum in one dimension, plus its total variation distance from
   N_Z(0, n sigma2).

Run: python3 tools/reference/distributed_dgauss.py > src/privacy/distributed/fixtures/distributed-dgauss-reference.json
"""

import json

import mpmath as mp

mp.mp.dps = 60

SIGMA2 = ["0.25", "0.5", "1", "2", "5", "10", "100"]
NODES = [1, 2, 3, 5, 10, 30]
DIMENSIONS = [1, 64, 10000]
SENSITIVITIES = [(1, 1), (4, 2), (10, "3.1622776601683795")]  # (l1, l2); the last is sqrt(10) as a double

PMF_SIGMA2 = ["0.5", "1", "2"]
PMF_NODES = [1, 2, 3, 5]
PMF_POINTS = 12
ALPHAS = ["1.5", "2", "5", "20"]
TRUNCATION = 60


def tau(sigma2, n):
    return 10 * mp.fsum(mp.exp(-2 * mp.pi ** 2 * sigma2 * mp.mpf(k) / (k + 1)) for k in range(1, n))


def rho_terms(sigma2, n, l1, l2, d):
    t = tau(sigma2, n)
    central = n * sigma2
    first = l2 ** 2 / (2 * central) + t * d
    second = (l2 ** 2 / central + 2 * l1 * t / mp.sqrt(central) + t ** 2 * d) / 2
    third = (l2 / mp.sqrt(central) + t * mp.sqrt(d)) ** 2 / 2
    return t, first, second, third


def dgauss_pmf(sigma2):
    weights = [mp.exp(-mp.mpf(y) ** 2 / (2 * sigma2)) for y in range(-TRUNCATION, TRUNCATION + 1)]
    total = mp.fsum(weights)
    return [w / total for w in weights]


def convolve(a, b):
    out = [mp.mpf(0)] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return out


def sum_pmf(sigma2, n):
    """pmf of the sum of n discrete Gaussians on -n*T..n*T (index 0 is -n*T)."""
    one = dgauss_pmf(sigma2)
    pmf = one
    for _ in range(n - 1):
        pmf = convolve(pmf, one)
    return pmf


def renyi_shift(pmf, alpha):
    """D_alpha(P || P shifted by +1) = log(sum_z P(z)^alpha P(z-1)^(1-alpha)) / (alpha-1)."""
    terms = [pmf[z] ** alpha * pmf[z - 1] ** (1 - alpha) for z in range(1, len(pmf)) if pmf[z - 1] > 0]
    return mp.log(mp.fsum(terms)) / (alpha - 1)


def total_variation_from_dgauss(pmf, variance):
    half = (len(pmf) - 1) // 2
    weights = [mp.exp(-mp.mpf(z - half) ** 2 / (2 * variance)) for z in range(len(pmf))]
    total = mp.fsum(weights)
    return mp.fsum(abs(p - w / total) for p, w in zip(pmf, weights)) / 2


def main():
    rho_rows = []
    for s in SIGMA2:
        sigma2 = mp.mpf(s)
        for n in NODES:
            for d in DIMENSIONS:
                for l1, l2 in SENSITIVITIES:
                    t, first, second, third = rho_terms(sigma2, n, mp.mpf(l1), mp.mpf(l2), d)
                    rho_rows.append({
                        "sigma2": float(sigma2), "nodes": n, "dimension": d,
                        "l1": float(l1), "l2": float(mp.mpf(l2)),
                        "tau": float(t), "logTau": float(mp.log(t)) if t > 0 else None,
                        "rho": float(min(first, second, third)),
                        "terms": [float(first), float(second), float(third)],
                    })
    pmf_rows = []
    for s in PMF_SIGMA2:
        sigma2 = mp.mpf(s)
        for n in PMF_NODES:
            pmf = sum_pmf(sigma2, n)
            half = (len(pmf) - 1) // 2
            pmf_rows.append({
                "sigma2": float(sigma2), "nodes": n,
                "pmf": [float(pmf[half + z]) for z in range(PMF_POINTS)],
                "renyi": [{"alpha": float(mp.mpf(a)), "divergence": float(renyi_shift(pmf, mp.mpf(a)))}
                          for a in ALPHAS],
                "totalVariation": float(total_variation_from_dgauss(pmf, n * sigma2)),
            })
    print(json.dumps({
        "source": "tools/reference/distributed_dgauss.py (mpmath, 60 digits; Kairouz, Liu & Steinke 2021, Proposition 14)",
        "rho": rho_rows,
        "sum": pmf_rows,
    }, indent=1))


if __name__ == "__main__":
    main()
