"""Computes the multinomial reference optima in data/reference-optima-multinomial.json with scikit-learn.

Run with Debian's scikit-learn (1.2.1): /usr/bin/python3 -W ignore scripts/multinomial-optima.py, then
`pnpm exec biome format --write data/reference-optima-multinomial.json` (the repository's JSON layout) and
`pnpm generate` to rebuild src/referenceOptimaMultinomial.generated.ts.

For each problem: X and y are read from the CSV files in data/ (the very numbers the TypeScript loaders
embed), preprocessed as the TypeScript reference problems do, and fitted with
LogisticRegression(multi_class="multinomial", C, tol=1e-12) by lbfgs and by newton-cg; the fit with the
lower objective is kept. The objective, in descent's form, is

    f(W, b) = (1/Σ_i w_i) Σ_i w_i [logsumexp(z_i) − z_{i, y_i}] + (λ/2) ‖W‖²_F,   z_i = W x_i + b,

with λ = 1/(C Σ_i w_i) (w_i = 1 unless class weights are given), which is scikit-learn's objective divided
by Σ_i w_i. The intercepts are not identified (f does not change when all b_k shift together): the stored
b is centered, Σ_k b_k = 0, which is also where gradient-based solvers started from b = 0 stay.
"""

import json
import os

import numpy as np
import sklearn
from scipy.special import logsumexp, softmax
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_class_weight

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")


def read_csv(name, label_column):
    with open(os.path.join(DATA, name)) as handle:
        header = handle.readline().strip().split(",")
        rows = [line.strip().split(",") for line in handle if line.strip()]
    label_index = header.index(label_column)
    X = np.array([[float(cell) for j, cell in enumerate(row) if j != label_index] for row in rows])
    labels = np.array([row[label_index] for row in rows])
    return X, labels


def standardized(X):
    # ddof = 0, as StandardScaler and the TypeScript `standardized`; a constant column keeps scale 1.
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1
    return (X - mean) / scale


def objective(X, y, W, b, weights, l2):
    Z = X @ W.T + b
    losses = logsumexp(Z, axis=1) - Z[np.arange(len(y)), y]
    return float(weights @ losses / weights.sum() + 0.5 * l2 * np.sum(W * W))


def gradient_max_abs(X, y, W, b, weights, l2):
    P = softmax(X @ W.T + b, axis=1)
    P[np.arange(len(y)), y] -= 1
    R = P * (weights / weights.sum())[:, None]
    return float(max(np.abs(R.T @ X + l2 * W).max(), np.abs(R.sum(axis=0)).max()))


def polish(X, y, W, b, weights, l2, steps=3):
    """Up to `steps` exact Newton steps from scikit-learn's solution, in numpy: the Hessian is formed in
    float64 and the step solved by least squares (the Hessian is singular along the intercept shift), then
    b re-centered. Brings ‖∇f‖∞ from scikit-learn's 1e-10…1e-12 down to rounding, so that coefficients are
    exact to about 1e-12 rather than 1e-7."""
    m, n = X.shape
    K = W.shape[0]
    Xt = np.hstack([X, np.ones((m, 1))])
    c = weights / weights.sum()
    theta = np.hstack([W, b[:, None]])  # K × (n + 1)
    penalty = np.ones(n + 1)
    penalty[n] = 0
    for _ in range(steps):
        P = softmax(Xt @ theta.T, axis=1)
        R = P.copy()
        R[np.arange(m), y] -= 1
        grad = (R * c[:, None]).T @ Xt + l2 * theta * penalty
        H = np.zeros((K * (n + 1), K * (n + 1)))
        for k in range(K):
            for l in range(K):
                a = c * P[:, k] * ((k == l) - P[:, l])
                H[k * (n + 1):(k + 1) * (n + 1), l * (n + 1):(l + 1) * (n + 1)] = (Xt * a[:, None]).T @ Xt
        H += np.diag(np.tile(l2 * penalty, K))
        step = np.linalg.lstsq(H, -grad.ravel(), rcond=None)[0]
        theta = theta + step.reshape(K, n + 1)
        theta[:, n] -= theta[:, n].mean()
    return theta[:, :n], theta[:, n]


def fit(X, labels, C, class_weight=None):
    classes = np.unique(labels)  # sorted, as scikit-learn and LogisticRegression sort them
    y = np.searchsorted(classes, labels)
    weights = np.ones(len(y))
    if class_weight is not None:
        weights = compute_class_weight(class_weight, classes=classes, y=labels)[y]
    l2 = 1.0 / (C * weights.sum())
    best = None
    for solver in ["lbfgs", "newton-cg"]:
        model = LogisticRegression(
            multi_class="multinomial",
            solver=solver,
            C=C,
            tol=1e-12,
            # newton-cg converges in tens of iterations and then only spins on rounding.
            max_iter=10_000 if solver == "lbfgs" else 300,
            class_weight=class_weight,
        ).fit(X, labels)
        W, b = model.coef_, model.intercept_ - model.intercept_.mean()
        f = objective(X, y, W, b, weights, l2)
        print(f"  {solver:9s} f = {f!r}  iterations {int(model.n_iter_[0])}")
        if best is None or f < best["f"]:
            best = {"f": f, "W": W, "b": b, "solver": solver}
    sklearn_gradient = gradient_max_abs(X, y, best["W"], best["b"], weights, l2)
    W, b = polish(X, y, best["W"], best["b"], weights, l2)
    polish_moved = float(max(np.abs(W - best["W"]).max(), np.abs(b - best["b"]).max()))
    if gradient_max_abs(X, y, W, b, weights, l2) < sklearn_gradient:
        best = {**best, "W": W, "b": b, "f": objective(X, y, W, b, weights, l2), "solver": best["solver"] + " + newton polish"}
    return {
        "classes": [str(c) for c in classes],
        "C": C,
        "l2": l2,
        **({} if class_weight is None else {"classWeight": class_weight}),
        "solver": best["solver"],
        "sklearnGradientMaxAbs": sklearn_gradient,
        "polishMovedCoefficientsBy": polish_moved,
        "gradientMaxAbs": gradient_max_abs(X, y, best["W"], best["b"], weights, l2),
        "f": best["f"],
        "coef": best["W"].tolist(),
        "intercept": best["b"].tolist(),
    }


iris_X, iris_labels = read_csv("iris.csv", "species")
wine_X, wine_labels = read_csv("wine.csv", "cultivar")
digits_X, digits_labels = read_csv("digits.csv", "digit")
wine_X = standardized(wine_X)
digits_X = digits_X / 16  # pixel intensities in [0, 1]: exact (a power of two), and well-conditioned

problems = [
    ("iris raw features, C=1", iris_X, iris_labels, 1.0, None),
    ("iris raw features, C=10", iris_X, iris_labels, 10.0, None),
    ("wine standardized, C=1", wine_X, wine_labels, 1.0, None),
    ("wine standardized, C=10", wine_X, wine_labels, 10.0, None),
    ("digits scaled to [0, 1], C=1", digits_X, digits_labels, 1.0, None),
    ("digits scaled to [0, 1], C=0.1", digits_X, digits_labels, 0.1, None),
    # Class weights multiply the sample weights, as scikit-learn's class_weight.
    ("wine standardized, class_weight=balanced, C=1", wine_X, wine_labels, 1.0, "balanced"),
    (
        "iris raw features, class_weight={setosa: 1, versicolor: 2, virginica: 0.5}, C=1",
        iris_X,
        iris_labels,
        1.0,
        {"setosa": 1.0, "versicolor": 2.0, "virginica": 0.5},
    ),
]

optima = {"_generator": f"scripts/multinomial-optima.py, scikit-learn {sklearn.__version__}"}
for name, X, labels, C, class_weight in problems:
    print(name)
    optima[name] = fit(X, labels, C, class_weight)
    print(f"  kept {optima[name]['solver']}, max |∇f| = {optima[name]['gradientMaxAbs']:.2e}")

with open(os.path.join(DATA, "reference-optima-multinomial.json"), "w") as handle:
    json.dump(optima, handle, indent=2)
    handle.write("\n")
