"""Reference optima of L1 and elastic-net logistic regression, computed with scikit-learn.

Each problem minimizes, over w and an unpenalized intercept b,

    F(w, b) = (1/m) sum_i log(1 + exp(-s_i (x_i.w + b))) + l1 ||w||_1 + (l2/2) ||w||^2,   s_i = +-1,

which is what LogisticRegression(penalty="elasticnet", solver="saga", C, l1_ratio=r) minimizes when
l1 = r / (C m) and l2 = (1 - r) / (C m) (saga leaves the intercept unpenalized; liblinear would not, so it
is not used here). saga runs (random_state=0, for a repeatable file) at tol=1e-12 with max_iter=10**6 on standardized breast cancer (ddof = 0,
malignant = 1), so that its coefficients change by less than 1e-12 per epoch; the script then checks the
optimality conditions (for w_j != 0: dL/dw_j + l2 w_j + l1 sign(w_j) = 0; for w_j = 0: |dL/dw_j| <= l1)
and writes data/l1-reference-optima.json. Run: /usr/bin/python3 scripts/l1_reference_optima.py
"""

import json
import pathlib

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parent / "data"


def load_breast_cancer_standardized():
    lines = (DATA / "breast-cancer.csv").read_text().strip().splitlines()
    header = lines[0].split(",")
    label_column = header.index("diagnosis")
    X, y = [], []
    for line in lines[1:]:
        cells = line.split(",")
        y.append(1.0 if cells[label_column] == "malignant" else 0.0)
        X.append([float(c) for j, c in enumerate(cells) if j != label_column])
    X = np.array(X)
    X = (X - X.mean(axis=0)) / X.std(axis=0)  # ddof = 0, as the TypeScript loader
    return X, np.array(y)


def load_iris_versicolor_virginica():
    lines = (DATA / "iris.csv").read_text().strip().splitlines()
    header = lines[0].split(",")
    label_column = header.index("species")
    X, y = [], []
    for line in lines[1:]:
        cells = line.split(",")
        if cells[label_column] == "setosa":
            continue
        y.append(1.0 if cells[label_column] == "virginica" else 0.0)
        X.append([float(c) for j, c in enumerate(cells) if j != label_column])
    return np.array(X), np.array(y)  # raw features: ill-conditioned on purpose


def smooth_gradient(X, y, w, b, l2):
    z = X @ w + b
    p = 0.5 * (1 + np.tanh(0.5 * z))  # sigma(z) without overflow
    residual = p - y
    return X.T @ residual / len(y) + l2 * w, residual.mean()


def objective(X, y, w, b, l1, l2):
    z = X @ w + b
    s = 2 * y - 1
    loss = np.logaddexp(0, -s * z).mean()
    return loss + l1 * np.abs(w).sum() + 0.5 * l2 * (w @ w)


def solve(X, y, l1, l2):
    m = X.shape[0]
    strength = l1 + l2
    ratio = l1 / strength
    C = 1 / (strength * m)
    model = LogisticRegression(
        penalty="elasticnet", solver="saga", C=C, l1_ratio=ratio, tol=1e-12, max_iter=10**6, random_state=0
    )
    model.fit(X, y)
    w = model.coef_[0].copy()
    b = float(model.intercept_[0])
    grad_w, grad_b = smooth_gradient(X, y, w, b, l2)
    nonzero = w != 0
    stationarity = np.where(nonzero, np.abs(grad_w + l1 * np.sign(w)), np.maximum(np.abs(grad_w) - l1, 0))
    violation = max(stationarity.max(), abs(grad_b))
    return {
        "f": float(objective(X, y, w, b, l1, l2)),
        "w": [float(v) for v in w],
        "b": b,
        "l1": l1,
        "l2": l2,
        "C": C,
        "l1Ratio": ratio,
        "solver": f"saga, tol=1e-12, max_iter=1e6, scikit-learn {sklearn.__version__}",
        "iterations": int(model.n_iter_[0]),
        "nonZero": int(nonzero.sum()),
        "optimalityViolation": float(violation),
    }


def main():
    X, y = load_breast_cancer_standardized()
    problems = {
        "breast-cancer standardized, positive=malignant, l1=0.01, l2=0": (0.01, 0.0),
        "breast-cancer standardized, positive=malignant, l1=0.005, l2=0.005": (0.005, 0.005),
    }
    out = {}
    for name, (l1, l2) in problems.items():
        out[name] = solve(X, y, l1, l2)
        print(name, out[name]["f"], "non-zero", out[name]["nonZero"], "violation", out[name]["optimalityViolation"], "iterations", out[name]["iterations"])
    X, y = load_iris_versicolor_virginica()
    name = "iris versicolor(0) vs virginica(1), raw features, l1=0.03, l2=0"
    out[name] = solve(X, y, 0.03, 0.0)
    for name in list(out)[-1:]:
        print(name, out[name]["f"], "non-zero", out[name]["nonZero"], "violation", out[name]["optimalityViolation"], "iterations", out[name]["iterations"])
    (DATA / "l1-reference-optima.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
