import {
  type AggregateStatement,
  dotProductSql,
  featureLayerSql,
  features,
  type InputLayout,
  inputLayoutOf,
  ParameterList,
  statement,
  weighted,
} from "./logisticSql.js";
import type { SqlDialect } from "./sqlDialect.js";

/**
 * What the multinomial statements are computed over, every name already checked against the relation: the
 * FROM item, the feature columns, the label as a class index, and an optional weight column.
 */
export interface MultinomialSqlModel {
  /** The FROM item (see relationSql). */
  readonly relation: string;
  /** The feature columns, unquoted, in the order of each class's row of W. */
  readonly features: readonly string[];
  /** An integer SQL expression over the relation's columns: the row's class index, in [0, classes). */
  readonly classIndex: string;
  /** K ≥ 2, the number of classes. */
  readonly classes: number;
  /** The sample-weight column, unquoted, or null when every row weighs 1. */
  readonly weightColumn: string | null;
  /** Whether each feature is centred and scaled by bound means and scales. */
  readonly standardize: boolean;
  readonly fitIntercept: boolean;
}

/** The four passes of the multinomial objective, as one statement each (the Hessian's built on first use). */
export interface MultinomialStatements {
  readonly layout: InputLayout;
  /** Σ c_i ℓ_i. */
  readonly value: AggregateStatement;
  /** Σ c_i ℓ_i, then Σ c_i r_ik x_ij for every (k, j) (W row-major), then Σ c_i r_ik for every k. */
  readonly valueAndGradient: AggregateStatement;
  /** Σ c_i q_ik x̃_ij in θ's layout, q_ik = p_ik (u_ik − Σ_l p_il u_il), u_i = V x̃_i. */
  readonly hessianVectorProduct: AggregateStatement;
  /** The class-pair blocks of Σ c_i (diag(p_i) − p_i p_iᵀ) ⊗ x̃_i x̃_iᵀ, k ≤ l (see hessianSumOrder). */
  hessian(): AggregateStatement;
}

/**
 * θ = [W (K × n, row-major) | b (K)], then v in θ's layout, the means, the scales and the weight scale:
 * [θ (d) | v (d) | means (n) | scales (n) | weight scale (1)], d = K (n + 1) (K n without intercepts).
 */
export function multinomialInputLayout(
  features: number,
  classes: number,
  fitIntercept: boolean,
): InputLayout {
  return inputLayoutOf(classes * (features + (fitIntercept ? 1 : 0)), features);
}

/**
 * Builds each pass of the multinomial (softmax) objective as one SELECT of sums, over layers of subqueries
 * that each add per-row columns, the same per-row arithmetic as core's multinomialObjective, in its order:
 *
 *     x_j   = CAST(feature_j AS DOUBLE)                or (… − mean_j) / scale_j when standardizing
 *     y     = the row's class index                    c = weight · (m / Σ weights), when weighted
 *     z_k   = ((x_0 W_k0 + x_1 W_k1) + …) + b_k        the K logits
 *     z_max = greatest(z_0, …);  top = the first k with z_k = z_max
 *     e_k   = exp(z_k − z_max) ≤ 1                     never overflows (e_top = 1)
 *     s     = Σ_{k ≠ top} e_k                          in class order, the 1 of the top class kept apart
 *     p_k   = e_k / (1 + s)                            softmax(z)
 *     ℓ     = (z_max − z_y) + log1p(s)                 logsumexp(z) − z_y, exact at logits of ±1000
 *     r_k   = p_k − [y = k]; for k = y: p_y − 1 if p_y ≤ ½, else −Σ_{l ≠ y} p_l (no cancellation)
 *
 * The Hessian-vector product adds u_k = V_k·x̃ beside z_k; its row terms are q_k = c p_k (u_k − Σ_l p_l u_l).
 * The Hessian's row terms are a_kl = c p_k Σ_{l' ≠ k} p_l' (k = l) or −c p_k p_l (k < l).
 */
export function multinomialStatements(
  model: MultinomialSqlModel,
  dialect: SqlDialect,
): MultinomialStatements {
  const layout = multinomialInputLayout(model.features.length, model.classes, model.fitIntercept);
  let hessian: AggregateStatement | null = null;
  return {
    layout,
    value: valueStatement(model, dialect, layout),
    valueAndGradient: valueAndGradientStatement(model, dialect, layout),
    hessianVectorProduct: hessianVectorProductStatement(model, dialect, layout),
    // K(K+1)/2 blocks of about (n+1)² sums: built only when a Newton step asks for it.
    hessian() {
      hessian ??= hessianStatement(model, dialect, layout);
      return hessian;
    },
  };
}

const classRange = (model: MultinomialSqlModel) => Array.from({ length: model.classes }, (_, k) => k);

/**
 * A linear form Σ_j x_j·u_{k,j} (+ u_{b_k}) over the parameters of class k: the dialect's fused dot product,
 * or summed left to right as core's.
 */
function classLinearForm(
  model: MultinomialSqlModel,
  dialect: SqlDialect,
  parameters: ParameterList,
  offset: number,
  k: number,
): string {
  const n = model.features.length;
  const sum = dotProductSql(
    dialect,
    features(model),
    model.features.map((_, j) => parameters.bind(offset + k * n + j)),
  );
  return model.fitIntercept ? `${sum} + ${parameters.bind(offset + model.classes * n + k)}` : sum;
}

/** Σ over `terms` left to right, as core's `sum += term` loops (the first term alone when there is one). */
function leftSum(terms: string[]): string {
  return terms.reduce((sum, term, index) => (index === 0 ? term : `(${sum} + ${term})`), "");
}

/**
 * The layers every pass shares: features, class and weight; the logits (and `directionOffset`'s, u_k);
 * z_max; top and e_k; s; p_k. The result carries x_j, y, c, z_k, z_max, s, p_k (and u_k).
 */
function softmaxLayers(
  model: MultinomialSqlModel,
  dialect: SqlDialect,
  layout: InputLayout,
  parameters: ParameterList,
  directionOffset: number | null,
): string {
  const classes = classRange(model);
  const { sql: featureLayer, carried } = featureLayerSql(
    model,
    model.classIndex,
    dialect,
    layout,
    parameters,
  );
  const z = classes.map((k) => `z${k}`);
  const u = directionOffset === null ? [] : classes.map((k) => `u${k}`);
  const e = classes.map((k) => `e${k}`);
  const logits = classes.map(
    (k) => `${classLinearForm(model, dialect, parameters, layout.theta, k)} AS z${k}`,
  );
  if (directionOffset !== null) {
    logits.push(
      ...classes.map((k) => `${classLinearForm(model, dialect, parameters, directionOffset, k)} AS u${k}`),
    );
  }
  const logitLayer = `SELECT ${[...carried, ...logits].join(", ")} FROM (${featureLayer}) AS features`;
  const maximumLayer = `SELECT ${[...carried, ...z, ...u, `greatest(${z.join(", ")}) AS z_max`].join(", ")} FROM (${logitLayer}) AS logits`;
  const top = `CASE ${classes
    .slice(0, -1)
    .map((k) => `WHEN z${k} = z_max THEN ${k}`)
    .join(" ")} ELSE ${model.classes - 1} END AS top`;
  const exponentialLayer = `SELECT ${[...carried, ...z, ...u, "z_max", top, ...classes.map((k) => `exp(z${k} - z_max) AS e${k}`)].join(", ")} FROM (${maximumLayer}) AS maxima`;
  const others = leftSum(classes.map((k) => `(CASE WHEN top = ${k} THEN 0 ELSE e${k} END)`));
  const sumLayer = `SELECT ${[...carried, ...z, ...u, "z_max", ...e, `${others} AS s`].join(", ")} FROM (${exponentialLayer}) AS exponentials`;
  const normalizerLayer = `SELECT ${[...carried, ...z, ...u, "z_max", ...e, "s", "1 + s AS one_plus_s"].join(", ")} FROM (${sumLayer}) AS sums`;
  return `SELECT ${[...carried, ...z, ...u, "z_max", "s", "one_plus_s", ...classes.map((k) => `e${k} / one_plus_s AS p${k}`)].join(", ")} FROM (${normalizerLayer}) AS normalizers`;
}

/** ℓ = (z_max − z_y) + log1p(s), weighted. */
function lossColumn(model: MultinomialSqlModel, dialect: SqlDialect): string {
  const targetLogit = `CASE y ${classRange(model)
    .map((k) => `WHEN ${k} THEN z${k}`)
    .join(" ")} END`;
  return `${weighted(model, `((z_max - (${targetLogit})) + ${dialect.log1p("s", "one_plus_s")})`)} AS loss`;
}

function valueStatement(
  model: MultinomialSqlModel,
  dialect: SqlDialect,
  layout: InputLayout,
): AggregateStatement {
  const parameters = new ParameterList(dialect);
  const rows = softmaxLayers(model, dialect, layout, parameters, null);
  const perRow = `SELECT ${lossColumn(model, dialect)} FROM (${rows}) AS terms`;
  return statement(`SELECT sum(loss) AS loss FROM (${perRow}) AS losses`, parameters, 1);
}

function valueAndGradientStatement(
  model: MultinomialSqlModel,
  dialect: SqlDialect,
  layout: InputLayout,
): AggregateStatement {
  const parameters = new ParameterList(dialect);
  const rows = softmaxLayers(model, dialect, layout, parameters, null);
  const classes = classRange(model);
  const residual = (k: number) => {
    const others = leftSum(classes.filter((l) => l !== k).map((l) => `p${l}`));
    const target = `CASE WHEN p${k} <= 0.5 THEN p${k} - 1 ELSE -(${others}) END`;
    return `${weighted(model, `(CASE WHEN y = ${k} THEN ${target} ELSE p${k} END)`)} AS r${k}`;
  };
  const perRow = `SELECT ${[...features(model), lossColumn(model, dialect), ...classes.map(residual)].join(", ")} FROM (${rows}) AS terms`;
  const sums = ["sum(loss) AS loss"];
  for (const k of classes) sums.push(...features(model).map((x, j) => `sum(r${k} * ${x}) AS g${k}_${j}`));
  if (model.fitIntercept) sums.push(...classes.map((k) => `sum(r${k}) AS g${k}`));
  return statement(`SELECT ${sums.join(", ")} FROM (${perRow}) AS residuals`, parameters, sums.length);
}

function hessianVectorProductStatement(
  model: MultinomialSqlModel,
  dialect: SqlDialect,
  layout: InputLayout,
): AggregateStatement {
  const parameters = new ParameterList(dialect);
  const rows = softmaxLayers(model, dialect, layout, parameters, layout.vector);
  const classes = classRange(model);
  const meanLayer = `SELECT ${[...features(model), ...(model.weightColumn === null ? [] : ["c"]), ...classes.flatMap((k) => [`p${k}`, `u${k}`]), `${leftSum(classes.map((k) => `p${k} * u${k}`))} AS u_mean`].join(", ")} FROM (${rows}) AS terms`;
  const perRow = `SELECT ${[...features(model), ...classes.map((k) => `${weighted(model, `p${k}`)} * (u${k} - u_mean) AS q${k}`)].join(", ")} FROM (${meanLayer}) AS means`;
  const sums: string[] = [];
  for (const k of classes) sums.push(...features(model).map((x, j) => `sum(q${k} * ${x}) AS hv${k}_${j}`));
  if (model.fitIntercept) sums.push(...classes.map((k) => `sum(q${k}) AS hv${k}`));
  return statement(`SELECT ${sums.join(", ")} FROM (${perRow}) AS products`, parameters, sums.length);
}

/**
 * The order of the Hessian statement's sums: for each class pair k ≤ l (k outer), the block of
 * Σ a_kl x̃_j x̃_i: within a class (k = l) its upper triangle over x̃ = [x, 1], row by row; between classes
 * (k < l) every (j, i) with j, i < n, then Σ a_kl x_j for each j (the entries (W_kj, b_l) and (b_k, W_lj),
 * which are equal), then Σ a_kl (b_k, b_l). Without intercepts, the x parts alone.
 */
export function hessianSumOrder(
  features: number,
  classes: number,
  fitIntercept: boolean,
): { k: number; l: number; j: number; i: number }[] {
  const order: { k: number; l: number; j: number; i: number }[] = [];
  const n = features;
  for (let k = 0; k < classes; k++) {
    for (let l = k; l < classes; l++) {
      if (k === l) {
        for (let j = 0; j < n; j++) {
          for (let i = j; i < n; i++) order.push({ k, l, j, i });
          if (fitIntercept) order.push({ k, l, j, i: n });
        }
      } else {
        for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) order.push({ k, l, j, i });
        if (fitIntercept) for (let j = 0; j < n; j++) order.push({ k, l, j, i: n });
      }
      if (fitIntercept) order.push({ k, l, j: n, i: n });
    }
  }
  return order;
}

function hessianStatement(
  model: MultinomialSqlModel,
  dialect: SqlDialect,
  layout: InputLayout,
): AggregateStatement {
  const parameters = new ParameterList(dialect);
  const rows = softmaxLayers(model, dialect, layout, parameters, null);
  const classes = classRange(model);
  const x = features(model);
  const n = x.length;
  const pairs: [number, number][] = [];
  for (const k of classes) for (let l = k; l < model.classes; l++) pairs.push([k, l]);
  // a_kl as core forms it: p_k Σ_{l' ≠ k} p_l' within a class (no cancellation near p_k = 1), −p_k p_l between.
  const curvature = ([k, l]: [number, number]) => {
    const unweighted =
      k === l
        ? `(p${k} * ${leftSum(classes.filter((c) => c !== k).map((c) => `p${c}`))})`
        : `(-p${k} * p${l})`;
    return `${model.weightColumn === null ? unweighted : `${unweighted} * c`} AS a${k}_${l}`;
  };
  const curvatureLayer = `SELECT ${[...x, ...pairs.map(curvature)].join(", ")} FROM (${rows}) AS terms`;
  // a_kl·x_j once per row, then the outer product (a_kl x_j)·x_i, as core's `scaled * x_i`.
  const scaledLayer = `SELECT ${[...x, ...pairs.map(([k, l]) => `a${k}_${l}`), ...pairs.flatMap(([k, l]) => x.map((xj, j) => `a${k}_${l} * ${xj} AS a${k}_${l}_${j}`))].join(", ")} FROM (${curvatureLayer}) AS curvatures`;
  const sums = hessianSumOrder(n, model.classes, model.fitIntercept).map(({ k, l, j, i }) =>
    j === n ? `sum(a${k}_${l})` : i === n ? `sum(a${k}_${l}_${j})` : `sum(a${k}_${l}_${j} * ${x[i]})`,
  );
  return statement(
    `SELECT ${sums.join(", ")} FROM (${scaledLayer}) AS outer_products`,
    parameters,
    sums.length,
  );
}
