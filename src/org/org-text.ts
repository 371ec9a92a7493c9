/**
 * From the bytes of an org file to its text. People save org files from Notepad, Excel or Word:
 * in Latin-1, in UTF-16, or not as text at all. Each case is named so they can fix it, and no
 * byte of a binary file ever reaches a message.
 */
import type { Locale } from "../core/org.ts";
import {
  MAX_QUOTED,
  type OrgMessageCode,
  type OrgMessageParams,
  quoteFromFile,
} from "./org-messages.ts";

/** The largest org file read: about 10,000 people written one a line, parsed in seconds. */
export const MAX_ORG_FILE_BYTES = 2 * 1024 * 1024;

/** Why the bytes are not an org file's text; `line` when one line shows it. */
export interface OrgTextProblem {
  code: OrgMessageCode;
  params: OrgMessageParams;
  line: number | null;
  /** The language the file itself declares, when it can still be read; null when unknown. */
  locale: Locale | null;
}

/** The text of the file (a UTF-8 byte order mark removed), or why there is none. */
export type DecodedOrgText = { ok: true; text: string } | { ok: false; problem: OrgTextProblem };

const utf8 = new TextDecoder("utf-8", { fatal: true });
// WHATWG's "latin1" is Windows-1252: what Windows editors call ANSI, a superset of Latin-1.
const windows1252 = new TextDecoder("windows-1252");
// Bytes Windows-1252 leaves undefined: a file holding them is not Windows-1252 text either.
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
// How many stray control characters are reported one by one before the file counts as binary.
const MAX_STRAY_CONTROLS = 8;

/** Decodes the bytes of an org file, naming the encoding when it is not UTF-8. */
export function decodeOrgText(bytes: Uint8Array): DecodedOrgText {
  const signature = binarySignature(bytes);
  if (signature !== null) return problem("fileBinary", { format: signature }, null, null);
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return decodeUtf8(bytes.subarray(3));
  const utf16 = utf16Order(bytes);
  if (utf16 !== null) {
    const text = new TextDecoder(utf16, { ignoreBOM: false }).decode(bytes);
    return problem("fileUtf16", {}, null, declaredLocale(text));
  }
  return decodeUtf8(bytes);
}

function decodeUtf8(bytes: Uint8Array): DecodedOrgText {
  const controls = controlCharacters(bytes);
  if (controls.binary) return problem("fileBinary", {}, null, null);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return notUtf8(bytes);
  }
  const first = controls.first;
  if (first !== null) {
    const code = `U+${first.byte.toString(16).toUpperCase().padStart(4, "0")}`;
    return problem("fileControlChar", { code }, lineAt(bytes, first.offset), declaredLocale(text));
  }
  return { ok: true, text };
}

/** Invalid UTF-8: Windows-1252 when every high byte reads as a character there. */
function notUtf8(bytes: Uint8Array): DecodedOrgText {
  const offset = firstInvalidUtf8(bytes);
  const line = lineAt(bytes, offset);
  const text = windows1252.decode(bytes);
  const locale = declaredLocale(text);
  let looks1252 = true;
  for (const byte of bytes) {
    if (byte >= 0x80 && UNDEFINED_IN_1252.has(byte)) {
      looks1252 = false;
      break;
    }
  }
  if (!looks1252) return problem("fileNotUtf8", { line }, line, locale);
  const sample = sampleOf(text.split(/\r?\n|\r/)[line - 1] ?? "");
  return problem("fileLatin1", { line, sample }, line, locale);
}

/** The start of a line as it was meant, or the stretch around its first accented letter. */
function sampleOf(line: string): string {
  const text = line.trim();
  const first = text.search(/[^\x20-\x7e]/);
  if (first < MAX_QUOTED - 20) return quoteFromFile(text);
  return `…${quoteFromFile(text.slice(first - 20), MAX_QUOTED - 1)}`;
}

function problem(
  code: OrgMessageCode,
  params: OrgMessageParams,
  line: number | null,
  locale: Locale | null,
): DecodedOrgText {
  return { ok: false, problem: { code, params, line, locale } };
}

/** Formats people mistake for text: PDF, Office Open XML (and any zip), old Office files. */
function binarySignature(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "pdf";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return "zip";
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return "office";
  return null;
}

/** "utf-16le"/"utf-16be" for a byte order mark, or for ASCII text with every other byte zero. */
function utf16Order(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  if (startsWith(bytes, [0xff, 0xfe])) return "utf-16le";
  if (startsWith(bytes, [0xfe, 0xff])) return "utf-16be";
  const sample = bytes.subarray(0, 4096 - (Math.min(bytes.length, 4096) % 2));
  if (sample.length < 8) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) evenZeros++;
    else oddZeros++;
  }
  const half = sample.length / 2;
  if (oddZeros > half * 0.6 && evenZeros < half * 0.05) return "utf-16le";
  if (evenZeros > half * 0.6 && oddZeros < half * 0.05) return "utf-16be";
  return null;
}

/**
 * C0 control characters other than tab, line feed and carriage return (YAML allows no others).
 * A NUL, or more than a few, means the file is not text; a stray one is reported at its line.
 */
function controlCharacters(bytes: Uint8Array): {
  binary: boolean;
  first: { byte: number; offset: number } | null;
} {
  let first: { byte: number; offset: number } | null = null;
  let count = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte >= 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    if (byte === 0) return { binary: true, first };
    count++;
    if (count > MAX_STRAY_CONTROLS) return { binary: true, first };
    first ??= { byte, offset: i };
  }
  return { binary: false, first };
}

/** The offset of the first byte that breaks UTF-8 (the decoder only says that one does). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] ?? 0;
    const length =
      byte < 0x80
        ? 1
        : byte >= 0xc2 && byte <= 0xdf
          ? 2
          : byte >= 0xe0 && byte <= 0xef
            ? 3
            : byte >= 0xf0 && byte <= 0xf4
              ? 4
              : 0;
    if (length === 0) return i;
    const sequence = bytes.subarray(i, i + length);
    if (sequence.length < length) return i;
    try {
      utf8.decode(sequence);
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/** The `locale:` a file declares on a line of its own, read as plain text (it may not parse). */
export function declaredLocale(text: string): Locale | null {
  const match = /^locale:[ \t]*["']?(es|en)["']?[ \t]*(#.*)?\r?$/im.exec(text);
  const value = match?.[1]?.toLowerCase();
  return value === "en" || value === "es" ? value : null;
}
