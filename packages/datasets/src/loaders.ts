import * as breastCancer from "./breastCancer.generated.js";
import { type Dataset, datasetFrom } from "./dataset.js";
import * as iris from "./iris.generated.js";

const UCI = "UCI Machine Learning Repository (CC BY 4.0), via scikit-learn's bundled copy (BSD-3-Clause).";

/** Breast Cancer Wisconsin (Diagnostic): 569 rows, 30 features, malignant (212) / benign (357). */
export function loadBreastCancer(): Dataset {
  return datasetFrom(
    "breast-cancer",
    `Breast Cancer Wisconsin (Diagnostic), W. Wolberg, W. Street, O. Mangasarian, 1995. ${UCI}`,
    breastCancer.featureNames,
    breastCancer.classNames,
    breastCancer.values,
    breastCancer.labelCodes,
  );
}

/** Fisher's Iris: 150 rows, 4 features, setosa / versicolor / virginica (50 each). */
export function loadIris(): Dataset {
  return datasetFrom(
    "iris",
    `Fisher's Iris, R. A. Fisher, 1936. ${UCI}`,
    iris.featureNames,
    iris.classNames,
    iris.values,
    iris.labelCodes,
  );
}
