import { columnChunkRefusal, columnChunkStart } from "./columnChunk.js";
import {
  CompressionCodec,
  Encoding,
  PageType,
  type ParquetColumnChunk,
  type ParquetLeafColumn,
  PhysicalType,
} from "./format.js";
import { hybridFirstMismatch } from "./hybrid.js";
import { PageHeader } from "./pageHeader.js";

/** Where one page's values lie: rows [firstRow, firstRow + rows) of the chunk, as doubles from byte `offset` of the file. */
export interface PlainPage {
  readonly firstRow: number;
  readonly rows: number;
  readonly offset: number;
}

/** Page headers are read through a window of this many bytes, then once more through a larger one. */
const HEADER_WINDOWS = [1024, 65536];

const header = new PageHeader();

/** The page header at `position`, read through the smallest window that holds it; false when none does. */
function readHeader(
  readAt: (position: number, length: number) => Uint8Array,
  position: number,
  end: number,
  context: string,
): boolean {
  for (const window of HEADER_WINDOWS) {
    try {
      header.read(readAt(position, Math.min(window, end - position)), 0, context);
      return true;
    } catch {
      if (window >= end - position) return false;
    }
  }
  return false;
}

/**
 * The pages of a chunk that a reader can read any rows of straight from the file, with no decoding: an
 * UNCOMPRESSED chunk of PLAIN doubles, every page's definition levels (if any) saying "present". Reads only
 * the pages' headers and levels. Undefined for any other chunk (compressed, a dictionary, another encoding
 * or type, a NULL, a header it cannot read): decodeColumnChunk reads those, and reports their faults.
 */
export function plainDoublePages(
  readAt: (position: number, length: number) => Uint8Array,
  leaf: ParquetLeafColumn,
  chunk: ParquetColumnChunk,
  rows: number,
): PlainPage[] | undefined {
  if (columnChunkRefusal(leaf, chunk) !== undefined) return undefined;
  if (chunk.codec !== CompressionCodec.UNCOMPRESSED || leaf.physicalType !== PhysicalType.DOUBLE) {
    return undefined;
  }
  const maxDefinition = leaf.maxDefinitionLevel;
  const definitionWidth = maxDefinition === 0 ? 0 : 32 - Math.clz32(maxDefinition);
  const pages: PlainPage[] = [];
  const end = columnChunkStart(chunk) + chunk.totalCompressedSize;
  let position = columnChunkStart(chunk);
  let covered = 0;
  while (covered < rows && position < end) {
    if (!readHeader(readAt, position, end, `column "${leaf.name}"`)) return undefined;
    const dataStart = position + header.dataStart;
    const dataEnd = dataStart + header.compressedPageSize;
    if (header.compressedPageSize < 0 || dataEnd > end) return undefined;
    if (header.type === PageType.DATA_PAGE || header.type === PageType.DATA_PAGE_V2) {
      if (header.encoding !== Encoding.PLAIN) return undefined;
      let valuesStart = dataStart;
      if (header.type === PageType.DATA_PAGE_V2) {
        if (maxDefinition > 0 && header.numNulls !== 0) return undefined;
        valuesStart += header.repetitionLevelsByteLength + header.definitionLevelsByteLength;
      } else if (maxDefinition > 0) {
        if (header.definitionLevelEncoding !== Encoding.RLE || dataStart + 4 > dataEnd) return undefined;
        const prefix = readAt(dataStart, 4);
        const length = new DataView(prefix.buffer, prefix.byteOffset, 4).getUint32(0, true);
        if (dataStart + 4 + length > dataEnd) return undefined;
        const levels = readAt(dataStart + 4, length);
        const context = `column "${leaf.name}"`;
        try {
          if (
            hybridFirstMismatch(
              levels,
              0,
              length,
              definitionWidth,
              header.numValues,
              maxDefinition,
              context,
            ) >= 0
          ) {
            return undefined;
          }
        } catch {
          return undefined;
        }
        valuesStart += 4 + length;
      }
      if (valuesStart + 8 * header.numValues > dataEnd) return undefined;
      pages.push({ firstRow: covered, rows: header.numValues, offset: valuesStart });
      covered += header.numValues;
    } else if (header.type !== PageType.INDEX_PAGE) {
      return undefined;
    }
    position = dataEnd;
  }
  return covered >= rows ? pages : undefined;
}
