import { binaryTargets, filterRows, loadBreastCancer, loadIris, standardized } from "@descent/datasets";

const cancer = standardized(loadBreastCancer());
console.log(
  cancer.shape,
  cancer.classNames,
  binaryTargets(cancer, "malignant").reduce((a, b) => a + b, 0),
);

const irisTwoClasses = filterRows(loadIris(), (label) => label !== "setosa");
console.log(irisTwoClasses.shape, irisTwoClasses.classNames);
console.log(cancer.citation);
