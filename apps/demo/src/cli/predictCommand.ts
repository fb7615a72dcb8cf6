import { applyStandardization } from "@descent/datasets";
import Papa from "papaparse";
import { writeFileAtomically } from "./atomicWrite.js";
import { featuresFromCsv } from "./csvData.js";
import { parseCsvTable } from "./csvTable.js";
import { readSavedModel } from "./modelFile.js";
import { readUserFile, resolveUserPath } from "./userFiles.js";

/**
 * The predict action: reads a model saved with --save and a CSV of new rows, standardizes them as the
 * training rows were, and writes one line per row: its CSV line, the predicted class and the probability
 * of the positive class. With the label column present, it also reports the accuracy.
 */
export async function runPredict(
  modelPath: string,
  csvPath: string,
  options: { output?: string },
): Promise<void> {
  const loaded = await readSavedModel(modelPath);
  const text = await readUserFile(csvPath, "CSV file");
  const table = parseCsvTable(text, csvPath);
  const features = featuresFromCsv(table, loaded.featureNames);
  const X = {
    data: applyStandardization(features.data, features.shape, loaded.standardization),
    shape: features.shape,
  };
  const { model } = loaded;
  const predictions = model.predict(X);
  const probabilities = model.predictProba(X);
  const positive = model.classes[1];
  const csv = Papa.unparse(
    {
      fields: ["line", "prediction", `probability_${String(positive)}`],
      data: predictions.map((label, row) => [table.lines[row], label, probabilities[row]]),
    },
    { newline: "\n" },
  );
  if (options.output === undefined) {
    process.stdout.write(`${csv}\n`);
  } else {
    await writeFileAtomically(resolveUserPath(options.output), `${csv}\n`);
    process.stderr.write(`Wrote ${predictions.length} predictions to ${options.output}.\n`);
  }

  const labelIndex = table.header.indexOf(loaded.labelColumn);
  if (labelIndex >= 0) {
    // Labels were numbers in training when every label was a number; compare the same way here.
    const numeric = typeof model.classes[0] === "number";
    let right = 0;
    for (let row = 0; row < table.rows.length; row++) {
      const text = table.rows[row]![labelIndex]!.trim();
      if ((numeric ? Number(text) : text) === predictions[row]) right++;
    }
    process.stderr.write(
      `Accuracy against the "${loaded.labelColumn}" column: ${(right / table.rows.length).toFixed(3)} (${right} of ${table.rows.length} rows).\n`,
    );
  }
}
