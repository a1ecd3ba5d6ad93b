"""Reference values for the zCDP -> (epsilon, delta) conversion, for src/privacy/zcdp.test.ts.

Two independent computations of the tight conversion of Canonne, Kamath & Steinke (2020),
Corollary 13:  delta(rho, eps) = inf_{a>1} exp((a-1)(a*rho - eps)) / (a-1) * (1 - 1/a)^a.

1. private-pgm's published procedure (McKenna, mechanisms/cdp2adp.py: cdp_delta, cdp_eps,
   cdp_rho), reimplemented here from its description: bisection on the sign of the derivative
   (2a-1)*rho - eps + log(1 - 1/a) over [1.01, (eps+1)/(2 rho) + 2], 1000 steps; cdp_rho and cdp_eps
   by 1000-step bisection on delta.
2. scipy: the infimum by bounded scalar minimisation of log delta over log(a - 1), the inverses by
   brentq.
The script checks that both agree (rho and eps to 1e-7 relative, log delta to 1e-9) and writes the
private-pgm values; for delta it writes scipy's infimum and private-pgm's value side by side, since
private-pgm keeps alpha >= 1.01 and so gives a looser (still valid) delta where eps is close to rho.

Run: python3 tools/reference/cdp.py > src/privacy/fixtures/cdp-reference.json
"""

import json
import math

import numpy as np
from scipy import optimize

EPSILONS = [0.1, 0.5, 1.0, 3.0, 10.0]
DELTAS = [1e-5, 1e-6, 1e-9]
RHOS = [0.001, 0.01, 0.015, 0.1, 0.5, 1.0, 5.0]


def pgm_delta(rho, eps):
    if rho == 0:
        return 0.0
    amin, amax = 1.01, (eps + 1) / (2 * rho) + 2
    for _ in range(1000):
        alpha = (amin + amax) / 2
        derivative = (2 * alpha - 1) * rho - eps + math.log1p(-1.0 / alpha)
        if derivative < 0:
            amin = alpha
        else:
            amax = alpha
    delta = math.exp((alpha - 1) * (alpha * rho - eps) + alpha * math.log1p(-1 / alpha)) / (alpha - 1.0)
    return min(delta, 1.0)


def pgm_best_alpha(rho, eps):
    amin, amax = 1.01, (eps + 1) / (2 * rho) + 2
    for _ in range(1000):
        alpha = (amin + amax) / 2
        if (2 * alpha - 1) * rho - eps + math.log1p(-1.0 / alpha) < 0:
            amin = alpha
        else:
            amax = alpha
    return alpha


def pgm_eps(rho, delta):
    if delta >= 1 or rho == 0:
        return 0.0
    lo, hi = 0.0, rho + 2 * math.sqrt(rho * math.log(1 / delta))
    for _ in range(1000):
        eps = (lo + hi) / 2
        if pgm_delta(rho, eps) <= delta:
            hi = eps
        else:
            lo = eps
    return hi


def pgm_rho(eps, delta):
    if delta >= 1:
        return 0.0
    lo, hi = 0.0, eps + 1
    for _ in range(1000):
        rho = (lo + hi) / 2
        if pgm_delta(rho, eps) <= delta:
            lo = rho
        else:
            hi = rho
    return lo


def scipy_log_delta(rho, eps):
    def log_delta(log_am1):
        a = 1 + np.exp(log_am1)
        return (a - 1) * (a * rho - eps) + a * np.log1p(-1 / a) - np.log(a - 1)

    upper = math.log((eps + 1) / (2 * rho) + 2)
    res = optimize.minimize_scalar(log_delta, bounds=(-30, upper), method="bounded",
                                   options={"xatol": 1e-12})
    return min(float(res.fun), 0.0)


def scipy_rho(eps, delta):
    return optimize.brentq(lambda r: scipy_log_delta(r, eps) - math.log(delta), 1e-12, eps + 1,
                           xtol=1e-300, rtol=4 * np.finfo(float).eps)


def scipy_eps(rho, delta):
    hi = rho + 2 * math.sqrt(rho * math.log(1 / delta))
    return optimize.brentq(lambda e: scipy_log_delta(rho, e) - math.log(delta), 0, hi,
                           xtol=1e-300, rtol=4 * np.finfo(float).eps)


def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(abs(a), abs(b))


def main():
    rho_rows, eps_rows, delta_rows = [], [], []
    for eps in EPSILONS:
        for delta in DELTAS:
            rho = pgm_rho(eps, delta)
            assert close(rho, scipy_rho(eps, delta), 1e-7), (eps, delta)
            rho_rows.append({"epsilon": eps, "delta": delta, "rho": rho})
    for rho in RHOS:
        for delta in DELTAS:
            eps = pgm_eps(rho, delta)
            assert close(eps, scipy_eps(rho, delta), 1e-7), (rho, delta)
            eps_rows.append({"rho": rho, "delta": delta, "epsilon": eps})
        for eps in EPSILONS:
            delta = pgm_delta(rho, eps)
            if delta == 0:
                continue  # below the smallest double: nothing to compare
            true_log_delta = scipy_log_delta(rho, eps)
            # private-pgm keeps alpha >= 1.01; where the optimum lies below (eps close to rho, delta
            # near 1) its delta is a valid but looser bound, so only there may it exceed scipy's.
            if pgm_best_alpha(rho, eps) > 1.0101:
                assert abs(math.log(delta) - true_log_delta) <= 1e-9 * max(1.0, -true_log_delta), (rho, eps)
            else:
                assert math.log(delta) >= true_log_delta - 1e-12, (rho, eps)
            delta_rows.append({"rho": rho, "epsilon": eps, "delta": math.exp(true_log_delta),
                               "pgmDelta": delta})
    print(json.dumps({
        "source": "tools/reference/cdp.py (private-pgm's cdp_rho / cdp_eps / cdp_delta, checked against scipy)",
        "rho": rho_rows,
        "epsilon": eps_rows,
        "delta": delta_rows,
    }, indent=1))


if __name__ == "__main__":
    main()
