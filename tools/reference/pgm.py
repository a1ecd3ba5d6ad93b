#!/usr/bin/env python3
"""Reference for src/generators/pgm: private-pgm's mirror descent (McKenna, Sheldon & Miklau 2019,
Algorithm 1, with the Armijo step rule of mbi.estimation.mirror_descent) reimplemented in numpy with
brute-force marginals over the full joint table of a tiny domain -- no junction tree, no message
passing, so it checks ours independently.

Loss: sum_i 0.5 * ||(mu_Ci - y_i) / sigma_i||^2; potentials on the maximal measured cliques, zero
at the start; total from the inverse-variance weighted sums of the answers; step 2/(L * total),
L = max 1/sigma^2, times 1.01 after a step with loss - loss' >= 0.5 * alpha * <grad, mu - mu'>,
halved (and the step undone) otherwise.

Writes src/generators/pgm/fixtures/private-pgm.json: the measurements (in synthcohort's format),
and the measured marginals and loss after 25 iterations and after 20000.
Run: python3 tools/reference/pgm.py
"""
import json
import os

import numpy as np

SIZES = [2, 3, 2, 2]
NAMES = ["a", "b", "c", "d"]
# A 4-cycle of pairs (the junction tree must add a chord) and two 1-way marginals.
QUERIES = [(0,), (1,), (0, 1), (1, 2), (2, 3), (0, 3)]
SIGMA = 3.0


def marginal(joint, clique):
    other = tuple(a for a in range(len(SIZES)) if a not in clique)
    return joint.sum(axis=other).reshape(-1)


def truth():
    rng = np.random.default_rng(20190501)
    weights = rng.gamma(1.0, size=SIZES)
    return weights / weights.sum() * 400


def measurements():
    rng = np.random.default_rng(7)
    joint = truth()
    out = []
    for q in QUERIES:
        exact = np.rint(marginal(joint, q))
        noise = np.rint(rng.normal(0, SIGMA, size=exact.shape))
        out.append({
            "query": [NAMES[a] for a in q],
            "answer": [float(x) for x in exact + noise],
            "noise": {"mechanism": "discrete-gaussian", "sigma": SIGMA},
            "rho": [1 / (2 * SIGMA ** 2)],
        })
    return out


def maximal(queries):
    return [q for q in queries if not any(set(q) < set(r) for r in queries)]


def expand(table, clique):
    """A clique's table broadcast over the full joint's axes."""
    shape = [SIZES[a] if a in clique else 1 for a in range(len(SIZES))]
    return table.reshape([SIZES[a] for a in clique]).reshape(shape)


def joint_of(theta, cliques, total):
    log = np.zeros(SIZES)
    for c, t in zip(cliques, theta):
        log = log + expand(t, c)
    p = np.exp(log - log.max())
    return p / p.sum() * total


def loss_and_mu(joint, ys, weights):
    mus = [marginal(joint, q) for q in QUERIES]
    loss = sum(0.5 * w * np.sum((mu - y) ** 2) for mu, y, w in zip(mus, ys, weights))
    return loss, mus


def gradient(mus, ys, weights, cliques):
    grads = [np.zeros(int(np.prod([SIZES[a] for a in c]))) for c in cliques]
    for q, mu, y, w in zip(QUERIES, mus, ys, weights):
        k = next(i for i, c in enumerate(cliques) if set(q) <= set(c))
        g = w * (mu - y)
        # Broadcast the query's gradient over the potential clique's cells.
        full = np.zeros([SIZES[a] for a in cliques[k]])
        shape = [SIZES[a] if a in q else 1 for a in cliques[k]]
        full = full + g.reshape([SIZES[a] for a in q]).reshape(shape)
        grads[k] += full.reshape(-1)
    return grads


def mirror_descent(ms, iterations):
    ys = [np.array(m["answer"]) for m in ms]
    weights = [1 / m["noise"]["sigma"] ** 2 for m in ms]
    variances = [m["noise"]["sigma"] ** 2 * len(m["answer"]) for m in ms]
    total = sum(y.sum() / v for y, v in zip(ys, variances)) / sum(1 / v for v in variances)
    cliques = maximal(QUERIES)
    theta = [np.zeros(int(np.prod([SIZES[a] for a in c]))) for c in cliques]
    alpha = 2 / (max(weights) * total)
    loss, mus = loss_and_mu(joint_of(theta, cliques, total), ys, weights)
    for _ in range(iterations):
        grads = gradient(mus, ys, weights, cliques)
        trial = [t - alpha * g for t, g in zip(theta, grads)]
        loss2, mus2 = loss_and_mu(joint_of(trial, cliques, total), ys, weights)
        dot = sum(w * np.dot(mu - y, mu - mu2) for mu, mu2, y, w in zip(mus, mus2, ys, weights))
        if loss - loss2 >= 0.5 * alpha * dot:
            theta, loss, mus, alpha = trial, loss2, mus2, alpha * 1.01
        else:
            alpha *= 0.5
    return total, loss, mus


def main():
    ms = measurements()
    fixture = {
        "source": "tools/reference/pgm.py (numpy mirror descent, brute-force marginals)",
        "measurements": {
            "version": 1,
            "domain": {"attributes": [{"name": n, "size": s} for n, s in zip(NAMES, SIZES)], "hash": "reference"},
            "measurements": ms,
        },
        "runs": [],
    }
    for iterations in (25, 20000):
        total, loss, mus = mirror_descent(ms, iterations)
        fixture["runs"].append({
            "iterations": iterations,
            "total": total,
            "loss": loss,
            "marginals": [[float(x) for x in mu] for mu in mus],
        })
    path = os.path.join(os.path.dirname(__file__), "..", "..", "src", "generators", "pgm", "fixtures", "private-pgm.json")
    with open(path, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
