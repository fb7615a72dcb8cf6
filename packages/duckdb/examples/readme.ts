import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { minimize } from "@descent/core";
import { loadBreastCancer } from "@descent/datasets";
import { duckdbObjective } from "@descent/duckdb";
import { newton } from "@descent/newton";

// A CSV file to learn from (a Parquet or JSON file, a table or a query work the same way).
const data = loadBreastCancer();
const [rows, columns] = data.shape;
const features = data.featureNames.map((_, j) => `f${j}`);
const lines = [[...features, "diagnosis"].join(",")];
for (let i = 0; i < rows; i++) {
  lines.push([...data.data.subarray(i * columns, (i + 1) * columns), data.labels[i]].join(","));
}
const file = join(mkdtempSync(join(tmpdir(), "descent-")), "breast-cancer.csv");
writeFileSync(file, lines.join("\n"));

// Each pass over the file is one SQL statement that DuckDB runs in a worker thread; the file is never
// loaded into this process. DuckDB standardizes the features and sorts the labels as scikit-learn does.
const objective = await duckdbObjective({
  relation: { file },
  label: "diagnosis",
  features,
  standardize: true,
  l2: 1e-3,
});
const result = minimize(objective, newton(), { tol: 1e-10 });
objective.close();

console.log(result.message);
console.log(objective.classes, result.loss);
