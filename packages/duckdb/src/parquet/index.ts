/** A Parquet footer reader and flat column chunk decoder into float64, importing nothing (bundled into workers). */
export {
  columnChunkRefusal,
  columnChunkStart,
  decodeColumnChunk,
  decodeScratchBytes,
} from "./columnChunk.js";
export { readParquetFooter } from "./footer.js";
export {
  CompressionCodec,
  Encoding,
  PageType,
  type ParquetColumnChunk,
  type ParquetFooter,
  type ParquetLeafColumn,
  type ParquetRowGroup,
  PhysicalType,
} from "./format.js";
export { ParquetFormatError } from "./parquetFormatError.js";
export { type PlainPage, plainDoublePages } from "./plainPages.js";
