import { checkBooleanOption, checkNumberOption, type Label } from "@descent/core";
import { inspectRelation, type RelationColumns } from "./inspectRelation.js";
import { type LogisticStatements, logisticStatements } from "./logisticSql.js";
import type { SqlEngine } from "./sqlEngine.js";
import { type Pass, passOf, SqlPasses } from "./sqlPasses.js";

export { type Pass, passOf } from "./sqlPasses.js";

export interface SqlLogisticObjectiveOptions extends RelationColumns {
  /** λ, the L2 strength on the coefficients (never on the intercept). Default 0. */
  readonly l2?: number;
  /**
   * λ1, the L1 strength on the coefficients (never on the intercept). Default 0. Not part of the passes (the
   * smooth part): carried as `l1`, with `penalizedCount`, for the optimizers that handle it (OWL-QN in
   * lbfgs, proximal Newton in newton), as core's objectives carry it.
   */
  readonly l1?: number;
}

/**
 * The logistic objective of core (`logisticObjective`), evaluated by a SQL engine over a relation:
 *
 *     f(w, b) = (1/m) Σ_i c_i log(1 + exp(−s_i (x_i·w + b))) + (λ/2)‖w‖²,   s_i = 2y_i − 1,
 *     ∇f = (1/m) Σ_i c_i (σ(z_i) − y_i) x̃_i + λ[w, 0],   ∇²f = (1/m) X̃ᵀ D X̃ + λ diag(1, …, 1, 0),
 *
 * with x̃ = [x, 1], z_i = x̃_i·θ, D = diag(c_i σ(z_i) σ(−z_i)), y_i = 1 for the second of the two sorted
 * classes, and c_i the sample weights normalized to mean 1 (or 1). Each method is one statement over the
 * data; the penalty and the scaling to means are added here. This base class is asynchronous, for any
 * SqlEngine; DuckDBLogisticObjective adds the synchronous Objective methods.
 */
export class SqlLogisticObjective extends SqlPasses {
  readonly dim: number;
  /** The coefficients w come first in θ: the penalties apply to θ[0 .. n). */
  readonly penalizedCount: number;
  /** The two classes, sorted as scikit-learn sorts them; the second is the positive class (y = 1). */
  readonly classes: readonly [negative: Label, positive: Label];
  /** The SQL of each pass, as the engine runs it. */
  readonly statements: LogisticStatements;
  protected readonly valuePass: Pass;
  protected readonly gradientPass: Pass;
  protected readonly productPass: Pass;
  protected readonly hessianPass: Pass;

  protected constructor(
    engine: SqlEngine,
    inspected: Awaited<ReturnType<typeof inspectRelation>>,
    l2: number,
    l1 = 0,
  ) {
    const statements = logisticStatements(inspected.model, engine.dialect);
    super(engine, statements.layout, inspected, l2, l1);
    this.dim = this.features + (this.fitIntercept ? 1 : 0);
    this.penalizedCount = this.features;
    this.classes = inspected.classes;
    this.statements = statements;
    this.valuePass = passOf(this.statements.value);
    this.gradientPass = passOf(this.statements.valueAndGradient);
    this.productPass = passOf(this.statements.hessianVectorProduct);
    this.hessianPass = passOf(this.statements.hessian);
  }

  /** Builds the objective over `engine`: one inspection (see inspectRelation), then one statement per pass. */
  static async create(
    engine: SqlEngine,
    options: SqlLogisticObjectiveOptions,
  ): Promise<SqlLogisticObjective> {
    const l2 = checkL2(options.l2);
    checkFlags(options);
    const l1 = checkL1(options.l1);
    return new SqlLogisticObjective(engine, await inspectRelation(engine, options), l2, l1);
  }

  /** (λ/2)‖w‖², the intercept excluded. */
  private penalty(theta: Float64Array): number {
    let sum = 0;
    for (let j = 0; j < this.features; j++) sum += theta[j]! * theta[j]!;
    return 0.5 * this.l2 * sum;
  }

  protected finishValue(theta: Float64Array): number {
    return this.valuePass.sums[0]! / this.examples + this.penalty(theta);
  }

  /** grad ← Σ c_i r_i x̃_i / m + λ[w, 0]; returns Σ c_i ℓ_i / m + (λ/2)‖w‖². Core's order of operations. */
  protected finishValueAndGradient(theta: Float64Array, grad: Float64Array): number {
    const { sums } = this.gradientPass;
    const scale = 1 / this.examples;
    for (let j = 0; j < this.features; j++) grad[j] = sums[1 + j]! * scale + this.l2 * theta[j]!;
    if (this.fitIntercept) grad[this.features] = sums[1 + this.features]! * scale;
    return sums[0]! / this.examples + this.penalty(theta);
  }

  protected finishHessianVectorProduct(v: Float64Array, out: Float64Array): void {
    const { sums } = this.productPass;
    const scale = 1 / this.examples;
    for (let j = 0; j < this.features; j++) out[j] = sums[j]! * scale + this.l2 * v[j]!;
    if (this.fitIntercept) out[this.features] = sums[this.features]! * scale;
  }

  /** The upper triangle's sums, scaled to the mean, mirrored, with λ on the coefficients' diagonal. */
  protected finishHessian(out: Float64Array): void {
    const { sums } = this.hessianPass;
    const { dim } = this;
    const scale = 1 / this.examples;
    let k = 0;
    for (let j = 0; j < dim; j++) {
      out[j * dim + j] = sums[k++]! * scale + (j < this.features ? this.l2 : 0);
      for (let i = j + 1; i < dim; i++) {
        const entry = sums[k++]! * scale;
        out[j * dim + i] = entry;
        out[i * dim + j] = entry;
      }
    }
  }
}

export function checkL2(l2: unknown): number {
  return checkNumberOption("l2", l2 ?? 0, { min: 0 });
}

export function checkL1(l1: unknown): number {
  return checkNumberOption("l1", l1 ?? 0, { min: 0 });
}

export function checkFlags(options: SqlLogisticObjectiveOptions): void {
  if (options.standardize !== undefined) checkBooleanOption("standardize", options.standardize);
  if (options.fitIntercept !== undefined) checkBooleanOption("fitIntercept", options.fitIntercept);
}

/**
 * The logistic objective over a relation in any SQL engine, with asynchronous passes
 * (`await objective.valueAndGradientAsync(θ, grad)`). For DuckDB, `duckdbObjective` gives the synchronous
 * Objective that core's optimizers drive.
 */
export function sqlLogisticObjective(
  engine: SqlEngine,
  options: SqlLogisticObjectiveOptions,
): Promise<SqlLogisticObjective> {
  return SqlLogisticObjective.create(engine, options);
}
