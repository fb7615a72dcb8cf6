import { DescentError, describeValue } from "@descent/core";
import type { SqlDialect } from "./sqlDialect.js";

/**
 * Where the rows are: a file the engine reads (CSV, Parquet or JSON, by extension; DuckDB accepts globs
 * such as "part-*.parquet"), a table (optionally qualified, "schema.table"), or any SELECT.
 */
export type Relation = { readonly file: string } | { readonly table: string } | { readonly query: string };

/** The relation as a FROM item of `dialect`, refusing a malformed one. */
export function relationSql(relation: Relation, dialect: SqlDialect): string {
  const given = relation as Partial<Record<"file" | "table" | "query", unknown>>;
  const kinds = (["file", "table", "query"] as const).filter((kind) => given[kind] !== undefined);
  const kind = kinds[0];
  if (kinds.length !== 1 || kind === undefined || typeof given[kind] !== "string" || given[kind] === "") {
    throw new DescentError(
      "INVALID_OPTION",
      `relation must be exactly one of { file }, { table } or { query }, each a non-empty string; got ${kinds.length === 1 ? describeValue(given[kinds[0]!]) : `${kinds.length} of them`}.`,
      { value: relation },
    );
  }
  const text = given[kind] as string;
  if (kind === "file") return dialect.readFile(text);
  if (kind === "table") return text.split(".").map(dialect.quoteIdentifier).join(".");
  return `(${text}) AS ${dialect.quoteIdentifier("descent_relation")}`;
}

/** The relation for messages. */
export function describeRelation(relation: Relation): string {
  if ("file" in relation) return `file ${JSON.stringify(relation.file)}`;
  if ("table" in relation) return `table ${JSON.stringify(relation.table)}`;
  return `query ${JSON.stringify(relation.query.length > 80 ? `${relation.query.slice(0, 77)}...` : relation.query)}`;
}
