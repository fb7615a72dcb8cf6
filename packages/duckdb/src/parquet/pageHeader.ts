import { ThriftReader, ThriftType } from "./thrift.js";

/**
 * A page header (parquet.thrift's PageHeader with its DataPageHeader, DataPageHeaderV2 or
 * DictionaryPageHeader flattened in). One object is refilled for every page of a chunk: decoding a chunk
 * reads its page headers without allocating.
 */
export class PageHeader {
  type = -1;
  uncompressedPageSize = 0;
  compressedPageSize = 0;
  /** Values in the page, NULLs included (a dictionary page: its entries). */
  numValues = 0;
  encoding = -1;
  /** Data page V1: the definition levels' encoding (RLE, or the deprecated BIT_PACKED). */
  definitionLevelEncoding = -1;
  /** Data page V2: NULLs, and the byte lengths of the (never compressed) levels before the values. */
  numNulls = 0;
  definitionLevelsByteLength = 0;
  repetitionLevelsByteLength = 0;
  isCompressed = true;
  /** Where the page's data starts: the first byte after the header. */
  dataStart = 0;

  private readonly reader = new ThriftReader(new Uint8Array(0));

  /** Reads the header at bytes[position …]; `context` names it in errors ("column "x", page 2 at offset 40"). */
  read(bytes: Uint8Array, position: number, context: string): void {
    this.type = -1;
    this.uncompressedPageSize = 0;
    this.compressedPageSize = 0;
    this.numValues = 0;
    this.encoding = -1;
    this.definitionLevelEncoding = -1;
    this.numNulls = 0;
    this.definitionLevelsByteLength = 0;
    this.repetitionLevelsByteLength = 0;
    this.isCompressed = true;
    const reader = this.reader;
    reader.reset(bytes, position, bytes.length, context);
    reader.beginStruct();
    while (reader.readFieldHeader()) {
      const { fieldId, fieldType } = reader;
      if (fieldId === 1 && fieldType === ThriftType.I32) this.type = reader.readInteger();
      else if (fieldId === 2 && fieldType === ThriftType.I32)
        this.uncompressedPageSize = reader.readInteger();
      else if (fieldId === 3 && fieldType === ThriftType.I32) this.compressedPageSize = reader.readInteger();
      else if (fieldId === 5 && fieldType === ThriftType.STRUCT) this.readDataPageHeader();
      else if (fieldId === 7 && fieldType === ThriftType.STRUCT) this.readDictionaryPageHeader();
      else if (fieldId === 8 && fieldType === ThriftType.STRUCT) this.readDataPageHeaderV2();
      else reader.skip(fieldType);
    }
    this.dataStart = reader.position;
  }

  private readDataPageHeader(): void {
    const reader = this.reader;
    reader.beginStruct();
    while (reader.readFieldHeader()) {
      const { fieldId, fieldType } = reader;
      if (fieldId === 1 && fieldType === ThriftType.I32) this.numValues = reader.readInteger();
      else if (fieldId === 2 && fieldType === ThriftType.I32) this.encoding = reader.readInteger();
      else if (fieldId === 3 && fieldType === ThriftType.I32)
        this.definitionLevelEncoding = reader.readInteger();
      else reader.skip(fieldType);
    }
  }

  private readDictionaryPageHeader(): void {
    const reader = this.reader;
    reader.beginStruct();
    while (reader.readFieldHeader()) {
      const { fieldId, fieldType } = reader;
      if (fieldId === 1 && fieldType === ThriftType.I32) this.numValues = reader.readInteger();
      else if (fieldId === 2 && fieldType === ThriftType.I32) this.encoding = reader.readInteger();
      else reader.skip(fieldType);
    }
  }

  private readDataPageHeaderV2(): void {
    const reader = this.reader;
    reader.beginStruct();
    while (reader.readFieldHeader()) {
      const { fieldId, fieldType } = reader;
      if (fieldId === 1 && fieldType === ThriftType.I32) this.numValues = reader.readInteger();
      else if (fieldId === 2 && fieldType === ThriftType.I32) this.numNulls = reader.readInteger();
      else if (fieldId === 4 && fieldType === ThriftType.I32) this.encoding = reader.readInteger();
      else if (fieldId === 5 && fieldType === ThriftType.I32)
        this.definitionLevelsByteLength = reader.readInteger();
      else if (fieldId === 6 && fieldType === ThriftType.I32)
        this.repetitionLevelsByteLength = reader.readInteger();
      else if (fieldId === 7 && fieldType <= ThriftType.BOOLEAN_FALSE)
        this.isCompressed = reader.fieldBoolean();
      else reader.skip(fieldType);
    }
  }
}
