/**
 * Streamed minibatch epochs (see epochBench.mjs, which bundles this file and runs each mode in its own node):
 *
 *   generate <file> <rows> <columns>      the synthetic problem of bench.ts, as Parquet
 *   duckdb-epochs <file> <columns> <shuffleBufferRows>   sgd epochs over the file: time per epoch, rows read, peak RSS
 *   memory-epochs <file> <columns>        the same epochs in memory (the file loaded once), fully shuffled
 *
 * Each epoch is minimize's: the minibatches (one streaming read through DuckDB, or the loaded rows), then
 * the full pass at the epoch's end (a SQL aggregate, or core's in-memory pass).
 */
import { logisticObjective, minimize } from "@descent/core";
import { sgd } from "@descent/sgd";
import { DuckDBInstance } from "@duckdb/node-api";
import { duckdbObjective } from "../src/index.js";

const L2 = 1e-4;
const EPOCHS = 4;
const BATCH = 256;
const columnsOf = (n: number) => Array.from({ length: n }, (_, j) => `x${j}`);

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `median ${median.toFixed(0)} ms (min ${sorted[0]!.toFixed(0)} – max ${sorted.at(-1)!.toFixed(0)}, ${times.length} epochs)`;
}

/** Times each epoch of an sgd run (the first, which warms the page cache and the JIT, is not counted). */
function epochs(objective: Parameters<typeof minimize>[0], rows: number): { times: number[]; loss: number } {
  const times: number[] = [];
  let last = performance.now();
  const result = minimize(objective, sgd({ learningRate: 0.1 }), {
    batchSize: BATCH,
    seed: 1,
    tol: 0,
    maxIter: EPOCHS * Math.ceil(rows / BATCH),
    onProgress: ({ gradientNorm }) => {
      if (Number.isNaN(gradientNorm)) return; // inside an epoch
      const now = performance.now();
      times.push(now - last);
      last = now;
    },
  });
  return { times: times.slice(1), loss: result.loss };
}

const peakRss = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`;

async function duckdbEpochs(file: string, columns: number, bufferRows: number): Promise<void> {
  const objective = await duckdbObjective({
    relation: { file },
    label: "y",
    features: columnsOf(columns),
    l2: L2,
    shuffleBufferRows: bufferRows,
  });
  const { times, loss } = epochs(objective, objective.examples);
  const theta = new Float64Array(objective.dim);
  const started = performance.now();
  objective.valueAndGradient(theta, new Float64Array(objective.dim));
  const pass = performance.now() - started;
  const { streams, rowsRead, largestFill } = objective.streamStatistics;
  console.log(
    `duckdb streamed epoch (buffer ${bufferRows} rows): ${summary(times)}, of which the epoch-end SQL pass ~${pass.toFixed(0)} ms; ${streams} streams, ${rowsRead} rows read, largest fill ${largestFill}; loss ${loss}; peak RSS ${peakRss()}`,
  );
  objective.close();
}

async function memoryEpochs(file: string, columns: number): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(`SELECT ${columnsOf(columns).join(", ")}, y FROM '${file}'`);
  const rows = reader.getRows();
  const data = new Float64Array(rows.length * columns);
  const y = new Float64Array(rows.length);
  rows.forEach((row, i) => {
    for (let j = 0; j < columns; j++) data[i * columns + j] = Number(row[j]);
    y[i] = Number(row[columns]);
  });
  connection.closeSync();
  instance.closeSync();
  const objective = logisticObjective({ X: { data, shape: [y.length, columns] }, y, l2: L2 });
  const { times, loss } = epochs(objective, y.length);
  console.log(`in-memory epoch (full shuffle): ${summary(times)}; loss ${loss}; peak RSS ${peakRss()}`);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "duckdb-epochs") await duckdbEpochs(args[0]!, Number(args[1]), Number(args[2]));
else if (mode === "memory-epochs") await memoryEpochs(args[0]!, Number(args[1]));
else throw new Error(`unknown mode ${mode}`);
