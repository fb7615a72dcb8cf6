import { describe, expect, it } from "vitest";
import {
  hessianSumOrder,
  type MultinomialSqlModel,
  multinomialStatements,
  relationSql,
  sparkSqlDialect,
} from "./index.js";

const species = sparkSqlDialect.quoteIdentifier("species");
const sparkModel: MultinomialSqlModel = {
  relation: relationSql({ table: "lake.flowers" }, sparkSqlDialect),
  features: ["petal length"],
  classIndex: `CASE WHEN ${species} = 'a' THEN 0 WHEN ${species} = 'b' THEN 1 ELSE 2 END`,
  classes: 3,
  weightColumn: "w",
  standardize: true,
  fitIntercept: true,
};

// Layers from the inside out: features (standardized, class index, weight); the K logits; z_max; top and
// e_k = exp(z_k − z_max); s = Σ_{k≠top} e_k; 1 + s; p_k.
const SPARK_ROWS =
  "SELECT x0, y, c, z0, z1, z2, z_max, s, one_plus_s, e0 / one_plus_s AS p0, e1 / one_plus_s AS p1, e2 / one_plus_s AS p2 FROM (" +
  "SELECT x0, y, c, z0, z1, z2, z_max, e0, e1, e2, s, 1 + s AS one_plus_s FROM (" +
  "SELECT x0, y, c, z0, z1, z2, z_max, e0, e1, e2, (((CASE WHEN top = 0 THEN 0 ELSE e0 END) + (CASE WHEN top = 1 THEN 0 ELSE e1 END)) + (CASE WHEN top = 2 THEN 0 ELSE e2 END)) AS s FROM (" +
  "SELECT x0, y, c, z0, z1, z2, z_max, CASE WHEN z0 = z_max THEN 0 WHEN z1 = z_max THEN 1 ELSE 2 END AS top, exp(z0 - z_max) AS e0, exp(z1 - z_max) AS e1, exp(z2 - z_max) AS e2 FROM (" +
  "SELECT x0, y, c, z0, z1, z2, greatest(z0, z1, z2) AS z_max FROM (" +
  "SELECT x0, y, c, x0 * CAST(:p3 AS DOUBLE) + CAST(:p4 AS DOUBLE) AS z0, x0 * CAST(:p5 AS DOUBLE) + CAST(:p6 AS DOUBLE) AS z1, x0 * CAST(:p7 AS DOUBLE) + CAST(:p8 AS DOUBLE) AS z2 FROM (" +
  "SELECT (CAST(`petal length` AS DOUBLE) - CAST(:p0 AS DOUBLE)) / CAST(:p1 AS DOUBLE) AS x0, " +
  "CASE WHEN `species` = 'a' THEN 0 WHEN `species` = 'b' THEN 1 ELSE 2 END AS y, CAST(`w` AS DOUBLE) * CAST(:p2 AS DOUBLE) AS c " +
  "FROM `lake`.`flowers`) AS features) AS logits) AS maxima) AS exponentials) AS sums) AS normalizers";

describe("the multinomial SQL, for Spark SQL (a distributed engine's dialect), as text", () => {
  const statements = multinomialStatements(sparkModel, sparkSqlDialect);
  // Input vector: θ = [W_00, W_10, W_20, b_0, b_1, b_2] at 0..5, v at 6..11, mean 12, scale 13, weight scale 14.
  it("value: the safe log-sum-exp, (z_max − z_y) + log1p(s), θ bound as DOUBLE parameters", () => {
    expect(statements.value.sql).toBe(
      "SELECT sum(loss) AS loss FROM (SELECT c * ((z_max - (CASE y WHEN 0 THEN z0 WHEN 1 THEN z1 WHEN 2 THEN z2 END)) + log1p(s)) AS loss " +
        `FROM (${SPARK_ROWS}) AS terms) AS losses`,
    );
    expect([...statements.value.bindings]).toEqual([12, 13, 14, 0, 3, 1, 4, 2, 5]);
  });

  it("value and gradient: K(n+1)+1 sums, W's row-major then the intercepts; the label's residual without cancellation", () => {
    const { sql, outputs } = statements.valueAndGradient;
    expect(outputs).toBe(3 * 2 + 1);
    expect(
      sql.startsWith(
        "SELECT sum(loss) AS loss, sum(r0 * x0) AS g0_0, sum(r1 * x0) AS g1_0, sum(r2 * x0) AS g2_0, sum(r0) AS g0, sum(r1) AS g1, sum(r2) AS g2 FROM (",
      ),
    ).toBe(true);
    expect(sql).toContain(
      "c * (CASE WHEN y = 1 THEN CASE WHEN p1 <= 0.5 THEN p1 - 1 ELSE -((p0 + p2)) END ELSE p1 END) AS r1",
    );
  });

  it("Hessian-vector product: V's logits beside θ's, q_k = c p_k (u_k − Σ p_l u_l)", () => {
    const { sql, bindings, outputs } = statements.hessianVectorProduct;
    expect(outputs).toBe(6);
    expect(sql).toContain("((p0 * u0 + p1 * u1) + p2 * u2) AS u_mean");
    expect(sql).toContain("c * p2 * (u2 - u_mean) AS q2");
    expect(sql).toContain("x0 * CAST(:p9 AS DOUBLE) + CAST(:p10 AS DOUBLE) AS u0");
    expect([...bindings]).toEqual([12, 13, 14, 0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11]);
  });

  it("Hessian: one sum per class-pair block entry, a_kk = c p_k Σ_{l≠k} p_l, a_kl = −c p_k p_l", () => {
    const hessian = statements.hessian();
    expect(hessian.sql).toContain("(p1 * (p0 + p2)) * c AS a1_1, (-p1 * p2) * c AS a1_2");
    expect(
      hessian.sql.startsWith(
        "SELECT sum(a0_0_0 * x0), sum(a0_0_0), sum(a0_0), sum(a0_1_0 * x0), sum(a0_1_0), sum(a0_1),",
      ),
    ).toBe(true);
    expect(hessian.outputs).toBe(hessianSumOrder(1, 3, true).length);
  });

  it.each([
    [4, 3, true],
    [13, 3, true],
    [5, 4, false],
  ] as const)(
    "hessianSumOrder(n=%i, K=%i, intercept %s) covers each entry of the upper block triangle once",
    (n, K, intercept) => {
      // Within a class: (n+1)(n+2)/2 entries; between classes: (n+1)² of which the n entries (b_k, W_lj)
      // repeat (W_kj, b_l).
      const d = n + (intercept ? 1 : 0);
      const pairs = (K * (K - 1)) / 2;
      const expected = K * ((d * (d + 1)) / 2) + pairs * (d * d - (intercept ? n : 0));
      const order = hessianSumOrder(n, K, intercept);
      expect(order.length).toBe(expected);
      expect(new Set(order.map(({ k, l, j, i }) => `${k},${l},${j},${i}`)).size).toBe(expected);
    },
  );
});
