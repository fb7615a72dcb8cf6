import { ParquetFormatError } from "./parquetFormatError.js";

/**
 * The Thrift compact protocol's reader, only as far as a Parquet footer and its page headers need it:
 * varint integers, binaries, field and list headers, and skipping whatever field a reader does not know
 * (nested structs, lists, sets and maps included), so that newer writers' additions are passed over.
 */

/** The compact protocol's type ids (the low nibble of a field header, of a list's element type). */
export const ThriftType = {
  STOP: 0,
  BOOLEAN_TRUE: 1,
  BOOLEAN_FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
} as const;

// Deeper nesting than any Parquet structure has: a corrupt footer must not overflow the stack.
const MAX_SKIP_DEPTH = 64;
const utf8 = new TextDecoder("utf-8", { fatal: false });

export class ThriftReader {
  bytes: Uint8Array;
  position: number;
  end: number;
  /** What is being read, for error messages ("the footer", "the page header at offset 4"). */
  context: string;
  /** The last field header's type and id (set by readFieldHeader). */
  fieldType = 0;
  fieldId = 0;
  /** The last list header's element type and size (set by readListHeader). */
  elementType = 0;
  listSize = 0;
  private readonly lastFieldIds: number[] = [];
  private lastFieldId = 0;

  constructor(bytes: Uint8Array, position = 0, end = bytes.length, context = "Thrift data") {
    this.bytes = bytes;
    this.position = position;
    this.end = end;
    this.context = context;
  }

  /** Points the reader at other bytes (a reader is reused for every page header of a chunk). */
  reset(bytes: Uint8Array, position: number, end: number, context: string): void {
    this.bytes = bytes;
    this.position = position;
    this.end = end;
    this.context = context;
    this.lastFieldIds.length = 0;
    this.lastFieldId = 0;
  }

  fail(what: string): never {
    throw new ParquetFormatError(`${this.context}: ${what} at byte ${this.position}.`);
  }

  readByte(): number {
    if (this.position >= this.end) this.fail("the Thrift data ends early");
    return this.bytes[this.position++]!;
  }

  /** An unsigned varint, exact up to 2^53 (Parquet's sizes and offsets are far below). */
  readVarint(): number {
    let result = 0;
    let scale = 1;
    for (let shift = 0; shift < 70; shift += 7) {
      const byte = this.readByte();
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        if (result > Number.MAX_SAFE_INTEGER) this.fail(`a varint beyond 2^53 (${result})`);
        return result;
      }
      scale *= 128;
    }
    this.fail("a varint longer than 10 bytes");
  }

  /** A zigzag varint: i16, i32 and i64 alike. */
  readInteger(): number {
    const n = this.readVarint();
    // Zigzag: even n is n/2, odd n is −(n+1)/2. Arithmetic, not bit operators: i64 values exceed 32 bits.
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  readDouble(): number {
    if (this.position + 8 > this.end) this.fail("the Thrift data ends early");
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.position, 8);
    this.position += 8;
    return view.getFloat64(0, true);
  }

  /** The length of a binary; the bytes follow at `position`. */
  readBinaryLength(): number {
    const length = this.readVarint();
    if (this.position + length > this.end) this.fail(`a binary of ${length} bytes beyond the data's end`);
    return length;
  }

  readString(): string {
    const length = this.readBinaryLength();
    const text = utf8.decode(this.bytes.subarray(this.position, this.position + length));
    this.position += length;
    return text;
  }

  /** Enters a struct: field ids restart from 0 (compact field headers hold deltas from the previous id). */
  beginStruct(): void {
    this.lastFieldIds.push(this.lastFieldId);
    this.lastFieldId = 0;
  }

  endStruct(): void {
    this.lastFieldId = this.lastFieldIds.pop() ?? 0;
  }

  /** Reads a field header into fieldType / fieldId; false at the struct's STOP (the struct is then left). */
  readFieldHeader(): boolean {
    const header = this.readByte();
    const type = header & 0x0f;
    if (type === ThriftType.STOP) {
      this.endStruct();
      return false;
    }
    const delta = header >> 4;
    this.fieldId = delta === 0 ? this.readInteger() : this.lastFieldId + delta;
    this.lastFieldId = this.fieldId;
    this.fieldType = type;
    return true;
  }

  /** A boolean field's value is its header's type. */
  fieldBoolean(): boolean {
    return this.fieldType === ThriftType.BOOLEAN_TRUE;
  }

  /** Reads a list (or set) header into elementType / listSize. */
  readListHeader(): void {
    const header = this.readByte();
    this.elementType = header & 0x0f;
    const size = header >> 4;
    this.listSize = size === 15 ? this.readVarint() : size;
  }

  /** Skips one value of `type` (a field's, a list element's, a map key's or value). */
  skip(type: number, depth = 0): void {
    if (depth > MAX_SKIP_DEPTH) this.fail(`Thrift values nested deeper than ${MAX_SKIP_DEPTH}`);
    switch (type) {
      case ThriftType.BOOLEAN_TRUE:
      case ThriftType.BOOLEAN_FALSE:
        // A field's boolean is in its header; a list's boolean elements are one byte each. Field values
        // reach here with nothing to skip, list elements through skipList (which passes BYTE instead).
        return;
      case ThriftType.BYTE:
        this.readByte();
        return;
      case ThriftType.I16:
      case ThriftType.I32:
      case ThriftType.I64:
        this.readVarint();
        return;
      case ThriftType.DOUBLE:
        if (this.position + 8 > this.end) this.fail("the Thrift data ends early");
        this.position += 8;
        return;
      case ThriftType.BINARY: {
        // Not `position += readBinaryLength()`: that would add to the position from before the length.
        const length = this.readBinaryLength();
        this.position += length;
        return;
      }
      case ThriftType.LIST:
      case ThriftType.SET:
        this.skipList(depth);
        return;
      case ThriftType.MAP:
        this.skipMap(depth);
        return;
      case ThriftType.STRUCT:
        this.beginStruct();
        while (this.readFieldHeader()) this.skip(this.fieldType, depth + 1);
        return;
      default:
        this.fail(`an unknown Thrift type ${type}`);
    }
  }

  private skipList(depth: number): void {
    this.readListHeader();
    const size = this.listSize;
    const elementType = booleanAsByte(this.elementType);
    for (let i = 0; i < size; i++) this.skip(elementType, depth + 1);
  }

  private skipMap(depth: number): void {
    const size = this.readVarint();
    if (size === 0) return;
    const types = this.readByte();
    const keyType = booleanAsByte(types >> 4);
    const valueType = booleanAsByte(types & 0x0f);
    for (let i = 0; i < size; i++) {
      this.skip(keyType, depth + 1);
      this.skip(valueType, depth + 1);
    }
  }
}

/** Booleans inside lists and maps take one byte each (either boolean type id may name them). */
function booleanAsByte(type: number): number {
  return type === ThriftType.BOOLEAN_TRUE || type === ThriftType.BOOLEAN_FALSE ? ThriftType.BYTE : type;
}
