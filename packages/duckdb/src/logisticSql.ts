import type { SqlDialect } from "./sqlDialect.js";

/**
 * What the statements are computed over, with every name already checked against the relation: the FROM
 * item, the feature columns, the label as a Boolean expression (true for the positive class) and an
 * optional weight column.
 */
export interface LogisticSqlModel {
  /** The FROM item (see relationSql). */
  readonly relation: string;
  /** The feature columns, unquoted, in θ's order. */
  readonly features: readonly string[];
  /** A Boolean SQL expression over the relation's columns: true where the row is of the positive class. */
  readonly positiveClass: string;
  /** The sample-weight column, unquoted, or null when every row weighs 1. */
  readonly weightColumn: string | null;
  /** Whether each feature is centred and scaled by bound means and scales. */
  readonly standardize: boolean;
  readonly fitIntercept: boolean;
}

/**
 * Where each bound value comes from: a statement's parameters are gathered, per pass, from one input vector
 * laid out as [θ (d) | v (d) | means (n) | scales (n) | weight scale (1)].
 */
export interface InputLayout {
  readonly theta: number;
  readonly vector: number;
  readonly means: number;
  readonly scales: number;
  readonly weightScale: number;
  /** The input vector's length. */
  readonly length: number;
}

/** One statement that returns one row of `outputs` DOUBLE sums. */
export interface AggregateStatement {
  readonly sql: string;
  /** bindings[k] is the index in the input vector of the k-th parameter (dialect.parameter(k)). */
  readonly bindings: Int32Array;
  readonly outputs: number;
}

/** The four passes of the logistic objective, as one statement each. */
export interface LogisticStatements {
  readonly layout: InputLayout;
  /** Σ c_i ℓ_i. */
  readonly value: AggregateStatement;
  /** Σ c_i ℓ_i, then Σ c_i r_i x̃_ij for every j (the intercept's Σ c_i r_i last). */
  readonly valueAndGradient: AggregateStatement;
  /** Σ c_i h_i (x̃_i·v) x̃_ij for every j. */
  readonly hessianVectorProduct: AggregateStatement;
  /** Σ c_i h_i x̃_ij x̃_ik for j ≤ k: the upper triangle of X̃ᵀDX̃, row by row. */
  readonly hessian: AggregateStatement;
}

export function inputLayout(features: number, fitIntercept: boolean): InputLayout {
  return inputLayoutOf(features + (fitIntercept ? 1 : 0), features);
}

/** [θ (dim) | v (dim) | means (n) | scales (n) | weight scale (1)]: every SQL objective's input vector. */
export function inputLayoutOf(dim: number, features: number): InputLayout {
  return {
    theta: 0,
    vector: dim,
    means: 2 * dim,
    scales: 2 * dim + features,
    weightScale: 2 * dim + 2 * features,
    length: 2 * dim + 2 * features + 1,
  };
}

/** Hands out parameter placeholders in order of first use, each bound to one entry of the input vector. */
export class ParameterList {
  private readonly indexOfInput = new Map<number, number>();
  private readonly inputs: number[] = [];

  constructor(private readonly dialect: SqlDialect) {}

  /** The placeholder of input `input`, typed DOUBLE (an untyped literal could be read as DECIMAL). */
  bind(input: number): string {
    let index = this.indexOfInput.get(input);
    if (index === undefined) {
      index = this.inputs.length;
      this.inputs.push(input);
      this.indexOfInput.set(input, index);
    }
    return `CAST(${this.dialect.parameter(index)} AS ${this.dialect.doubleType})`;
  }

  bindings(): Int32Array {
    return Int32Array.from(this.inputs);
  }
}

/**
 * Builds each pass of the binary logistic objective as one SELECT of sums, over layers of subqueries that
 * each add per-row columns (named after the objective's symbols):
 *
 *     x_j = CAST(feature_j AS DOUBLE)                   or (… − mean_j) / scale_j when standardizing
 *     y   = the row is of the positive class            c = weight · (m / Σ weights), when weighted
 *     z   = ((x_0 θ_0 + x_1 θ_1) + …) + b               the logit, in core's order (a fused dot product
 *                                                       where the dialect has one)
 *     t   = −z if y else z                              so that ℓ = softplus(t)
 *     e   = exp(−|z|) ≤ 1                               never overflows
 *     ℓ   = t + log1p(e) if t > 0 else log1p(e)         softplus(t), two branches, as core's softplus
 *     r   = ∓σ(t) = σ(z) − y, σ(t) = 1/(1+e) if t ≥ 0 else e/(1+e)   as core's logisticResidual
 *     h   = (1/(1+e)) · (e/(1+e)) = σ(z)σ(−z)           as core's logisticCurvature
 *
 * Every product and sum per row is the one core's TypeScript reference forms, in the same order, so a row's
 * terms agree with it to the last bit wherever exp and ln round alike; only the engine's order of summing
 * rows differs.
 *
 * The multinomial (softmax) loss has its own builder, multinomialSql.ts, over the same parameter binding;
 * an L1 penalty changes nothing here (it is added after the sums, like L2).
 */
export function logisticStatements(model: LogisticSqlModel, dialect: SqlDialect): LogisticStatements {
  const layout = inputLayout(model.features.length, model.fitIntercept);
  return {
    layout,
    value: valueStatement(model, dialect, layout),
    valueAndGradient: valueAndGradientStatement(model, dialect, layout),
    hessianVectorProduct: hessianVectorProductStatement(model, dialect, layout),
    hessian: hessianStatement(model, dialect, layout),
  };
}

const featureAlias = (j: number) => `x${j}`;

/** The feature columns' aliases in the layers, x0 … x(n−1). */
export function features(model: { readonly features: readonly string[] }): string[] {
  return model.features.map((_, j) => featureAlias(j));
}

/**
 * Σ_j terms[j]·coefficients[j]: the dialect's fused dot product where it has one, else written out left to
 * right as core's dotRow. Shared by the binary and the multinomial statements.
 */
export function dotProductSql(
  dialect: SqlDialect,
  terms: readonly string[],
  coefficients: readonly string[],
): string {
  const fused = dialect.dotProduct?.(terms, coefficients) ?? null;
  if (fused !== null) return fused;
  return terms.reduce(
    (sum, x, j) => (j === 0 ? `${x} * ${coefficients[j]}` : `(${sum} + ${x} * ${coefficients[j]})`),
    "",
  );
}

/** A linear form Σ_j x_j·u_j (+ u_n), then the intercept. */
function linearForm(
  model: LogisticSqlModel,
  dialect: SqlDialect,
  parameters: ParameterList,
  offset: number,
): string {
  const terms = features(model);
  const sum = dotProductSql(
    dialect,
    terms,
    terms.map((_, j) => parameters.bind(offset + j)),
  );
  return model.fitIntercept ? `${sum} + ${parameters.bind(offset + model.features.length)}` : sum;
}

/**
 * The innermost layers, shared by every pass: features, class and weight, then z, t, e and 1 + e.
 * `extra` names columns of the logit layer to carry up (the Hessian-vector product's x̃·v).
 */
function logitLayers(
  model: LogisticSqlModel,
  dialect: SqlDialect,
  layout: InputLayout,
  parameters: ParameterList,
  extra: string[] = [],
): string {
  const { sql: featureLayer, carried } = featureLayerSql(
    model,
    model.positiveClass,
    dialect,
    layout,
    parameters,
  );
  const logitLayer = `SELECT ${[...carried, `${linearForm(model, dialect, parameters, layout.theta)} AS z`, ...extra].join(", ")} FROM (${featureLayer}) AS features`;
  const signLayer = `SELECT ${[...carried, ...extra.map(aliasOf), "z", "CASE WHEN y THEN -z ELSE z END AS t", "exp(-abs(z)) AS e"].join(", ")} FROM (${logitLayer}) AS logits`;
  return `SELECT ${[...carried, ...extra.map(aliasOf), "z", "t", "e", "1 + e AS one_plus_e"].join(", ")} FROM (${signLayer}) AS exponentials`;
}

function aliasOf(column: string): string {
  return column.slice(column.lastIndexOf(" AS ") + 4);
}

/** What the innermost layer reads: the binary and the multinomial models alike. */
interface FeatureLayerModel {
  readonly relation: string;
  readonly features: readonly string[];
  readonly weightColumn: string | null;
  readonly standardize: boolean;
}

/**
 * The innermost layer of every pass, binary or multinomial: the features as DOUBLE x_j (standardized by
 * the bound means and scales when asked), the label as y (`label`, an expression over the relation) and the
 * weight c = weight · (m / Σ weights) when weighted; with the columns the next layers carry up.
 */
export function featureLayerSql(
  model: FeatureLayerModel,
  label: string,
  dialect: SqlDialect,
  layout: InputLayout,
  parameters: ParameterList,
): { readonly sql: string; readonly carried: string[] } {
  const q = dialect.quoteIdentifier;
  const columns = model.features.map((name, j) => {
    const value = `CAST(${q(name)} AS ${dialect.doubleType})`;
    const standardized = model.standardize
      ? `(${value} - ${parameters.bind(layout.means + j)}) / ${parameters.bind(layout.scales + j)}`
      : value;
    return `${standardized} AS ${featureAlias(j)}`;
  });
  columns.push(`${label} AS y`);
  if (model.weightColumn !== null) {
    columns.push(
      `CAST(${q(model.weightColumn)} AS ${dialect.doubleType}) * ${parameters.bind(layout.weightScale)} AS c`,
    );
  }
  return {
    sql: `SELECT ${columns.join(", ")} FROM ${model.relation}`,
    carried: [...features(model), "y", ...(model.weightColumn === null ? [] : ["c"])],
  };
}

/** c·expression, or the expression itself when every row weighs 1 (1·a is a, so nothing is lost). */
export function weighted(model: { readonly weightColumn: string | null }, expression: string): string {
  return model.weightColumn === null ? expression : `c * ${expression}`;
}

function lossColumn(dialect: SqlDialect): string {
  const log1p = dialect.log1p("e", "one_plus_e");
  return `CASE WHEN t > 0 THEN t + ${log1p} ELSE ${log1p} END`;
}

function curvatureColumn(model: LogisticSqlModel): string {
  return weighted(model, "((1 / one_plus_e) * (e / one_plus_e))");
}

/** The statement `sql` with the parameters it bound, returning one row of `outputs` sums. */
export function statement(sql: string, parameters: ParameterList, outputs: number): AggregateStatement {
  return { sql, bindings: parameters.bindings(), outputs };
}

function valueStatement(
  model: LogisticSqlModel,
  dialect: SqlDialect,
  layout: InputLayout,
): AggregateStatement {
  const parameters = new ParameterList(dialect);
  const rows = logitLayers(model, dialect, layout, parameters);
  const perRow = `SELECT ${weighted(model, `(${lossColumn(dialect)})`)} AS loss FROM (${rows}) AS terms`;
  return statement(`SELECT sum(loss) AS loss FROM (${perRow}) AS losses`, parameters, 1);
}

function valueAndGradientStatement(
  model: LogisticSqlModel,
  dialect: SqlDialect,
  layout: InputLayout,
): AggregateStatement {
  const parameters = new ParameterList(dialect);
  const rows = logitLayers(model, dialect, layout, parameters);
  const sigmoid = "(CASE WHEN t >= 0 THEN 1 / one_plus_e ELSE e / one_plus_e END)";
  const perRow = `SELECT ${[
    ...features(model),
    `${weighted(model, `(${lossColumn(dialect)})`)} AS loss`,
    `${weighted(model, `(CASE WHEN y THEN -${sigmoid} ELSE ${sigmoid} END)`)} AS r`,
  ].join(", ")} FROM (${rows}) AS terms`;
  const sums = ["sum(loss) AS loss", ...features(model).map((x, j) => `sum(r * ${x}) AS g${j}`)];
  if (model.fitIntercept) sums.push(`sum(r) AS g${model.features.length}`);
  return statement(`SELECT ${sums.join(", ")} FROM (${perRow}) AS residuals`, parameters, sums.length);
}

function hessianVectorProductStatement(
  model: LogisticSqlModel,
  dialect: SqlDialect,
  layout: InputLayout,
): AggregateStatement {
  const parameters = new ParameterList(dialect);
  const rows = logitLayers(model, dialect, layout, parameters, [
    `${linearForm(model, dialect, parameters, layout.vector)} AS xv`,
  ]);
  const perRow = `SELECT ${[...features(model), `${curvatureColumn(model)} * xv AS p`].join(", ")} FROM (${rows}) AS terms`;
  const sums = features(model).map((x, j) => `sum(p * ${x}) AS hv${j}`);
  if (model.fitIntercept) sums.push(`sum(p) AS hv${model.features.length}`);
  return statement(`SELECT ${sums.join(", ")} FROM (${perRow}) AS products`, parameters, sums.length);
}

function hessianStatement(
  model: LogisticSqlModel,
  dialect: SqlDialect,
  layout: InputLayout,
): AggregateStatement {
  const parameters = new ParameterList(dialect);
  const rows = logitLayers(model, dialect, layout, parameters);
  const x = features(model);
  // hx_j = h·x_j once per row, then the outer product hx_j·x_k, as core's addScaledOuterProduct.
  const perRow = `SELECT ${[...x, "h", ...x.map((xj, j) => `h * ${xj} AS hx${j}`)].join(", ")} FROM (SELECT ${[...x, `${curvatureColumn(model)} AS h`].join(", ")} FROM (${rows}) AS terms) AS curvatures`;
  const sums: string[] = [];
  for (let j = 0; j < x.length; j++) {
    for (let k = j; k < x.length; k++) sums.push(`sum(hx${j} * ${x[k]})`);
    if (model.fitIntercept) sums.push(`sum(hx${j})`);
  }
  if (model.fitIntercept) sums.push("sum(h)");
  return statement(`SELECT ${sums.join(", ")} FROM (${perRow}) AS outer_products`, parameters, sums.length);
}
