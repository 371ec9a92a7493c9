/**
 * PNG text chunks: the chart's title travels inside the file (a `tEXt` "Title", as the PNG
 * specification names it), so whoever gets the file, and the tests, can read what it shows.
 */

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** The CRC-32 a PNG chunk ends with (over its type and data). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** True when the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 8)).equals(signature);
}

/** Width and height from the IHDR chunk, which a valid PNG has first. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (!isPng(png) || png.toString("latin1", 12, 16) !== "IHDR") throw new Error("not a PNG");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/**
 * The PNG with a text chunk after IHDR: `tEXt` (Latin-1, characters outside it become "?") and,
 * when that lost anything, an `iTXt` with the exact UTF-8 text as well.
 */
export function withTextChunk(png: Buffer, keyword: string, text: string): Buffer {
  pngSize(png);
  const ihdrEnd = 8 + 8 + png.readUInt32BE(8) + 4;
  const latin1 = Array.from(text, (c) => ((c.codePointAt(0) ?? 0) > 0xff ? "?" : c)).join("");
  const chunks = [chunk("tEXt", Buffer.from(`${keyword}\0${latin1}`, "latin1"))];
  if (latin1 !== text) {
    // keyword, null, compression flag 0, method 0, empty language tag, empty translated keyword.
    const head = Buffer.from(`${keyword}\0\0\0\0\0`, "latin1");
    chunks.push(chunk("iTXt", Buffer.concat([head, Buffer.from(text, "utf8")])));
  }
  return Buffer.concat([png.subarray(0, ihdrEnd), ...chunks, png.subarray(ihdrEnd)]);
}

/** The `tEXt` chunks of a PNG, keyword → text; checks every chunk's CRC on the way. */
export function readTextChunks(png: Buffer): Record<string, string> {
  if (!isPng(png)) throw new Error("not a PNG");
  const out: Record<string, string> = {};
  for (let at = 8; at + 12 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== png.readUInt32BE(at + 8 + length)) {
      throw new Error(`bad CRC in chunk ${type}`);
    }
    if (type === "tEXt") {
      const zero = data.indexOf(0);
      out[data.toString("latin1", 0, zero)] = data.toString("latin1", zero + 1);
    }
    if (type === "IEND") break;
    at += 12 + length;
  }
  return out;
}
