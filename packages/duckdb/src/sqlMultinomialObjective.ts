import { type Label, l2Penalty } from "@descent/core";
import { type InspectedRelation, inspectRelation } from "./inspectRelation.js";
import { hessianSumOrder, type MultinomialStatements, multinomialStatements } from "./multinomialSql.js";
import type { SqlEngine } from "./sqlEngine.js";
import { checkFlags, checkL1, checkL2, type SqlLogisticObjectiveOptions } from "./sqlLogisticObjective.js";
import { type Pass, passOf, SqlPasses } from "./sqlPasses.js";

/** The options of the binary objective; the label may hold 2 to MAX_CLASSES classes. */
export type SqlMultinomialObjectiveOptions = SqlLogisticObjectiveOptions;

/**
 * The multinomial (softmax) objective of core (`multinomialObjective`), evaluated by a SQL engine over a
 * relation, with W the K × n coefficients, b the K intercepts and z_i = W x_i + b:
 *
 *     f(W, b) = (1/m) Σ_i c_i [logsumexp(z_i) − z_{i, y_i}] + (λ/2)‖W‖²_F,
 *     ∇f = (1/m) Σ_i c_i (softmax(z_i) − e_{y_i}) ⊗ x̃_i + λ[W, 0],
 *     ∇²f = (1/m) Σ_i c_i (diag(p_i) − p_i p_iᵀ) ⊗ x̃_i x̃_iᵀ + λ (I_K ⊗ diag(1, …, 1, 0)),
 *
 * θ = [W row-major, b], the classes sorted as scikit-learn sorts them, c_i the sample weights normalized to
 * mean 1. Each method is one statement over the data (see multinomialSql.ts); the penalty and the scaling to
 * means are added here. L1 (λ1‖W‖₁) is carried as `l1` for the optimizers that handle it. This base class is
 * asynchronous, for any SqlEngine; DuckDBMultinomialObjective adds the synchronous Objective methods.
 */
export class SqlMultinomialObjective extends SqlPasses {
  readonly dim: number;
  /** W comes first in θ: the penalties apply to θ[0 .. K n). */
  readonly penalizedCount: number;
  /** The K classes, sorted as scikit-learn sorts them; W's row k (and b_k) belongs to classes[k]. */
  readonly classes: readonly Label[];
  /** The SQL of each pass, as the engine runs it. */
  readonly statements: MultinomialStatements;
  protected readonly valuePass: Pass;
  protected readonly gradientPass: Pass;
  protected readonly productPass: Pass;
  private hessianPassBuilt: Pass | null = null;
  /** Where each of the Hessian pass's sums goes: its (row, column) in H, and a second (row, column) or −1. */
  private hessianTargets: Int32Array | null = null;

  protected constructor(engine: SqlEngine, inspected: InspectedRelation, l2: number, l1: number) {
    const { model } = inspected;
    const classes = inspected.labels.length;
    const statements = multinomialStatements(
      {
        relation: model.relation,
        features: model.features,
        classIndex: inspected.classIndex,
        classes,
        weightColumn: model.weightColumn,
        standardize: model.standardize,
        fitIntercept: model.fitIntercept,
      },
      engine.dialect,
    );
    super(engine, statements.layout, inspected, l2, l1);
    this.dim = classes * (this.features + (this.fitIntercept ? 1 : 0));
    this.penalizedCount = classes * this.features;
    this.classes = inspected.labels;
    this.statements = statements;
    this.valuePass = passOf(this.statements.value);
    this.gradientPass = passOf(this.statements.valueAndGradient);
    this.productPass = passOf(this.statements.hessianVectorProduct);
  }

  /** Builds the objective over `engine`: one inspection (see inspectRelation), then one statement per pass. */
  static async create(
    engine: SqlEngine,
    options: SqlMultinomialObjectiveOptions,
  ): Promise<SqlMultinomialObjective> {
    const l2 = checkL2(options.l2);
    const l1 = checkL1(options.l1);
    checkFlags(options);
    const inspected = await inspectRelation(engine, options, undefined, "many");
    return new SqlMultinomialObjective(engine, inspected, l2, l1);
  }

  /** The Hessian's pass, its statement (and where its sums go) built on first use. */
  protected get hessianPass(): Pass {
    if (this.hessianPassBuilt === null) {
      const order = hessianSumOrder(this.features, this.classes.length, this.fitIntercept);
      const targets = new Int32Array(4 * order.length).fill(-1);
      order.forEach(({ k, l, j, i }, s) => {
        targets[4 * s] = this.parameterIndex(k, j);
        targets[4 * s + 1] = this.parameterIndex(l, i);
        if (k !== l && i === this.features && j < this.features) {
          // Σ a_kl x_j is both (W_kj, b_l) and (b_k, W_lj).
          targets[4 * s + 2] = this.parameterIndex(k, this.features);
          targets[4 * s + 3] = this.parameterIndex(l, j);
        }
      });
      this.hessianTargets = targets;
      this.hessianPassBuilt = passOf(this.statements.hessian());
    }
    return this.hessianPassBuilt;
  }

  /** (λ/2)‖W‖²_F, the intercepts excluded. */
  private penalty(theta: Float64Array): number {
    return l2Penalty(theta, this.penalizedCount, this.l2);
  }

  protected finishValue(theta: Float64Array): number {
    return this.valuePass.sums[0]! / this.examples + this.penalty(theta);
  }

  /** grad ← Σ c_i r_i ⊗ x̃_i / m + λ[W, 0]; returns Σ c_i ℓ_i / m + (λ/2)‖W‖². Core's order of operations. */
  protected finishValueAndGradient(theta: Float64Array, grad: Float64Array): number {
    const { sums } = this.gradientPass;
    const scale = 1 / this.examples;
    for (let j = 0; j < this.penalizedCount; j++) grad[j] = sums[1 + j]! * scale + this.l2 * theta[j]!;
    for (let j = this.penalizedCount; j < this.dim; j++) grad[j] = sums[1 + j]! * scale;
    return sums[0]! / this.examples + this.penalty(theta);
  }

  protected finishHessianVectorProduct(v: Float64Array, out: Float64Array): void {
    const { sums } = this.productPass;
    const scale = 1 / this.examples;
    for (let j = 0; j < this.penalizedCount; j++) out[j] = sums[j]! * scale + this.l2 * v[j]!;
    for (let j = this.penalizedCount; j < this.dim; j++) out[j] = sums[j]! * scale;
  }

  /** θ's index of x̃_j's coefficient in class k: W_kj, or b_k for j = n. */
  private parameterIndex(k: number, j: number): number {
    return j === this.features ? this.penalizedCount + k : k * this.features + j;
  }

  /** The blocks' sums (see hessianSumOrder) scaled to the mean, mirrored, with λ on W's diagonal. */
  protected finishHessian(out: Float64Array): void {
    const { sums } = this.hessianPass;
    const targets = this.hessianTargets!;
    const { dim } = this;
    const scale = 1 / this.examples;
    for (let s = 0; s < sums.length; s++) {
      const entry = sums[s]! * scale;
      for (let t = 4 * s; t < 4 * s + 4 && targets[t]! >= 0; t += 2) {
        out[targets[t]! * dim + targets[t + 1]!] = entry;
        out[targets[t + 1]! * dim + targets[t]!] = entry;
      }
    }
    for (let j = 0; j < this.penalizedCount; j++) out[j * dim + j]! += this.l2;
  }
}

/**
 * The multinomial objective over a relation in any SQL engine, with asynchronous passes. For DuckDB,
 * `duckdbMultinomialObjective` gives the synchronous Objective that core's optimizers drive.
 */
export function sqlMultinomialObjective(
  engine: SqlEngine,
  options: SqlMultinomialObjectiveOptions,
): Promise<SqlMultinomialObjective> {
  return SqlMultinomialObjective.create(engine, options);
}
