import { PhysicalType } from "./format.js";
import { ParquetFormatError } from "./parquetFormatError.js";

/**
 * PLAIN-encoded values (little-endian, as the platform is: every JavaScript engine this runs on is) into
 * float64. DOUBLE is one byte copy; FLOAT is promoted exactly; INT32 and INT64 are converted as DuckDB's
 * cast to DOUBLE does (INT64 rounded to nearest, ties to even); BOOLEAN is one bit per value, 0 or 1.
 */

/** Bytes per PLAIN value of a physical type (BOOLEAN: 1/8, rounded up by the caller). */
export function plainWidth(physicalType: number): number {
  switch (physicalType) {
    case PhysicalType.INT32:
    case PhysicalType.FLOAT:
      return 4;
    case PhysicalType.INT64:
    case PhysicalType.DOUBLE:
      return 8;
    default:
      return 0;
  }
}

const TWO_TO_32 = 4294967296;

/**
 * Decodes `count` PLAIN values of `physicalType` from bytes[start … end) into out[outOffset …).
 * `signed` is false for unsigned integer annotations (UINT_32, UINT_64): their bits are read unsigned.
 */
export function decodePlain(
  physicalType: number,
  signed: boolean,
  bytes: Uint8Array,
  start: number,
  end: number,
  count: number,
  out: Float64Array,
  outOffset: number,
  context: string,
): void {
  const needed = physicalType === PhysicalType.BOOLEAN ? (count + 7) >>> 3 : count * plainWidth(physicalType);
  if (start + needed > end) {
    throw new ParquetFormatError(
      `${context}: ${count} PLAIN values need ${needed} bytes, but the page holds ${end - start} from byte ${start}.`,
    );
  }
  if (count === 0) return;
  switch (physicalType) {
    case PhysicalType.DOUBLE: {
      const target = new Uint8Array(out.buffer, out.byteOffset + outOffset * 8, count * 8);
      target.set(bytes.subarray(start, start + count * 8));
      return;
    }
    case PhysicalType.FLOAT: {
      const view = new DataView(bytes.buffer, bytes.byteOffset + start, needed);
      for (let i = 0; i < count; i++) out[outOffset + i] = view.getFloat32(4 * i, true);
      return;
    }
    case PhysicalType.INT32: {
      const view = new DataView(bytes.buffer, bytes.byteOffset + start, needed);
      if (signed) for (let i = 0; i < count; i++) out[outOffset + i] = view.getInt32(4 * i, true);
      else for (let i = 0; i < count; i++) out[outOffset + i] = view.getUint32(4 * i, true);
      return;
    }
    case PhysicalType.INT64: {
      // high · 2^32 is exact; adding the low word rounds once: the exact value rounded to nearest, as
      // Number(BigInt) and C's (double) int64_t cast do.
      const view = new DataView(bytes.buffer, bytes.byteOffset + start, needed);
      if (signed) {
        for (let i = 0; i < count; i++) {
          out[outOffset + i] = view.getInt32(8 * i + 4, true) * TWO_TO_32 + view.getUint32(8 * i, true);
        }
      } else {
        for (let i = 0; i < count; i++) {
          out[outOffset + i] = view.getUint32(8 * i + 4, true) * TWO_TO_32 + view.getUint32(8 * i, true);
        }
      }
      return;
    }
    case PhysicalType.BOOLEAN: {
      for (let i = 0; i < count; i++) out[outOffset + i] = (bytes[start + (i >>> 3)]! >>> (i & 7)) & 1;
      return;
    }
    default:
      throw new ParquetFormatError(
        `${context}: PLAIN values of physical type ${physicalType} are not decoded.`,
      );
  }
}
