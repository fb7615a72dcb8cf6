import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inProcessDuckDB } from "../test/files.js";
import {
  duckdbDialect,
  type LogisticSqlModel,
  logisticStatements,
  relationSql,
  type SqlEngine,
  sparkSqlDialect,
} from "./index.js";

const sparkModel: LogisticSqlModel = {
  relation: relationSql({ table: "lake.events" }, sparkSqlDialect),
  features: ["age", "dwell time"],
  positiveClass: `(${sparkSqlDialect.quoteIdentifier("clicked")} = ${sparkSqlDialect.quoteString("yes")})`,
  weightColumn: "w",
  standardize: true,
  fitIntercept: true,
};

// Layers from the inside out: features (standardized, class, weight), logit, sign and exponential, 1 + e.
const SPARK_ROWS =
  "SELECT x0, x1, y, c, z, t, e, 1 + e AS one_plus_e FROM (" +
  "SELECT x0, x1, y, c, z, CASE WHEN y THEN -z ELSE z END AS t, exp(-abs(z)) AS e FROM (" +
  "SELECT x0, x1, y, c, (x0 * CAST(:p5 AS DOUBLE) + x1 * CAST(:p6 AS DOUBLE)) + CAST(:p7 AS DOUBLE) AS z FROM (" +
  "SELECT (CAST(`age` AS DOUBLE) - CAST(:p0 AS DOUBLE)) / CAST(:p1 AS DOUBLE) AS x0, " +
  "(CAST(`dwell time` AS DOUBLE) - CAST(:p2 AS DOUBLE)) / CAST(:p3 AS DOUBLE) AS x1, " +
  "(`clicked` = 'yes') AS y, CAST(`w` AS DOUBLE) * CAST(:p4 AS DOUBLE) AS c " +
  "FROM `lake`.`events`) AS features) AS logits) AS exponentials";

describe("the SQL builder, for Spark SQL (a distributed engine's dialect), as text", () => {
  const statements = logisticStatements(sparkModel, sparkSqlDialect);
  // Input vector: θ at 0..2, v at 3..5, means at 6..7, scales at 8..9, the weight scale at 10.
  it("value and gradient: n + 2 sums in one SELECT, θ bound as named DOUBLE parameters", () => {
    const sigmoid = "(CASE WHEN t >= 0 THEN 1 / one_plus_e ELSE e / one_plus_e END)";
    expect(statements.valueAndGradient.sql).toBe(
      "SELECT sum(loss) AS loss, sum(r * x0) AS g0, sum(r * x1) AS g1, sum(r) AS g2 FROM (" +
        "SELECT x0, x1, c * (CASE WHEN t > 0 THEN t + log1p(e) ELSE log1p(e) END) AS loss, " +
        `c * (CASE WHEN y THEN -${sigmoid} ELSE ${sigmoid} END) AS r FROM (${SPARK_ROWS}) AS terms) AS residuals`,
    );
    expect([...statements.valueAndGradient.bindings]).toEqual([6, 8, 7, 9, 10, 0, 1, 2]);
    expect(statements.valueAndGradient.outputs).toBe(4);
  });

  it("Hessian: the (n+1)(n+2)/2 sums of the upper triangle, row by row", () => {
    expect(statements.hessian.sql).toBe(
      "SELECT sum(hx0 * x0), sum(hx0 * x1), sum(hx0), sum(hx1 * x1), sum(hx1), sum(h) FROM (" +
        "SELECT x0, x1, h, h * x0 AS hx0, h * x1 AS hx1 FROM (" +
        `SELECT x0, x1, c * ((1 / one_plus_e) * (e / one_plus_e)) AS h FROM (${SPARK_ROWS}) AS terms) AS curvatures) AS outer_products`,
    );
    expect(statements.hessian.outputs).toBe(6);
  });

  it("Hessian-vector product: v bound beside θ, x̃·v carried up from the logit layer", () => {
    const { sql, bindings } = statements.hessianVectorProduct;
    expect(sql).toContain(
      "(x0 * CAST(:p8 AS DOUBLE) + x1 * CAST(:p9 AS DOUBLE)) + CAST(:p10 AS DOUBLE) AS z, (x0 * CAST(:p0 AS DOUBLE) + x1 * CAST(:p1 AS DOUBLE)) + CAST(:p2 AS DOUBLE) AS xv",
    );
    expect(
      sql.startsWith(
        "SELECT sum(p * x0) AS hv0, sum(p * x1) AS hv1, sum(p) AS hv2 FROM (SELECT x0, x1, c * ((1 / one_plus_e) * (e / one_plus_e)) * xv AS p FROM (",
      ),
    ).toBe(true);
    expect([...bindings]).toEqual([3, 4, 5, 6, 8, 7, 9, 10, 0, 1, 2]);
  });

  it("quotes names and strings the Spark way, and reads files by format", () => {
    expect(sparkSqlDialect.quoteIdentifier("odd`name")).toBe("`odd``name`");
    expect(sparkSqlDialect.quoteString("it's a \\ path")).toBe("'it\\'s a \\\\ path'");
    expect(relationSql({ file: "s3://bucket/train/part-0.parquet" }, sparkSqlDialect)).toBe(
      "parquet.`s3://bucket/train/part-0.parquet`",
    );
    expect(relationSql({ query: "SELECT * FROM t" }, sparkSqlDialect)).toBe(
      "(SELECT * FROM t) AS `descent_relation`",
    );
  });

  it("without weights, standardization or intercept: no c, no constants, no b", () => {
    const bare = logisticStatements(
      { ...sparkModel, weightColumn: null, standardize: false, fitIntercept: false },
      sparkSqlDialect,
    );
    expect(bare.value.sql).toBe(
      "SELECT sum(loss) AS loss FROM (SELECT (CASE WHEN t > 0 THEN t + log1p(e) ELSE log1p(e) END) AS loss FROM (" +
        "SELECT x0, x1, y, z, t, e, 1 + e AS one_plus_e FROM (" +
        "SELECT x0, x1, y, z, CASE WHEN y THEN -z ELSE z END AS t, exp(-abs(z)) AS e FROM (" +
        "SELECT x0, x1, y, (x0 * CAST(:p0 AS DOUBLE) + x1 * CAST(:p1 AS DOUBLE)) AS z FROM (" +
        "SELECT CAST(`age` AS DOUBLE) AS x0, CAST(`dwell time` AS DOUBLE) AS x1, (`clicked` = 'yes') AS y FROM `lake`.`events`" +
        ") AS features) AS logits) AS exponentials) AS terms) AS losses",
    );
    expect([...bare.value.bindings]).toEqual([0, 1]);
  });
});

describe("DuckDB's dialect", () => {
  let engine: SqlEngine & { close(): void };
  beforeAll(async () => {
    engine = await inProcessDuckDB();
  });
  afterAll(() => engine.close());

  it("numbers its parameters $1, $2, … and quotes with double quotes", () => {
    expect(duckdbDialect.parameter(0)).toBe("$1");
    expect(duckdbDialect.quoteIdentifier('a "b"')).toBe('"a ""b"""');
    expect(relationSql({ file: "/data/x.parquet" }, duckdbDialect)).toBe("read_parquet('/data/x.parquet')");
    expect(relationSql({ table: "main.train" }, duckdbDialect)).toBe('"main"."train"');
  });

  it("writes the logit as one list_dot_product, which adds the products in core's order", async () => {
    const statements = logisticStatements(
      {
        relation: "t",
        features: ["a", "b"],
        positiveClass: '"y"',
        weightColumn: null,
        standardize: false,
        fitIntercept: true,
      },
      duckdbDialect,
    );
    expect(statements.valueAndGradient.sql).toContain(
      "list_dot_product([x0, x1], [CAST($1 AS DOUBLE), CAST($2 AS DOUBLE)]) + CAST($3 AS DOUBLE) AS z",
    );
    // 50 products over 17 orders of magnitude: any other order of addition (pairwise, by SIMD lanes)
    // would round differently somewhere.
    const terms = Array.from({ length: 50 }, (_, k) => Math.sin(k) * 10 ** (k % 17));
    const coefficients = terms.map((_, k) => 1 + k * 1e-3);
    const literal = (value: number) => `CAST('${value}' AS DOUBLE)`;
    const [row] = await engine.query(
      `SELECT ${duckdbDialect.dotProduct!(terms.map(literal), coefficients.map(literal))}`,
    );
    let inOrder = terms[0]! * coefficients[0]!;
    for (let k = 1; k < terms.length; k++) inOrder += terms[k]! * coefficients[k]!;
    expect(row![0]).toBe(inOrder);
  });

  it("log1p without a log1p function: within 1 ulp of Math.log1p from 1e-300 to 1", async () => {
    // Goldberg's identity; the naive ln(1 + u) would be 0 below 1.1e-16 and off by up to 50 % near 1e-16.
    const us = Array.from({ length: 61 }, (_, k) => 10 ** (-k * 5)).concat([0.5, 1, 3e-8, 1.1e-16, 2.3e-16]);
    const select = us.map((u, k) => {
      const literal = `CAST('${u}' AS DOUBLE)`;
      return `${duckdbDialect.log1p(literal, `(1 + ${literal})`)} AS l${k}`;
    });
    const [row] = await engine.query(`SELECT ${select.join(", ")}`);
    us.forEach((u, k) => {
      const expected = Math.log1p(u);
      expect(Math.abs((row![k] as number) - expected)).toBeLessThanOrEqual(Number.EPSILON * expected);
    });
  });
});
