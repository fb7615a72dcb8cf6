import { decodeByteStreamSplit } from "./byteStreamSplit.js";
import { decodeDeltaBinaryPacked } from "./deltaBinaryPacked.js";
import { decodeDictionaryIndices } from "./dictionary.js";
import {
  CompressionCodec,
  Encoding,
  nameOf,
  PageType,
  type ParquetColumnChunk,
  type ParquetLeafColumn,
  PhysicalType,
} from "./format.js";
import { decodeHybrid, hybridFirstMismatch } from "./hybrid.js";
import { PageHeader } from "./pageHeader.js";
import { ParquetFormatError } from "./parquetFormatError.js";
import { decodePlain, plainWidth } from "./plain.js";
import { snappyDecompress } from "./snappy.js";

/**
 * A flat column chunk's pages (an optional dictionary page, then data pages V1 or V2, each with its own
 * encoding) decoded into float64. What it reads: DOUBLE, FLOAT, INT32, INT64 (plain integer annotations
 * included), BOOLEAN; UNCOMPRESSED or SNAPPY; PLAIN, dictionaries, BYTE_STREAM_SPLIT, RLE booleans.
 */

/** Where the chunk's bytes start in the file: its dictionary page if any, else its first data page. */
export function columnChunkStart(chunk: ParquetColumnChunk): number {
  // Some writers record the dictionary page's offset as the data page's too: the smaller one is first.
  return chunk.dictionaryPageOffset === undefined
    ? chunk.dataPageOffset
    : Math.min(chunk.dictionaryPageOffset, chunk.dataPageOffset);
}

const DECODED_TYPES: readonly number[] = [
  PhysicalType.BOOLEAN,
  PhysicalType.INT32,
  PhysicalType.INT64,
  PhysicalType.FLOAT,
  PhysicalType.DOUBLE,
];

/**
 * The encodings a chunk of this physical type may list here. RLE: levels, and V2's booleans. BIT_PACKED:
 * parquet-mr lists it for the (empty) repetition levels of every flat column; a page whose definition
 * levels are BIT_PACKED is refused when it is met.
 */
function decodedEncodings(physicalType: number): readonly number[] {
  const common = [
    Encoding.PLAIN,
    Encoding.PLAIN_DICTIONARY,
    Encoding.RLE_DICTIONARY,
    Encoding.RLE,
    Encoding.BIT_PACKED,
  ];
  if (physicalType === PhysicalType.FLOAT || physicalType === PhysicalType.DOUBLE) {
    return [...common, Encoding.BYTE_STREAM_SPLIT];
  }
  if (physicalType === PhysicalType.INT32 || physicalType === PhysicalType.INT64) {
    return [...common, Encoding.DELTA_BINARY_PACKED];
  }
  return common;
}

/**
 * Why decodeColumnChunk cannot decode this leaf's chunk (undefined when it can): a nested or repeated
 * column, a physical or logical type it does not read, a codec other than UNCOMPRESSED or SNAPPY, an
 * encoding it does not know. The message names the column.
 */
export function columnChunkRefusal(leaf: ParquetLeafColumn, chunk: ParquetColumnChunk): string | undefined {
  const column = `column "${leaf.name}"`;
  if (leaf.maxRepetitionLevel > 0)
    return `${column} is repeated (a list or a map): only flat columns are read.`;
  if (leaf.path.length > 1) return `${column} is nested in a struct: only flat columns are read.`;
  if (!DECODED_TYPES.includes(leaf.physicalType)) {
    return `${column} has physical type ${nameOf(PhysicalType, leaf.physicalType)}: only BOOLEAN, INT32, INT64, FLOAT and DOUBLE are read.`;
  }
  if (leaf.logicalType !== undefined && leaf.logicalType !== "INTEGER") {
    return `${column} has logical type ${leaf.logicalType}: only plain numbers and integers are read.`;
  }
  if (chunk.physicalType !== leaf.physicalType) {
    return `${column}'s chunk has physical type ${nameOf(PhysicalType, chunk.physicalType)}, its schema ${nameOf(PhysicalType, leaf.physicalType)}.`;
  }
  if (chunk.codec !== CompressionCodec.UNCOMPRESSED && chunk.codec !== CompressionCodec.SNAPPY) {
    return `${column} is compressed with ${nameOf(CompressionCodec, chunk.codec)}: only UNCOMPRESSED and SNAPPY are read.`;
  }
  const known = decodedEncodings(leaf.physicalType);
  for (const encoding of chunk.encodings) {
    if (!known.includes(encoding)) {
      return `${column} has ${nameOf(Encoding, encoding)}-encoded pages: only ${known.map((e) => nameOf(Encoding, e)).join(", ")} are read for ${nameOf(PhysicalType, leaf.physicalType)}.`;
    }
  }
  return undefined;
}

/** The scratch's regions for a chunk, in bytes: decompressed page, dictionary (float64), levels and indices (int32). */
interface ScratchLayout {
  readonly pageBytes: number;
  readonly dictionaryBytes: number;
  readonly indexBytes: number;
}

const align8 = (bytes: number): number => Math.ceil(bytes / 8) * 8;

function scratchLayout(chunk: ParquetColumnChunk): ScratchLayout {
  // No page is larger uncompressed than the whole chunk; no dictionary has more entries than its bytes
  // allow at the type's width; no page has more values than the chunk.
  const width = plainWidth(chunk.physicalType);
  return {
    // + 16: snappy's short copies write up to 16 bytes past a page's end (see snappyDecompress).
    pageBytes: chunk.codec === CompressionCodec.UNCOMPRESSED ? 0 : align8(chunk.totalUncompressedSize + 16),
    dictionaryBytes: width === 0 ? 0 : 8 * Math.floor(chunk.totalUncompressedSize / width),
    indexBytes: align8(4 * chunk.numValues),
  };
}

/**
 * The bytes of scratch that decodeColumnChunk needs for this chunk. A caller keeps one scratch (8-byte
 * aligned), sized for the largest chunk it decodes, and passes it to every call: decoding then allocates
 * no buffer.
 */
export function decodeScratchBytes(chunk: ParquetColumnChunk): number {
  const layout = scratchLayout(chunk);
  return layout.pageBytes + layout.dictionaryBytes + layout.indexBytes;
}

// Views of the last scratch passed: a worker passes the same one chunk after chunk.
let viewedScratch: Uint8Array | undefined;
let scratchDoubles: Float64Array = new Float64Array(0);
let scratchIntegers: Int32Array = new Int32Array(0);
const header = new PageHeader();

function viewScratch(scratch: Uint8Array): void {
  if (scratch === viewedScratch) return;
  if (scratch.byteOffset % 8 !== 0) {
    throw new ParquetFormatError(
      `the decoding scratch must start at a multiple of 8 bytes, not ${scratch.byteOffset}.`,
    );
  }
  scratchDoubles = new Float64Array(scratch.buffer, scratch.byteOffset, scratch.byteLength >>> 3);
  scratchIntegers = new Int32Array(scratch.buffer, scratch.byteOffset, scratch.byteLength >>> 2);
  viewedScratch = scratch;
}

/** Bits needed for values 0 … max. */
const bitWidthOf = (max: number): number => (max === 0 ? 0 : 32 - Math.clz32(max));

/**
 * Decodes the chunk's first `rows` values into out[0 … rows) as float64. `bytes` are the chunk's
 * totalCompressedSize bytes from columnChunkStart; `scratch` holds at least decodeScratchBytes(chunk) bytes.
 * A NULL throws ParquetFormatError naming the column and the row within the chunk.
 */
export function decodeColumnChunk(
  bytes: Uint8Array,
  leaf: ParquetLeafColumn,
  chunk: ParquetColumnChunk,
  rows: number,
  out: Float64Array,
  scratch: Uint8Array,
): void {
  const refusal = columnChunkRefusal(leaf, chunk);
  if (refusal !== undefined) throw new ParquetFormatError(refusal);
  const column = `column "${leaf.name}"`;
  if (rows > chunk.numValues || rows > out.length || !Number.isInteger(rows) || rows < 0) {
    throw new ParquetFormatError(
      `${column}: cannot decode ${rows} rows of a chunk of ${chunk.numValues} values into ${out.length} doubles.`,
    );
  }
  const layout = scratchLayout(chunk);
  const needed = layout.pageBytes + layout.dictionaryBytes + layout.indexBytes;
  if (scratch.byteLength < needed) {
    throw new ParquetFormatError(
      `${column}: the decoding scratch has ${scratch.byteLength} bytes, fewer than the ${needed} this chunk needs (decodeScratchBytes).`,
    );
  }
  viewScratch(scratch);
  const dictionaryStart = layout.pageBytes >>> 3; // in doubles
  const indexStart = (layout.pageBytes + layout.dictionaryBytes) >>> 2; // in int32s
  const dictionaryCapacity = layout.dictionaryBytes >>> 3;
  const maxDefinition = leaf.maxDefinitionLevel;
  const definitionWidth = bitWidthOf(maxDefinition);
  const { physicalType, integerSigned } = leaf;
  const end = bytes.length;

  let position = 0;
  let written = 0;
  let page = 0;
  let dictionaryCount = -1; // no dictionary page read yet
  while (written < rows) {
    if (position >= end) {
      throw new ParquetFormatError(
        `${column}: the chunk's ${end} bytes end after ${page} pages and ${written} of ${rows} values.`,
      );
    }
    const context = `${column}, page ${page} at chunk byte ${position}`;
    header.read(bytes, position, context);
    const dataStart = header.dataStart;
    const dataEnd = dataStart + header.compressedPageSize;
    if (dataEnd > end || header.compressedPageSize < 0) {
      throw new ParquetFormatError(
        `${context}: its ${header.compressedPageSize} bytes of data from byte ${dataStart} overrun the chunk's ${end}.`,
      );
    }
    const type = header.type;
    if (type === PageType.DICTIONARY_PAGE) {
      if (dictionaryCount >= 0) throw new ParquetFormatError(`${context}: a second dictionary page.`);
      if (header.encoding !== Encoding.PLAIN && header.encoding !== Encoding.PLAIN_DICTIONARY) {
        throw new ParquetFormatError(
          `${context}: a dictionary page encoded ${nameOf(Encoding, header.encoding)}, not PLAIN.`,
        );
      }
      if (header.numValues > dictionaryCapacity) {
        throw new ParquetFormatError(
          `${context}: a dictionary of ${header.numValues} entries, more than the chunk's size allows (${dictionaryCapacity}).`,
        );
      }
      const payload = pagePayload(
        bytes,
        dataStart,
        dataEnd,
        header.uncompressedPageSize,
        chunk.codec,
        scratch,
        layout.pageBytes,
        context,
      );
      decodePlain(
        physicalType,
        integerSigned,
        payload,
        payloadStart,
        payloadEnd,
        header.numValues,
        scratchDoubles,
        dictionaryStart,
        context,
      );
      dictionaryCount = header.numValues;
    } else if (type === PageType.DATA_PAGE || type === PageType.DATA_PAGE_V2) {
      const count = Math.min(header.numValues, rows - written);
      let payload: Uint8Array;
      let valuesStart: number;
      if (type === PageType.DATA_PAGE) {
        const inPlace =
          chunk.codec === CompressionCodec.SNAPPY &&
          header.encoding === Encoding.PLAIN &&
          physicalType === PhysicalType.DOUBLE &&
          count === header.numValues &&
          decompressInPlace(
            bytes,
            dataStart,
            dataEnd,
            header.uncompressedPageSize,
            count,
            out,
            written,
            context,
          );
        payload = inPlace
          ? new Uint8Array(out.buffer)
          : pagePayload(
              bytes,
              dataStart,
              dataEnd,
              header.uncompressedPageSize,
              chunk.codec,
              scratch,
              layout.pageBytes,
              context,
            );
        valuesStart = payloadStart;
        // Levels decompressed in place sit where other data lives: put it back whatever happens here.
        try {
          if (maxDefinition > 0) {
            if (header.definitionLevelEncoding !== Encoding.RLE) {
              throw new ParquetFormatError(
                `${context}: definition levels encoded ${nameOf(Encoding, header.definitionLevelEncoding)}, not RLE.`,
              );
            }
            if (payloadStart + 4 > payloadEnd) {
              throw new ParquetFormatError(`${context}: the page ends before its definition levels' length.`);
            }
            const levelsLength =
              (payload[payloadStart]! |
                (payload[payloadStart + 1]! << 8) |
                (payload[payloadStart + 2]! << 16) |
                (payload[payloadStart + 3]! << 24)) >>>
              0;
            const levelsEnd = payloadStart + 4 + levelsLength;
            if (levelsEnd > payloadEnd) {
              throw new ParquetFormatError(
                `${context}: definition levels of ${levelsLength} bytes overrun the page's ${payloadEnd - payloadStart}.`,
              );
            }
            checkDefinitionLevels(
              payload,
              payloadStart + 4,
              levelsEnd,
              definitionWidth,
              count,
              maxDefinition,
              written,
              indexStart,
              context,
            );
            valuesStart = levelsEnd;
          }
        } catch (error) {
          if (inPlace) restoreAroundInPlace(payload);
          throw error;
        }
        if (inPlace) {
          restoreAroundInPlace(payload);
          written += count;
          position = dataEnd;
          page++;
          continue;
        }
      } else {
        const levelsStart = dataStart + header.repetitionLevelsByteLength;
        const levelsEnd = levelsStart + header.definitionLevelsByteLength;
        if (
          levelsEnd > dataEnd ||
          header.repetitionLevelsByteLength < 0 ||
          header.definitionLevelsByteLength < 0
        ) {
          throw new ParquetFormatError(`${context}: its levels' byte lengths overrun the page.`);
        }
        // num_nulls = 0 says there is no NULL: the levels need no reading.
        if (maxDefinition > 0 && header.numNulls !== 0) {
          checkDefinitionLevels(
            bytes,
            levelsStart,
            levelsEnd,
            definitionWidth,
            count,
            maxDefinition,
            written,
            indexStart,
            context,
          );
        }
        const levelsBytes = levelsEnd - dataStart;
        payload = pagePayload(
          bytes,
          levelsEnd,
          dataEnd,
          header.uncompressedPageSize - levelsBytes,
          header.isCompressed ? chunk.codec : CompressionCodec.UNCOMPRESSED,
          scratch,
          layout.pageBytes,
          context,
        );
        valuesStart = payloadStart;
      }
      const encoding = header.encoding;
      if (encoding === Encoding.PLAIN) {
        decodePlain(
          physicalType,
          integerSigned,
          payload,
          valuesStart,
          payloadEnd,
          count,
          out,
          written,
          context,
        );
      } else if (encoding === Encoding.PLAIN_DICTIONARY || encoding === Encoding.RLE_DICTIONARY) {
        if (dictionaryCount < 0) {
          throw new ParquetFormatError(
            `${context}: dictionary-encoded values, but the chunk has no dictionary page.`,
          );
        }
        if (valuesStart >= payloadEnd && count > 0) {
          throw new ParquetFormatError(`${context}: the page ends before its dictionary indices' bit width.`);
        }
        const bitWidth = payload[valuesStart]!;
        decodeDictionaryIndices(
          payload,
          valuesStart + 1,
          payloadEnd,
          bitWidth,
          count,
          scratchDoubles,
          dictionaryStart,
          dictionaryCount,
          out,
          written,
          written,
          context,
        );
      } else if (encoding === Encoding.BYTE_STREAM_SPLIT) {
        decodeByteStreamSplit(physicalType, payload, valuesStart, payloadEnd, count, out, written, context);
      } else if (encoding === Encoding.DELTA_BINARY_PACKED) {
        decodeDeltaBinaryPacked(
          physicalType,
          integerSigned,
          payload,
          valuesStart,
          payloadEnd,
          count,
          out,
          written,
          context,
        );
      } else if (encoding === Encoding.RLE && physicalType === PhysicalType.BOOLEAN) {
        // Booleans in V2 pages: a 4-byte length, then the hybrid with bit width 1.
        if (valuesStart + 4 > payloadEnd) {
          throw new ParquetFormatError(`${context}: the page ends before its RLE booleans' length.`);
        }
        const length =
          (payload[valuesStart]! |
            (payload[valuesStart + 1]! << 8) |
            (payload[valuesStart + 2]! << 16) |
            (payload[valuesStart + 3]! << 24)) >>>
          0;
        const booleansEnd = Math.min(valuesStart + 4 + length, payloadEnd);
        decodeHybrid(payload, valuesStart + 4, booleansEnd, 1, count, scratchIntegers, indexStart, context);
        for (let i = 0; i < count; i++) out[written + i] = scratchIntegers[indexStart + i]!;
      } else {
        throw new ParquetFormatError(
          `${context}: values encoded ${nameOf(Encoding, encoding)}, which is not read for ${nameOf(PhysicalType, physicalType)}.`,
        );
      }
      written += count;
    } else if (type !== PageType.INDEX_PAGE) {
      throw new ParquetFormatError(`${context}: an unknown page type ${type}.`);
    }
    position = dataEnd;
    page++;
  }
}

/**
 * A NULL (a level below the maximum) throws, naming its row in the chunk; a level above it is corrupt.
 * The levels are only decoded (into the scratch's index region) to name the level found.
 */
function checkDefinitionLevels(
  bytes: Uint8Array,
  start: number,
  end: number,
  bitWidth: number,
  count: number,
  maxDefinition: number,
  firstRow: number,
  levelsOut: number,
  context: string,
): void {
  const mismatch = hybridFirstMismatch(bytes, start, end, bitWidth, count, maxDefinition, context);
  if (mismatch < 0) return;
  // Into the scratch's index region: never the page region, which may hold these very levels.
  decodeHybrid(bytes, start, end, bitWidth, mismatch + 1, scratchIntegers, levelsOut, context);
  const level = scratchIntegers[levelsOut + mismatch]!;
  throw new ParquetFormatError(
    level < maxDefinition
      ? `${context}: row ${firstRow + mismatch} of the chunk is NULL (definition level ${level} below ${maxDefinition}).`
      : `${context}: row ${firstRow + mismatch} of the chunk has definition level ${level}, above the maximum ${maxDefinition}.`,
  );
}

// Where pagePayload's result lies (module-level: returned without allocating a record per page).
let payloadStart = 0;
let payloadEnd = 0;

/** The most bytes before a page's values (its definition levels) that an in-place decompression moves aside. */
const IN_PLACE_PREFIX_BYTES = 1024;
/** How far past its output snappyDecompress may write (its short copies write whole words). */
const SNAPPY_OVERRUN_BYTES = 16;
const savedPrefix = new Uint8Array(IN_PLACE_PREFIX_BYTES);
const savedSuffix = new Uint8Array(SNAPPY_OVERRUN_BYTES);
let inPlaceAt = 0;
let inPlacePrefix = 0;
let inPlaceEnd = 0;

/**
 * A SNAPPY page of PLAIN doubles (V1: its definition levels, if any, come first in the compressed data)
 * decompressed straight into `out`'s buffer, placed so that its values land at out[written …]: no copy of
 * the values after decompression, which on a page of doubles is most of the decoding's work. The levels'
 * bytes land just before out[written] and the decompressor's overrun just after the values; both ranges
 * are saved first and put back by restoreAroundInPlace (after the caller has read the levels). Sets
 * payloadStart / payloadEnd in the buffer's coordinates, as pagePayload does; false (nothing written) when
 * the page does not fit that way (its levels too long, or out at its buffer's edges).
 */
function decompressInPlace(
  bytes: Uint8Array,
  start: number,
  end: number,
  uncompressedSize: number,
  count: number,
  out: Float64Array,
  written: number,
  context: string,
): boolean {
  const prefix = uncompressedSize - 8 * count;
  const at = out.byteOffset + 8 * written - prefix;
  const target = new Uint8Array(out.buffer);
  if (prefix < 0 || prefix > IN_PLACE_PREFIX_BYTES || at < 0) return false;
  if (at + uncompressedSize + SNAPPY_OVERRUN_BYTES > target.length) return false;
  inPlaceAt = at;
  inPlacePrefix = prefix;
  inPlaceEnd = at + uncompressedSize;
  savedPrefix.set(target.subarray(at, at + prefix));
  savedSuffix.set(target.subarray(inPlaceEnd, inPlaceEnd + SNAPPY_OVERRUN_BYTES));
  const output = target.subarray(at, inPlaceEnd + SNAPPY_OVERRUN_BYTES);
  let length: number;
  try {
    length = snappyDecompress(bytes, start, end, output, context, output.length);
  } catch (error) {
    restoreAroundInPlace(target);
    throw error;
  }
  if (length !== uncompressedSize) {
    restoreAroundInPlace(target);
    throw new ParquetFormatError(
      `${context}: snappy data decompressed to ${length} bytes, not the page's ${uncompressedSize}.`,
    );
  }
  payloadStart = at;
  payloadEnd = inPlaceEnd;
  return true;
}

/** Puts back the bytes that the last decompressInPlace wrote around the page's values. */
function restoreAroundInPlace(target: Uint8Array): void {
  target.set(savedPrefix.subarray(0, inPlacePrefix), inPlaceAt);
  target.set(savedSuffix, inPlaceEnd);
}

/**
 * The page's data, decompressed into the scratch's page region if the codec compresses it; sets
 * payloadStart / payloadEnd to its range in the returned bytes.
 */
function pagePayload(
  bytes: Uint8Array,
  start: number,
  end: number,
  uncompressedSize: number,
  codec: number,
  scratch: Uint8Array,
  capacity: number,
  context: string,
): Uint8Array {
  if (codec === CompressionCodec.UNCOMPRESSED) {
    payloadStart = start;
    payloadEnd = end;
    return bytes;
  }
  // codec is SNAPPY (columnChunkRefusal let no other through).
  if (uncompressedSize > capacity) {
    throw new ParquetFormatError(
      `${context}: an uncompressed size of ${uncompressedSize} bytes, more than the chunk's ${capacity}.`,
    );
  }
  const length = snappyDecompress(bytes, start, end, scratch, context, capacity);
  if (length !== uncompressedSize) {
    throw new ParquetFormatError(
      `${context}: snappy data decompressed to ${length} bytes, not the page's ${uncompressedSize}.`,
    );
  }
  payloadStart = 0;
  payloadEnd = length;
  return scratch;
}
