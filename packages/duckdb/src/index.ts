export {
  DuckDBMultinomialObjective,
  duckdbMultinomialObjective,
} from "./duckdbMultinomialObjective.js";
export {
  DuckDBLogisticObjective,
  type DuckDBObjectiveOptions,
  duckdbObjective,
} from "./duckdbObjective.js";
export { DuckDBSession, type DuckDBSessionOptions } from "./duckdbSession.js";
export type { InspectedRelation, RelationColumns } from "./inspectRelation.js";
export {
  type AggregateStatement,
  type InputLayout,
  type LogisticSqlModel,
  type LogisticStatements,
  logisticStatements,
} from "./logisticSql.js";
export {
  hessianSumOrder,
  type MultinomialSqlModel,
  type MultinomialStatements,
  multinomialStatements,
} from "./multinomialSql.js";
export { describeRelation, type Relation, relationSql } from "./relation.js";
export { duckdbDialect, type SqlDialect, sparkSqlDialect } from "./sqlDialect.js";
export type { SqlEngine, SqlRow } from "./sqlEngine.js";
export {
  type Pass,
  SqlLogisticObjective,
  type SqlLogisticObjectiveOptions,
  sqlLogisticObjective,
} from "./sqlLogisticObjective.js";
export {
  SqlMultinomialObjective,
  type SqlMultinomialObjectiveOptions,
  sqlMultinomialObjective,
} from "./sqlMultinomialObjective.js";
export {
  DEFAULT_SHUFFLE_BUFFER_ROWS,
  type StreamedEpochOptions,
  StreamedEpochs,
  type StreamStatistics,
  streamedRowsSql,
} from "./streamedEpochs.js";
