/**
 * A Parquet file that this reader cannot read: malformed bytes, or a column it does not decode. The message
 * names the column, the page, the byte offset and the value involved where they are known. It extends Error
 * (not core's DescentError) because these modules import nothing: they are bundled into a worker's source.
 */
export class ParquetFormatError extends Error {
  override readonly name = "ParquetFormatError";
}
