"""scikit-learn's side of the bench: fits LogisticRegression on a problem the bench stored on disk.

Run as `python3 sklearn_fit.py '<json request>'`; prints one JSON object. The problem directory holds
meta.json and raw little-endian arrays (see apps/bench/src/problemStore.ts):

    {split}.X.f64                      dense, row-major
    {split}.indptr.i32 / .indices.i32  CSR structure
    {split}.values.f64                 CSR values
    {split}.y.f64                      0/1 targets; on a multiclass problem, class indices 0 … K − 1

Requests:
    {"mode": "echo", "problemDir": ...}
        reads the training split and reports its shape and a few checksums (the hand-off test).
    {"mode": "fit", "problemDir": ..., "solver": "lbfgs" | "newton-cholesky" | "newton-cg" | "sag" | "saga",
     "C": ..., "tol": ..., "maxIter": [1, 2, 4, ...], "repeats": 3, "budgetSeconds": 10}
        for each max_iter in turn, fits up to `repeats` times from scratch and reports the fit times with
        the coefficients (coef_ flattened row by row, intercept_[0] as "intercept" and all of intercept_ as
        "intercepts"). With K ≥ 3 classes in y every solver but liblinear fits the multinomial loss
        (multi_class="auto"), descent's; the reply's "classes" says K. A fit capped at k iterations follows the same path as an uncapped one for its
        first k iterations, so the list traces the solver's path. Stops once a fit converged before its
        cap or took longer than the budget on its own. An optional "estimator" object adds keyword
        arguments of LogisticRegression (the L1 bench: penalty, l1_ratio, intercept_scaling).
    {"mode": "path", "problemDir": ..., "solver": ..., "Cs": [...], "tol": ..., "maxIter": 1000,
     "estimator": {...}}
        fits each C in turn from scratch, as a user fitting a regularization path by hand does, and
        reports each fit's time, iterations and coefficients.
"""

import json
import os
import resource
import sys
import time
import warnings

import numpy as np


def read_array(directory, name, dtype, count):
    array = np.fromfile(os.path.join(directory, name), dtype=dtype)
    if array.size != count:
        raise ValueError(f"{name} holds {array.size} values, meta.json says {count}")
    return array


def read_split(directory, meta, split):
    stored = meta[split]
    rows, columns, non_zeros = stored["rows"], stored["columns"], stored["nonZeros"]
    y = read_array(directory, f"{split}.y.f64", "<f8", rows)
    if stored["kind"] == "dense":
        X = read_array(directory, f"{split}.X.f64", "<f8", rows * columns).reshape(rows, columns)
    else:
        from scipy.sparse import csr_matrix

        indptr = read_array(directory, f"{split}.indptr.i32", "<i4", rows + 1)
        indices = read_array(directory, f"{split}.indices.i32", "<i4", non_zeros)
        values = read_array(directory, f"{split}.values.f64", "<f8", non_zeros)
        X = csr_matrix((values, indices, indptr), shape=(rows, columns))
    return X, y


def echo(request):
    directory = request["problemDir"]
    with open(os.path.join(directory, "meta.json")) as handle:
        meta = json.load(handle)
    X, y = read_split(directory, meta, "train")
    dense = X if isinstance(X, np.ndarray) else X.toarray()
    return {
        "shape": list(X.shape),
        "sparse": not isinstance(X, np.ndarray),
        "sumX": float(dense.sum()),
        "sumY": float(y.sum()),
        "firstRow": [float(value) for value in dense[0]],
        "lastY": float(y[-1]),
    }


def thread_info():
    try:
        from threadpoolctl import threadpool_info

        return [
            {"api": pool.get("user_api"), "library": pool.get("internal_api"), "threads": pool.get("num_threads")}
            for pool in threadpool_info()
        ]
    except Exception:  # threadpoolctl is optional: the report then says nothing about threads.
        return []


def fit(request):
    import sklearn
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    warnings.simplefilter("ignore", ConvergenceWarning)
    warnings.simplefilter("ignore", UserWarning)
    directory = request["problemDir"]
    with open(os.path.join(directory, "meta.json")) as handle:
        meta = json.load(handle)
    X, y = read_split(directory, meta, "train")
    classes = int(np.unique(y).size)
    if classes > 2 and request["solver"] == "liblinear":
        raise ValueError("liblinear fits one-vs-rest, not the multinomial loss of a multiclass problem")
    fits = []
    spent = 0.0
    budget = request["budgetSeconds"]
    for max_iter in request["maxIter"]:
        seconds = []
        # Like the bench's own runs: up to `repeats` fits, but no new one once this cap's fits have
        # used the budget.
        while len(seconds) < request["repeats"] and (not seconds or sum(seconds) < budget):
            model = LogisticRegression(
                C=request["C"],
                solver=request["solver"],
                tol=request["tol"],
                max_iter=max_iter,
                **request.get("estimator", {}),
            )
            started = time.perf_counter()
            model.fit(X, y)
            seconds.append(time.perf_counter() - started)
        spent += sum(seconds)
        iterations = int(np.max(model.n_iter_))
        fits.append(
            {
                "maxIter": max_iter,
                "seconds": seconds,
                "iterations": iterations,
                "coef": [float(value) for value in model.coef_.ravel()],
                "intercept": float(model.intercept_[0]),
                "intercepts": [float(value) for value in model.intercept_],
            }
        )
        # Converged before the cap (a larger cap changes nothing), a single fit over the budget (the
        # next cap would be longer still), or ten budgets spent in all.
        if iterations < max_iter or min(seconds) > budget or spent > 10 * budget:
            break
    return {
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "threads": thread_info(),
        "classes": classes,
        "fits": fits,
        # ru_maxrss is in kilobytes on Linux.
        "maxRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def path(request):
    import sklearn
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    warnings.simplefilter("ignore", ConvergenceWarning)
    warnings.simplefilter("ignore", UserWarning)
    directory = request["problemDir"]
    with open(os.path.join(directory, "meta.json")) as handle:
        meta = json.load(handle)
    X, y = read_split(directory, meta, "train")
    points = []
    for C in request["Cs"]:
        model = LogisticRegression(
            C=C,
            solver=request["solver"],
            tol=request["tol"],
            max_iter=request["maxIter"],
            **request.get("estimator", {}),
        )
        started = time.perf_counter()
        model.fit(X, y)
        points.append(
            {
                "C": C,
                "seconds": time.perf_counter() - started,
                "iterations": int(np.max(model.n_iter_)),
                "coef": [float(value) for value in model.coef_.ravel()],
                "intercept": float(model.intercept_[0]),
            }
        )
    return {"sklearn": sklearn.__version__, "threads": thread_info(), "points": points}


def main():
    request = json.loads(sys.argv[1])
    modes = {"echo": echo, "fit": fit, "path": path}
    reply = modes[request["mode"]](request)
    sys.stdout.write(json.dumps(reply) + "\n")


if __name__ == "__main__":
    main()
