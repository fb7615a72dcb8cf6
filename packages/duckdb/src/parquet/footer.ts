import type { ParquetColumnChunk, ParquetFooter, ParquetLeafColumn, ParquetRowGroup } from "./format.js";
import { ParquetFormatError } from "./parquetFormatError.js";
import { ThriftReader, ThriftType } from "./thrift.js";

/**
 * Reads a Parquet file's footer: "PAR1" … FileMetaData, its 4-byte length, "PAR1". Only what the decoder
 * needs is kept (the schema's leaves, each row group's column chunks); every other field is skipped.
 */

const MAGIC = 0x31524150; // "PAR1", little-endian
const ENCRYPTED_MAGIC = 0x45524150; // "PARE": an encrypted footer

/** A SchemaElement as written: groups have numChildren, leaves a physical type. */
interface SchemaElement {
  name: string;
  physicalType: number | undefined;
  repetition: number; // 0 REQUIRED, 1 OPTIONAL, 2 REPEATED
  numChildren: number;
  convertedType: number | undefined;
  logicalType: string | undefined;
  integerSigned: boolean;
}

const REPEATED = 2;
const OPTIONAL = 1;

// parquet.thrift's LogicalType union, by field id.
const LOGICAL_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: "STRING",
  2: "MAP",
  3: "LIST",
  4: "ENUM",
  5: "DECIMAL",
  6: "DATE",
  7: "TIME",
  8: "TIMESTAMP",
  10: "INTEGER",
  11: "UNKNOWN",
  12: "JSON",
  13: "BSON",
  14: "UUID",
  15: "FLOAT16",
  16: "VARIANT",
  17: "GEOMETRY",
  18: "GEOGRAPHY",
};

// parquet.thrift's ConvertedType, by value, as the LogicalType that replaced it.
const CONVERTED_TYPE_NAMES: readonly string[] = [
  "STRING", // UTF8
  "MAP",
  "MAP", // MAP_KEY_VALUE
  "LIST",
  "ENUM",
  "DECIMAL",
  "DATE",
  "TIME", // TIME_MILLIS
  "TIME", // TIME_MICROS
  "TIMESTAMP", // TIMESTAMP_MILLIS
  "TIMESTAMP", // TIMESTAMP_MICROS
  "INTEGER", // UINT_8
  "INTEGER", // UINT_16
  "INTEGER", // UINT_32
  "INTEGER", // UINT_64
  "INTEGER", // INT_8
  "INTEGER", // INT_16
  "INTEGER", // INT_32
  "INTEGER", // INT_64
  "JSON",
  "BSON",
  "INTERVAL",
];
const FIRST_UNSIGNED_CONVERTED_TYPE = 11; // UINT_8
const LAST_UNSIGNED_CONVERTED_TYPE = 14; // UINT_64

/** Reads the footer through readAt (which returns exactly `length` bytes at `position`). */
export function readParquetFooter(
  readAt: (position: number, length: number) => Uint8Array,
  fileSize: number,
): ParquetFooter {
  if (fileSize < 12) throw new ParquetFormatError(`not a Parquet file: ${fileSize} bytes, fewer than 12.`);
  const head = readAt(0, 4);
  if (littleEndianUint32(head, 0) !== MAGIC) {
    throw new ParquetFormatError(`not a Parquet file: its first 4 bytes are not "PAR1".`);
  }
  const tail = readAt(fileSize - 8, 8);
  const tailMagic = littleEndianUint32(tail, 4);
  if (tailMagic === ENCRYPTED_MAGIC) {
    throw new ParquetFormatError('the Parquet file\'s footer is encrypted (it ends in "PARE"): not read.');
  }
  if (tailMagic !== MAGIC)
    throw new ParquetFormatError(`not a Parquet file: its last 4 bytes are not "PAR1".`);
  const length = littleEndianUint32(tail, 0);
  if (length + 12 > fileSize) {
    throw new ParquetFormatError(
      `the Parquet footer's length ${length} does not fit in the file's ${fileSize} bytes.`,
    );
  }
  const footerStart = fileSize - 8 - length;
  return parseFileMetaData(readAt(footerStart, length), footerStart);
}

/** Parses FileMetaData; `fileOffset` (where the bytes sit in the file) is only for messages. */
export function parseFileMetaData(bytes: Uint8Array, fileOffset = 0): ParquetFooter {
  const reader = new ThriftReader(
    bytes,
    0,
    bytes.length,
    `the Parquet footer (at file offset ${fileOffset})`,
  );
  let numRows = 0;
  let schema: SchemaElement[] = [];
  const rowGroupReaders: ParquetRowGroupDraft[] = [];
  reader.beginStruct();
  while (reader.readFieldHeader()) {
    const { fieldId, fieldType } = reader;
    if (fieldId === 2 && fieldType === ThriftType.LIST) {
      schema = readList(reader, () => readSchemaElement(reader));
    } else if (fieldId === 3 && fieldType === ThriftType.I64) {
      numRows = reader.readInteger();
    } else if (fieldId === 4 && fieldType === ThriftType.LIST) {
      rowGroupReaders.push(...readList(reader, () => readRowGroup(reader)));
    } else {
      reader.skip(fieldType);
    }
  }
  const leaves = flattenSchema(schema);
  const rowGroups = rowGroupReaders.map((group, index): ParquetRowGroup => {
    if (group.columns.length !== leaves.length) {
      throw new ParquetFormatError(
        `the Parquet footer's row group ${index} has ${group.columns.length} column chunks for ${leaves.length} leaf columns.`,
      );
    }
    group.paths.forEach((path, column) => {
      const leaf = leaves[column]!;
      if (path !== undefined && path.join(".") !== leaf.path.join(".")) {
        throw new ParquetFormatError(
          `the Parquet footer's row group ${index}, column chunk ${column}: its path "${path.join(".")}" is not its leaf's "${leaf.name}".`,
        );
      }
    });
    return { numRows: group.numRows, columns: group.columns };
  });
  return { numRows, leaves, rowGroups };
}

function readList<T>(reader: ThriftReader, readElement: () => T): T[] {
  reader.readListHeader();
  const size = reader.listSize;
  const elements: T[] = [];
  for (let i = 0; i < size; i++) elements.push(readElement());
  return elements;
}

function readSchemaElement(reader: ThriftReader): SchemaElement {
  const element: SchemaElement = {
    name: "",
    physicalType: undefined,
    repetition: 0,
    numChildren: 0,
    convertedType: undefined,
    logicalType: undefined,
    integerSigned: true,
  };
  reader.beginStruct();
  while (reader.readFieldHeader()) {
    const { fieldId, fieldType } = reader;
    if (fieldId === 1 && fieldType === ThriftType.I32) element.physicalType = reader.readInteger();
    else if (fieldId === 3 && fieldType === ThriftType.I32) element.repetition = reader.readInteger();
    else if (fieldId === 4 && fieldType === ThriftType.BINARY) element.name = reader.readString();
    else if (fieldId === 5 && fieldType === ThriftType.I32) element.numChildren = reader.readInteger();
    else if (fieldId === 6 && fieldType === ThriftType.I32) element.convertedType = reader.readInteger();
    else if (fieldId === 10 && fieldType === ThriftType.STRUCT) readLogicalType(reader, element);
    else reader.skip(fieldType);
  }
  if (element.logicalType === undefined && element.convertedType !== undefined) {
    element.logicalType =
      CONVERTED_TYPE_NAMES[element.convertedType] ?? `CONVERTED_TYPE_${element.convertedType}`;
    element.integerSigned = !(
      element.convertedType >= FIRST_UNSIGNED_CONVERTED_TYPE &&
      element.convertedType <= LAST_UNSIGNED_CONVERTED_TYPE
    );
  }
  return element;
}

/** The LogicalType union: one field, whose id names the type; IntType's isSigned is kept. */
function readLogicalType(reader: ThriftReader, element: SchemaElement): void {
  reader.beginStruct();
  while (reader.readFieldHeader()) {
    const { fieldId, fieldType } = reader;
    element.logicalType = LOGICAL_TYPE_NAMES[fieldId] ?? `LOGICAL_TYPE_${fieldId}`;
    if (fieldId === 10 && fieldType === ThriftType.STRUCT) {
      reader.beginStruct();
      while (reader.readFieldHeader()) {
        if (reader.fieldId === 2 && reader.fieldType <= ThriftType.BOOLEAN_FALSE) {
          element.integerSigned = reader.fieldBoolean();
        } else {
          reader.skip(reader.fieldType);
        }
      }
    } else {
      reader.skip(fieldType);
    }
  }
}

/** Depth-first over the schema tree: each leaf with its path and its maximum levels. */
function flattenSchema(schema: readonly SchemaElement[]): ParquetLeafColumn[] {
  if (schema.length === 0) throw new ParquetFormatError("the Parquet footer has no schema.");
  const leaves: ParquetLeafColumn[] = [];
  let next = 1; // schema[0] is the root
  const visit = (path: string[], definition: number, repetition: number): void => {
    const element = schema[next];
    if (element === undefined) {
      throw new ParquetFormatError(`the Parquet footer's schema ends inside group "${path.join(".")}".`);
    }
    next++;
    const elementPath = [...path, element.name];
    const elementDefinition =
      definition + (element.repetition === OPTIONAL || element.repetition === REPEATED ? 1 : 0);
    const elementRepetition = repetition + (element.repetition === REPEATED ? 1 : 0);
    if (element.numChildren > 0) {
      for (let child = 0; child < element.numChildren; child++)
        visit(elementPath, elementDefinition, elementRepetition);
      return;
    }
    if (element.physicalType === undefined) {
      throw new ParquetFormatError(
        `the Parquet footer's leaf column "${elementPath.join(".")}" has no physical type.`,
      );
    }
    leaves.push({
      name: elementPath.join("."),
      path: elementPath,
      physicalType: element.physicalType,
      maxDefinitionLevel: elementDefinition,
      maxRepetitionLevel: elementRepetition,
      logicalType: element.logicalType,
      integerSigned: element.integerSigned,
    });
  };
  const rootChildren = schema[0]!.numChildren;
  for (let child = 0; child < rootChildren; child++) visit([], 0, 0);
  if (next !== schema.length) {
    throw new ParquetFormatError(
      `the Parquet footer's schema has ${schema.length} elements, but its root's tree holds ${next}.`,
    );
  }
  return leaves;
}

interface ParquetRowGroupDraft {
  numRows: number;
  columns: ParquetColumnChunk[];
  paths: (string[] | undefined)[];
}

function readRowGroup(reader: ThriftReader): ParquetRowGroupDraft {
  const group: ParquetRowGroupDraft = { numRows: 0, columns: [], paths: [] };
  reader.beginStruct();
  while (reader.readFieldHeader()) {
    const { fieldId, fieldType } = reader;
    if (fieldId === 1 && fieldType === ThriftType.LIST) {
      readList(reader, () => {
        const { chunk, path } = readColumnChunk(reader, group.columns.length);
        group.columns.push(chunk);
        group.paths.push(path);
      });
    } else if (fieldId === 3 && fieldType === ThriftType.I64) {
      group.numRows = reader.readInteger();
    } else {
      reader.skip(fieldType);
    }
  }
  return group;
}

/** A ColumnChunk: its ColumnMetaData (field 3) is what is kept; a chunk in another file is refused. */
function readColumnChunk(
  reader: ThriftReader,
  index: number,
): { chunk: ParquetColumnChunk; path: string[] | undefined } {
  let result: { chunk: ParquetColumnChunk; path: string[] | undefined } | undefined;
  let filePath: string | undefined;
  reader.beginStruct();
  while (reader.readFieldHeader()) {
    const { fieldId, fieldType } = reader;
    if (fieldId === 1 && fieldType === ThriftType.BINARY) filePath = reader.readString();
    else if (fieldId === 3 && fieldType === ThriftType.STRUCT) result = readColumnMetaData(reader);
    else reader.skip(fieldType);
  }
  if (filePath !== undefined && filePath !== "") {
    throw new ParquetFormatError(
      `the Parquet footer's column chunk ${index} lies in another file ("${filePath}"): not read.`,
    );
  }
  if (result === undefined) {
    throw new ParquetFormatError(
      `the Parquet footer's column chunk ${index} has no metadata (an encrypted column?): not read.`,
    );
  }
  return result;
}

function readColumnMetaData(reader: ThriftReader): { chunk: ParquetColumnChunk; path: string[] | undefined } {
  let physicalType = -1;
  let encodings: number[] = [];
  let path: string[] | undefined;
  let codec = 0;
  let numValues = 0;
  let totalUncompressedSize = 0;
  let totalCompressedSize = 0;
  let dataPageOffset = 0;
  let dictionaryPageOffset: number | undefined;
  reader.beginStruct();
  while (reader.readFieldHeader()) {
    const { fieldId, fieldType } = reader;
    if (fieldId === 1 && fieldType === ThriftType.I32) physicalType = reader.readInteger();
    else if (fieldId === 2 && fieldType === ThriftType.LIST)
      encodings = readList(reader, () => reader.readInteger());
    else if (fieldId === 3 && fieldType === ThriftType.LIST)
      path = readList(reader, () => reader.readString());
    else if (fieldId === 4 && fieldType === ThriftType.I32) codec = reader.readInteger();
    else if (fieldId === 5 && fieldType === ThriftType.I64) numValues = reader.readInteger();
    else if (fieldId === 6 && fieldType === ThriftType.I64) totalUncompressedSize = reader.readInteger();
    else if (fieldId === 7 && fieldType === ThriftType.I64) totalCompressedSize = reader.readInteger();
    else if (fieldId === 9 && fieldType === ThriftType.I64) dataPageOffset = reader.readInteger();
    else if (fieldId === 11 && fieldType === ThriftType.I64) {
      const offset = reader.readInteger();
      // Some writers put 0 for "none"; a page never starts inside the leading "PAR1".
      dictionaryPageOffset = offset >= 4 ? offset : undefined;
    } else reader.skip(fieldType);
  }
  return {
    chunk: {
      physicalType,
      codec,
      encodings,
      numValues,
      totalCompressedSize,
      totalUncompressedSize,
      dataPageOffset,
      dictionaryPageOffset,
    },
    path,
  };
}

function littleEndianUint32(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>>
    0
  );
}
