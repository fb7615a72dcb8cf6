/** The Parquet format's enumerations (parquet.thrift) and the parts of a footer that the decoder reads. */

export const PhysicalType = {
  BOOLEAN: 0,
  INT32: 1,
  INT64: 2,
  INT96: 3,
  FLOAT: 4,
  DOUBLE: 5,
  BYTE_ARRAY: 6,
  FIXED_LEN_BYTE_ARRAY: 7,
} as const;

export const CompressionCodec = {
  UNCOMPRESSED: 0,
  SNAPPY: 1,
  GZIP: 2,
  LZO: 3,
  BROTLI: 4,
  LZ4: 5,
  ZSTD: 6,
  LZ4_RAW: 7,
} as const;

export const Encoding = {
  PLAIN: 0,
  PLAIN_DICTIONARY: 2,
  RLE: 3,
  BIT_PACKED: 4,
  DELTA_BINARY_PACKED: 5,
  DELTA_LENGTH_BYTE_ARRAY: 6,
  DELTA_BYTE_ARRAY: 7,
  RLE_DICTIONARY: 8,
  BYTE_STREAM_SPLIT: 9,
} as const;

export const PageType = { DATA_PAGE: 0, INDEX_PAGE: 1, DICTIONARY_PAGE: 2, DATA_PAGE_V2: 3 } as const;

/** A name for an enumeration's value, for messages: "SNAPPY", or the number itself when unknown. */
export function nameOf(enumeration: Readonly<Record<string, number>>, value: number): string {
  for (const key in enumeration) if (enumeration[key] === value) return key;
  return String(value);
}

export interface ParquetLeafColumn {
  /** The dotted path; for a flat file, the column's name as DuckDB shows it. */
  readonly name: string;
  readonly path: readonly string[];
  readonly physicalType: number;
  readonly maxDefinitionLevel: number;
  readonly maxRepetitionLevel: number;
  /** "DECIMAL", "STRING", "TIMESTAMP", "INTEGER" … from the LogicalType, else from the ConvertedType. */
  readonly logicalType: string | undefined;
  /** For logicalType "INTEGER": false for UINT_8 … UINT_64 (their INT32 / INT64 bits are read unsigned). */
  readonly integerSigned: boolean;
}

export interface ParquetColumnChunk {
  readonly physicalType: number;
  readonly codec: number;
  readonly encodings: readonly number[];
  readonly numValues: number;
  readonly totalCompressedSize: number;
  readonly totalUncompressedSize: number;
  readonly dataPageOffset: number;
  readonly dictionaryPageOffset: number | undefined;
}

export interface ParquetRowGroup {
  readonly numRows: number;
  /** One per leaf, in the order of ParquetFooter.leaves. */
  readonly columns: readonly ParquetColumnChunk[];
}

export interface ParquetFooter {
  readonly numRows: number;
  readonly leaves: readonly ParquetLeafColumn[];
  readonly rowGroups: readonly ParquetRowGroup[];
}
