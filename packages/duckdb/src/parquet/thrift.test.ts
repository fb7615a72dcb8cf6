import { describe, expect, it } from "vitest";
import { ThriftReader, ThriftType } from "./thrift.js";

describe("the Thrift compact protocol reader", () => {
  it("skips unknown fields of every type, nested structs, lists, sets and maps, and long-form field ids", () => {
    // struct { 1: i32 7, 3: struct {…}, 20: set<i64>, 21: list<bool>, 22: bool, 23: i16, 24: byte,
    //          25: list<i32> of 20, 2: i32 9 } — fields 1 and 2 are read, the others skipped.
    const bytes = Uint8Array.from([
      0x15,
      0x0e, // 1: i32 7 (zigzag 14)
      0x2c, // 3: struct
      0x19,
      0x1c, // 1: list of 1 struct
      0x18,
      0x01,
      0x78, // 1: binary "x"
      0x1b,
      0x01,
      0x51,
      0x02,
      0x01, // 2: map of 1, i32 → bool: {1: true}
      0x00, // end of the list's struct
      0x17,
      0,
      0,
      0,
      0,
      0,
      0,
      0xf8,
      0x3f, // 2: double 1.5
      0x00, // end of field 3's struct
      0x0a,
      0x28,
      0x26,
      0xd8,
      0x04,
      0x01, // 20 (long form): set of 2 i64 {300, −1}
      0x19,
      0x21,
      0x01,
      0x02, // 21: list of 2 bool
      0x11, // 22: bool true
      0x14,
      0x05, // 23: i16 −3
      0x13,
      0x7f, // 24: byte
      0x19,
      0xf5,
      0x14,
      ...new Array(20).fill(0x02), // 25: list of 20 i32 (size in a varint)
      0x05,
      0x04,
      0x12, // 2 (long form: a smaller id): i32 9
      0x00,
    ]);
    const reader = new ThriftReader(bytes);
    const read: Record<number, number> = {};
    reader.beginStruct();
    while (reader.readFieldHeader()) {
      if (reader.fieldType === ThriftType.I32 && (reader.fieldId === 1 || reader.fieldId === 2)) {
        read[reader.fieldId] = reader.readInteger();
      } else {
        reader.skip(reader.fieldType);
      }
    }
    expect(read).toEqual({ 1: 7, 2: 9 });
    expect(reader.position).toBe(bytes.length);
  });

  it("integers: zigzag varints up to 2^53, doubles little-endian", () => {
    const reader = new ThriftReader(
      Uint8Array.from([0x01, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0, 0, 0, 0, 0, 0xf0, 0xbf]),
    );
    expect(reader.readInteger()).toBe(-1);
    expect(reader.readInteger()).toBe(2 ** 52 - 1);
    expect(reader.readDouble()).toBe(-1);
  });

  it("truncated data is a ParquetFormatError naming the context and the byte", () => {
    const reader = new ThriftReader(Uint8Array.from([0x18, 0x05, 0x61]), 0, 3, "the footer");
    reader.beginStruct();
    reader.readFieldHeader();
    expect(() => reader.skip(reader.fieldType)).toThrow(
      "the footer: a binary of 5 bytes beyond the data's end at byte 2.",
    );
  });
});
