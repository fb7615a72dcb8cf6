"""Writes scikit-learn's bundled copies of Wine and Optical Recognition of Handwritten Digits (the 8 × 8
version) to data/wine.csv and data/digits.csv, the same way iris.csv and breast-cancer.csv were made.

Run once with /usr/bin/python3 (Debian's python3-sklearn): python3 scripts/export-sklearn-data.py
Both data sets are from the UCI Machine Learning Repository (CC BY 4.0); see data/README.md.
"""

import csv
import os

from sklearn.datasets import load_digits, load_wine

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")


def number(value):
    # Shortest text that reads back to the same double; integers without ".0".
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def write(name, feature_names, rows, labels, label_column):
    with open(os.path.join(DATA, name), "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([*feature_names, label_column])
        for row, label in zip(rows, labels):
            writer.writerow([*(number(value) for value in row), label])


wine = load_wine()
write(
    "wine.csv",
    wine.feature_names,
    wine.data,
    [wine.target_names[code] for code in wine.target],
    "cultivar",
)

digits = load_digits()
write(
    "digits.csv",
    [f"pixel_{row}_{column}" for row in range(8) for column in range(8)],
    digits.data,
    [str(code) for code in digits.target],
    "digit",
)
