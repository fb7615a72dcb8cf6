import { DuckDBSession, type DuckDBSessionOptions } from "./duckdbSession.js";
import { type InspectedRelation, inspectRelation, type RelationColumns } from "./inspectRelation.js";
import { type Relation, relationSql } from "./relation.js";
import { checkFlags, checkL1, checkL2, type SqlLogisticObjectiveOptions } from "./sqlLogisticObjective.js";
import type { Pass } from "./sqlPasses.js";

/**
 * The passes of one DuckDB objective as prepared statements on its session. DuckDB plans each statement a
 * single time, and a pass only binds θ: the passes named up front are prepared at once, any other (the
 * multinomial Hessian's, with its K(K+1)/2 blocks of sums) on first use.
 */
export class PreparedPasses {
  private readonly statementIds = new Map<Pass, number>();

  constructor(
    private readonly session: DuckDBSession,
    preparedNow: readonly Pass[],
  ) {
    for (const pass of preparedNow) this.statementId(pass);
  }

  private statementId(pass: Pass): number {
    let id = this.statementIds.get(pass);
    if (id === undefined) {
      id = this.session.prepareSync(pass.statement);
      this.statementIds.set(pass, id);
    }
    return id;
  }

  /** Runs the pass with its gathered parameters, blocking until its sums are in pass.sums. */
  aggregateSync(pass: Pass): void {
    this.session.aggregateSync(this.statementId(pass), pass.parameters, pass.sums);
  }

  /** As aggregateSync, without blocking the caller's thread. */
  aggregate(pass: Pass): Promise<void> {
    return this.session.aggregate(this.statementId(pass), pass.parameters, pass.sums);
  }
}

/**
 * Whether a pass repeats bit for bit: only on one DuckDB thread (`config: { threads: "1" }`); on several,
 * the threads' partial sums are added in whatever order they finish.
 */
export function reproducibleOn(options: DuckDBSessionOptions): boolean {
  return String(options.config?.threads ?? "").trim() === "1";
}

/**
 * Checks the options, opens DuckDB in a worker, inspects the relation (two classes or `"many"`) and makes
 * the objective over it; closes the session if any of that fails.
 */
export async function openOnDuckDB<T>(
  options: SqlLogisticObjectiveOptions & RelationColumns & DuckDBSessionOptions,
  classCount: "two" | "many",
  make: (session: DuckDBSession, inspected: InspectedRelation, l2: number, l1: number) => T,
): Promise<T> {
  const l2 = checkL2(options.l2);
  const l1 = checkL1(options.l1);
  checkFlags(options);
  const session = await DuckDBSession.open(options);
  try {
    const from = await duckdbFromItem(session, options.relation);
    const inspected = await inspectRelation(session, options, from, classCount);
    return make(session, inspected, l2, l1);
  } catch (error) {
    session.close();
    throw error;
  }
}

/**
 * How DuckDB reads the relation. A CSV file is sniffed once (delimiter, header, column types) and read with
 * those settings spelled out: read_csv would otherwise sniff the file again on every pass, which measured
 * 30× the pass itself on a 569 × 30 file (87 ms against 3 ms).
 */
export async function duckdbFromItem(session: DuckDBSession, relation: Relation): Promise<string> {
  const from = relationSql(relation, session.dialect);
  if (!from.startsWith("read_csv(")) return from;
  const path = (relation as { file: string }).file;
  let prompt = "";
  try {
    const [row] = await session.query(`SELECT Prompt FROM sniff_csv(${session.dialect.quoteString(path)})`);
    prompt = String(row?.[0] ?? "");
  } catch {
    // Not sniffable (a glob of several files, say): read it as given, and let the inspection report
    // whatever DuckDB then says about the file.
  }
  const reader = /^FROM (read_csv\(.*\));?\s*$/s.exec(prompt);
  return reader === null ? from : reader[1]!;
}
