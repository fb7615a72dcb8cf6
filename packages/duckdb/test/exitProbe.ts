// Run by duckdbSession.test.ts in a process of its own: one pass, then (with "close") close(), then nothing.
// The process must end by itself either way: the worker is unref'd.
import { duckdbObjective } from "../src/index.js";

const objective = await duckdbObjective({
  relation: { query: "SELECT 1.0 AS x, 0 AS y UNION ALL SELECT 2.0, 1" },
  label: "y",
  features: ["x"],
});
console.log(objective.value(new Float64Array(2)));
if (process.argv[2] === "close") objective.close();
