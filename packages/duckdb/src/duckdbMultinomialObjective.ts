import type { Objective } from "@descent/core";
import type { DuckDBObjectiveOptions } from "./duckdbObjective.js";
import { openOnDuckDB, PreparedPasses, reproducibleOn } from "./duckdbPasses.js";
import type { DuckDBSession } from "./duckdbSession.js";
import type { InspectedRelation } from "./inspectRelation.js";
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
  private readonly prepared: PreparedPasses;
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
    this.reproducible = reproducibleOn(options);
    // The Hessian's pass is prepared on first use.
    this.prepared = new PreparedPasses(session, [this.valuePass, this.gradientPass, this.productPass]);
  }

  /**
   * Opens DuckDB in a worker, inspects the relation (2 to MAX_CLASSES classes), prepares the passes. Full
   * batch only: `shuffleBufferRows` (the binary objective's streamed epochs) does not apply.
   */
  static open(options: DuckDBObjectiveOptions): Promise<DuckDBMultinomialObjective> {
    return openOnDuckDB(
      options,
      "many",
      (session, inspected, l2, l1) => new DuckDBMultinomialObjective(session, inspected, l2, l1, options),
    );
  }

  value(theta: Float64Array): number {
    return this.valueSync(theta);
  }

  valueAndGradient(theta: Float64Array, grad: Float64Array): number {
    return this.valueAndGradientSync(theta, grad);
  }

  hessianVectorProduct(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    this.hessianVectorProductSync(theta, v, out);
  }

  hessian(theta: Float64Array, out: Float64Array): void {
    this.hessianSync(theta, out);
  }

  /** Closes the database and stops its worker; every later pass throws INVALID_STATE. Idempotent. */
  close(): void {
    this.session.close();
  }

  /** False once closed, or once the worker has died. */
  get open(): boolean {
    return this.session.open;
  }

  protected override aggregateSync(pass: Pass): void {
    this.prepared.aggregateSync(pass);
  }

  protected override aggregate(pass: Pass): Promise<void> {
    return this.prepared.aggregate(pass);
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
