"""The whole-process program in Python: what a user's script does, start to finish. Python starts,
imports scikit-learn, loads its copy of the breast-cancer data, standardizes it, fits LogisticRegression
with its defaults (lbfgs, C = 1, tol = 1e-4), and prints the model. The bench times this end to end
against the same in Node with descent (src/processFit/)."""

import json

from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

X, y = load_breast_cancer(return_X_y=True)
X = StandardScaler().fit_transform(X)
model = LogisticRegression().fit(X, y)
print(
    json.dumps(
        {
            "solver": model.solver,
            "classes": model.classes_.tolist(),
            "intercept": float(model.intercept_[0]),
            "coef": model.coef_.ravel().tolist(),
            "trainingAccuracy": model.score(X, y),
            "iterations": int(model.n_iter_[0]),
        }
    )
)
