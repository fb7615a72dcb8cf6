import * as breastCancer from "./breastCancer.generated.js";
import { type Dataset, datasetFrom } from "./dataset.js";
import * as digits from "./digits.generated.js";
import * as iris from "./iris.generated.js";
import * as wine from "./wine.generated.js";

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

/** Wine: 178 rows, 13 chemical measurements, three cultivars class_0 (59) / class_1 (71) / class_2 (48). */
export function loadWine(): Dataset {
  return datasetFrom(
    "wine",
    `Wine, M. Forina et al., PARVUS, 1988 (S. Aeberhard, D. Coomans, O. de Vel, 1992). ${UCI}`,
    wine.featureNames,
    wine.classNames,
    wine.values,
    wine.labelCodes,
  );
}

/**
 * Optical Recognition of Handwritten Digits, the 8 × 8 version: 1797 rows, 64 pixel intensities (integers
 * 0…16, row-major from the top left), ten classes "0" … "9" (about 180 each).
 */
export function loadDigits(): Dataset {
  return datasetFrom(
    "digits",
    `Optical Recognition of Handwritten Digits, E. Alpaydin, C. Kaynak, 1998. ${UCI}`,
    digits.featureNames,
    digits.classNames,
    digits.values,
    digits.labelCodes,
  );
}
