import { DuckDBInstance } from "@duckdb/node-api";

/** Runs SQL in an in-process DuckDB (the test's own, not the command line's) and returns the rows. */
export async function duckdb(sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRows();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Runs `setup`, then `sql` with `parameters` bound as DOUBLEs, in an in-process DuckDB; returns the rows. */
export async function runBound(setup: string, sql: string, parameters: Float64Array): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run(setup);
    const statement = await connection.prepare(sql);
    for (let k = 0; k < parameters.length; k++) statement.bindDouble(k + 1, parameters[k]!);
    return (await statement.runAndReadAll()).getRows();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
