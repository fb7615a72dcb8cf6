import type { Objective } from "@descent/core";
import { type DuckDBObjectiveOptions, duckdbFromItem } from "./duckdbObjective.js";
import { DuckDBSession } from "./duckdbSession.js";
import { type InspectedRelation, inspectRelation } from "./inspectRelation.js";
import { checkFlags, checkL1, checkL2 } from "./sqlLogisticObjective.js";
import { SqlMultinomialObjective } from "./sqlMultinomialObjective.js";
import type { Pass } from "./sqlPasses.js";

/**
 * The multinomial objective over a DuckDB relation (see SqlMultinomialObjective for the formula),
 * synchronous as core's optimizers need, the same way as DuckDBLogisticObjective: DuckDB runs in a worker
 * thread, and each method blocks the calling thread until its one statement has run. Call `close()` when
 * done.
 */
export class DuckDBMultinomialObjective extends SqlMultinomialObjective implements Objective {
  /** The DuckDB connection the passes run on (its worker thread); `session.query` runs any statement. */
  readonly session: DuckDBSession;
  private readonly statementIds = new Map<Pass, number>();
  /** Whether a pass repeats bit for bit: only on one DuckDB thread, as DuckDBLogisticObjective.reproducible. */
  readonly reproducible: boolean;

  private constructor(
    session: DuckDBSession,
    inspected: InspectedRelation,
    l2: number,
    l1: number,
    options: DuckDBObjectiveOptions,
  ) {
    super(session, inspected, l2, l1);
    this.session = session;
    this.reproducible = String(options.config?.threads ?? "").trim() === "1";
    // Prepared once: DuckDB plans each statement a single time, and a pass only binds θ. The Hessian's, on
    // first use (it has K(K+1)/2 blocks of sums).
    for (const pass of [this.valuePass, this.gradientPass, this.productPass]) {
      this.statementIds.set(pass, session.prepareSync(pass.statement));
    }
  }

  /**
   * Opens DuckDB in a worker, inspects the relation (2 to MAX_CLASSES classes), prepares the passes. Full
   * batch only: `shuffleBufferRows` (the binary objective's streamed epochs) does not apply.
   */
  static async open(options: DuckDBObjectiveOptions): Promise<DuckDBMultinomialObjective> {
    const l2 = checkL2(options.l2);
    const l1 = checkL1(options.l1);
    checkFlags(options);
    const session = await DuckDBSession.open(options);
    try {
      const from = await duckdbFromItem(session, options.relation);
      const inspected = await inspectRelation(session, options, from, "many");
      return new DuckDBMultinomialObjective(session, inspected, l2, l1, options);
    } catch (error) {
      session.close();
      throw error;
    }
  }

  value(theta: Float64Array): number {
    this.load(theta, null);
    this.runSync(this.valuePass);
    return this.finishValue(theta);
  }

  valueAndGradient(theta: Float64Array, grad: Float64Array): number {
    this.load(theta, null);
    this.runSync(this.gradientPass);
    return this.finishValueAndGradient(theta, grad);
  }

  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    this.load(theta, v);
    this.runSync(this.productPass);
    this.finishHessianVectorProduct(v, out);
  }

  hessian(theta: Float64Array, out: Float64Array): void {
    this.load(theta, null);
    this.runSync(this.hessianPass);
    this.finishHessian(out);
  }

  /** Closes the database and stops its worker; every later pass throws INVALID_STATE. Idempotent. */
  close(): void {
    this.session.close();
  }

  /** False once closed, or once the worker has died. */
  get open(): boolean {
    return this.session.open;
  }

  private statementId(pass: Pass): number {
    let id = this.statementIds.get(pass);
    if (id === undefined) {
      id = this.session.prepareSync(pass.statement);
      this.statementIds.set(pass, id);
    }
    return id;
  }

  private runSync(pass: Pass): void {
    this.gather(pass);
    this.session.aggregateSync(this.statementId(pass), pass.parameters, pass.sums);
  }

  protected override async runAsync(pass: Pass): Promise<void> {
    this.gather(pass);
    await this.session.aggregate(this.statementId(pass), pass.parameters, pass.sums);
  }
}

/**
 * The multinomial (softmax) objective over a file, table or query in DuckDB, for a label of K ≥ 2 classes
 * (sorted as scikit-learn sorts them): θ = [W (K × n, row-major), b (K)], as core's multinomialObjective.
 *
 *     const objective = await duckdbMultinomialObjective({ relation: { file: "iris.csv" }, label: "species", features });
 *     const result = minimize(objective, newton());
 *     objective.close();
 */
export function duckdbMultinomialObjective(
  options: DuckDBObjectiveOptions,
): Promise<DuckDBMultinomialObjective> {
  return DuckDBMultinomialObjective.open(options);
}
