/**
 * The YAML parser's errors turned into the mistake a person most likely made, on the line they
 * made it. The parser speaks English and reports where it noticed, not where the fault is: a key
 * moved left is noticed on the next line, an unclosed `{` at the next item, and `#lealtad`
 * unquoted is a comment it never sees. These rules read the lines around each error and name
 * the usual mistakes (tabs, indentation, a missing colon, `#`, unclosed quotes and brackets,
 * `- ` items among keys, duplicate keys); anything else gets a plain "malformed YAML" there.
 */
import type { LineCounter, YAMLError, YAMLWarning } from "yaml";
import { type OrgMessageCode, type OrgMessageParams, quoteFromFile } from "./org-messages.ts";

/** One diagnosed mistake: a message code, its parameters and the 1-based line to show. */
export interface YamlMistake {
  line: number;
  code: OrgMessageCode;
  params: OrgMessageParams;
}

interface SourceLine {
  number: number;
  text: string;
  /** Spaces before the first character. */
  indent: number;
  blank: boolean;
  /** A `- ` item: its dash column is `indent`, its content starts at `keyColumn`. */
  dash: boolean;
  /** The key written on the line (after `- ` for an item), if any. */
  key: string | null;
  /** Column of that key. */
  keyColumn: number;
  /** The value after `key:`, comment removed; "" when the key opens a block. */
  value: string;
}

const KEY =
  /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#:"'{[\]},&*!|>%@`-][^#]*?|-[^\s#:][^#]*?)[ \t]*:(?:[ \t]+|$)/;

function readLine(text: string, number: number): SourceLine {
  // A tab in the indentation is an error of its own; counted as one column it still lets the
  // lines after it be read for what they are.
  const indent = /^[ \t]*/.exec(text)?.[0].length ?? 0;
  const rest = text.slice(indent);
  const blank = rest.trim() === "" || rest.startsWith("#");
  const dashMatch = /^-(?:[ \t]+|$)/.exec(rest);
  const dash = !blank && dashMatch !== null;
  const content = dash ? rest.slice(dashMatch?.[0].length ?? 0) : rest;
  const keyColumn = indent + (rest.length - content.length);
  const match = blank ? null : KEY.exec(content);
  const key = match?.[1] === undefined ? null : unquote(match[1].trim());
  const value = match === null ? "" : withoutComment(content.slice(match[0].length)).trim();
  return { number, text, indent, blank, dash, key, keyColumn, value };
}

function unquote(text: string): string {
  return text.replace(/^(["'])(.*)\1$/, "$2");
}

/** The text before a ` #` comment that is not inside quotes. */
function withoutComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      if (i === 0 || /[\s[{,:]/.test(text[i - 1] ?? "")) quote = char;
    } else if (char === "#" && (i === 0 || /\s/.test(text[i - 1] ?? ""))) {
      return text.slice(0, i);
    }
  }
  return text;
}

// A broken file can make the parser report thousands of errors; past this many, the rest are
// only counted (by line), so a 2 MB file of unclosed brackets is still told in a moment.
const MAX_DIAGNOSED = 100;

/** What one pass over the lines knows about each of them, so no rule rescans the file. */
interface Scan {
  lines: readonly SourceLine[];
  /** Per line (0-based): the first line up to it that opens a quote it never closes. */
  quoteFault: readonly (SourceLine | null)[];
  /** Per line (0-based): the `[`/`{` the error on that line most likely comes from. */
  bracketFault: readonly (OpenBracket | null)[];
}

interface OpenBracket {
  char: string;
  line: SourceLine;
}

/**
 * Diagnoses the parser's errors (and tag warnings) of a document, one mistake per line at most;
 * `more` counts the lines with errors past the ones diagnosed.
 */
export function diagnoseYamlErrors(
  text: string,
  errors: readonly (YAMLError | YAMLWarning)[],
  lineCounter: LineCounter,
): { mistakes: YamlMistake[]; more: number } {
  const scan = scanLines(text);
  const count = scan.lines.length;
  const lineOf = (error: YAMLError | YAMLWarning) =>
    Math.min(Math.max(lineCounter.linePos(error.pos[0]).line, 1), count);
  const ordered = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const mistakes: YamlMistake[] = [];
  const seen = new Set<number>();
  const undiagnosed = new Set<number>();
  ordered.forEach((error, i) => {
    const line = lineOf(error);
    if (i >= MAX_DIAGNOSED) {
      if (!seen.has(line)) undiagnosed.add(line);
      return;
    }
    const mistake = diagnose(error.code, line, scan);
    if (seen.has(mistake.line)) return;
    seen.add(mistake.line);
    mistakes.push(mistake);
  });
  return { mistakes, more: undiagnosed.size };
}

function scanLines(text: string): Scan {
  const lines = text.split(/\r?\n|\r/).map((line, i) => readLine(line, i + 1));
  const quoteFault: (SourceLine | null)[] = [];
  let firstQuote: SourceLine | null = null;
  for (const line of lines) {
    if (firstQuote === null && !line.blank && openQuoteOf(line.text) !== null) firstQuote = line;
    quoteFault.push(firstQuote);
  }
  return { lines, quoteFault, bracketFault: bracketFaults(lines) };
}

/** `key: #value` on a line of the text: the value YAML read as a comment. */
export function hashCommentAt(text: string, line: number): YamlMistake | null {
  const source = text.split(/\r?\n|\r/)[line - 1];
  return source === undefined ? null : hashComment(readLine(source, line));
}

/** Where an unquoted `*alias` was written, told as a value that needed quotes. */
export function aliasMistake(text: string, offset: number, lineCounter: LineCounter): YamlMistake {
  const line = lineCounter.linePos(offset).line;
  const source = readLine(text.split(/\r?\n|\r/)[line - 1] ?? "", line);
  return reservedStart(source, "*");
}

function diagnose(code: string, line: number, scan: Scan): YamlMistake {
  const { lines } = scan;
  const at = lines[line - 1] as SourceLine;
  const previous = previousContent(lines, line);
  if (code === "TAB_AS_INDENT") return { line, code: "yamlTabIndent", params: {} };
  const hash = hashComment(at) ?? (previous === null ? null : hashComment(previous));
  if (hash !== null) return hash;
  if (code === "TAG_RESOLVE_FAILED") return reservedStart(at, "!");
  const quote = scan.quoteFault[line - 1] ?? null;
  if (quote !== null) {
    const params = { quote: openQuoteOf(quote.text) ?? '"' };
    return { line: quote.number, code: "yamlUnclosedQuote", params };
  }
  const bracket = scan.bracketFault[line - 1] ?? null;
  if (bracket !== null) return bracketMistake(bracket);
  if (code === "DUPLICATE_KEY") return duplicateKey(lines, at);
  if (code === "MULTIPLE_DOCS") return { line, code: "yamlMultipleDocs", params: {} };
  if (code === "BAD_SCALAR_START") {
    const char = /^[@`%]/.exec(at.value)?.[0] ?? "@";
    return reservedStart(at, char);
  }
  const colon = colonInValue(at);
  if (colon !== null && code === "BLOCK_AS_IMPLICIT_KEY") return colon;
  const list = listAmongKeys(lines, at);
  if (list !== null) return list;
  const missing = missingColon(at) ?? (previous === null ? null : missingColon(previous));
  if (missing !== null) return missing;
  return indentation(code, lines, at, previous) ?? { line, code: "yamlSyntax", params: {} };
}

function previousContent(lines: readonly SourceLine[], line: number): SourceLine | null {
  for (let i = line - 2; i >= 0; i--) {
    const candidate = lines[i];
    if (candidate !== undefined && !candidate.blank) return candidate;
  }
  return null;
}

function nextContent(lines: readonly SourceLine[], line: number): SourceLine | null {
  for (let i = line; i < lines.length; i++) {
    const candidate = lines[i];
    if (candidate !== undefined && !candidate.blank) return candidate;
  }
  return null;
}

/** `channel: #lealtad`: the `#` opens a comment, so the key has no value. */
function hashComment(line: SourceLine): YamlMistake | null {
  const match = /(^|[\s{,])([A-Za-z_][\w-]*):[ \t]+#([^\s#,}\]]+)/.exec(line.text);
  if (match === null) return null;
  const params = { key: quoteFromFile(match[2] ?? ""), value: quoteFromFile(`#${match[3] ?? ""}`) };
  return { line: line.number, code: "yamlHashComment", params };
}

/** The quote a line opens for a value and never closes (quoted values rarely span lines). */
function openQuoteOf(text: string): string | null {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote === '"') {
      if (char === "\\") i++;
      else if (char === '"') quote = null;
    } else if (quote === "'") {
      if (char === "'" && text[i + 1] === "'") i++;
      else if (char === "'") quote = null;
    } else if ((char === '"' || char === "'") && valueStartsAt(text, i)) {
      quote = char;
    } else if (char === "#" && (i === 0 || /\s/.test(text[i - 1] ?? ""))) {
      return null;
    }
  }
  return quote;
}

/** True where a value can start: a quote or bracket there opens one (O'Brien is plain text). */
function valueStartsAt(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === " " || text[j] === "\t")) j--;
  return j < 0 || ":,[{?-".includes(text[j] ?? "");
}

/**
 * For each line, the `[` or `{` an error there most likely comes from: the last one cut off
 * before it (unclosed when a line as little indented as the one that opened it starts a new
 * entry), else one still open on the line itself.
 */
function bracketFaults(lines: readonly SourceLine[]): (OpenBracket | null)[] {
  const faults: (OpenBracket | null)[] = [];
  let open: OpenBracket[] = [];
  let unclosed: OpenBracket | null = null;
  for (const line of lines) {
    const first = open[0];
    if (!line.blank && first !== undefined && line.indent <= first.line.indent) {
      unclosed = first;
      open = [];
    }
    if (!line.blank) open = bracketsLeftOpen(line, open);
    // One left open on the error's own line may yet close; one already cut off is the fault.
    faults.push(unclosed ?? open[0] ?? null);
  }
  return faults;
}

/** The brackets still open after a line, given those open before it. */
function bracketsLeftOpen(line: SourceLine, before: OpenBracket[]): OpenBracket[] {
  let open = before;
  let quote: string | null = null;
  for (let i = 0; i < line.text.length; i++) {
    const char = line.text[i];
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      if (valueStartsAt(line.text, i)) quote = char;
    } else if (char === "#" && (i === 0 || /\s/.test(line.text[i - 1] ?? ""))) {
      break;
    } else if (char === "[" || char === "{") {
      if (open.length > 0 || valueStartsAt(line.text, i)) open = [...open, { char, line }];
    } else if ((char === "]" || char === "}") && open.length > 0) {
      const top = open.at(-1);
      const matches = (top?.char === "[" && char === "]") || (top?.char === "{" && char === "}");
      open = matches ? open.slice(0, -1) : [];
    }
  }
  return open;
}

function bracketMistake(open: OpenBracket): YamlMistake {
  const close = open.char === "[" ? "]" : "}";
  return {
    line: open.line.number,
    code: "yamlUnclosedBracket",
    params: { open: open.char, close },
  };
}

/** The same key twice in one block: name the line of the first. */
function duplicateKey(lines: readonly SourceLine[], at: SourceLine): YamlMistake {
  const key = at.key ?? flowDuplicate(at.text) ?? "";
  let first: number | null = null;
  for (let i = at.number - 2; i >= 0 && at.key !== null; i--) {
    const line = lines[i];
    if (line === undefined || line.blank) continue;
    if (line.keyColumn === at.keyColumn && line.key === at.key) {
      first = line.number;
      break;
    }
    if (line.keyColumn < at.keyColumn) break;
  }
  if (first === null)
    return { line: at.number, code: "yamlDuplicateKey", params: { key: quoteFromFile(key) } };
  const params = { key: quoteFromFile(key), first };
  // Both inside one `- ` item: most likely the "- " of the next item was forgotten.
  const code = inOneItem(lines, first, at.keyColumn)
    ? "yamlDuplicateKeyInItem"
    : "yamlDuplicateKey";
  return { line: at.number, code, params };
}

/** True when the block holding line `first` at `keyColumn` is a `- ` item. */
function inOneItem(lines: readonly SourceLine[], first: number, keyColumn: number): boolean {
  for (let i = first - 1; i >= 0; i--) {
    const line = lines[i];
    if (line === undefined || line.blank) continue;
    if (line.keyColumn < keyColumn) return false;
    if (line.keyColumn === keyColumn && line.dash) return true;
  }
  return false;
}

/** The first key written twice inside a one-line `{ … }`. */
function flowDuplicate(text: string): string | null {
  const keys = [...text.matchAll(/[{,]\s*([A-Za-z_][\w-]*)\s*:/g)].map((m) => m[1] ?? "");
  return keys.find((key, i) => keys.indexOf(key) !== i) ?? null;
}

/** `title: Jefe: ventas`: a second ": " inside a plain value. */
function colonInValue(line: SourceLine): YamlMistake | null {
  if (line.key === null || !/^[^"'[{].*:\s/.test(line.value)) return null;
  const fix = quoteFromFile(`${line.key}: "${line.value}"`);
  return { line: line.number, code: "yamlColonInValue", params: { fix } };
}

/** `slack: @juan`, `name: *Director*`: a value that starts with a character YAML reserves. */
function reservedStart(line: SourceLine, char: string): YamlMistake {
  const value = line.value === "" ? line.text.trim() : line.value;
  const fix = line.key === null ? `"${value}"` : `${line.key}: "${value}"`;
  return {
    line: line.number,
    code: "yamlReservedStart",
    params: { char, fix: quoteFromFile(fix) },
  };
}

/**
 * A `- ` item in a block whose entries above are keys: at its own column (`email: …` then
 * `- name: …`), or deeper, when the first item lost its dash (`    id: almacen` then `  - id: ventas`).
 */
function listAmongKeys(lines: readonly SourceLine[], at: SourceLine): YamlMistake | null {
  if (!at.dash) return null;
  let lastKey: string | null = null;
  for (let i = at.number - 2; i >= 0; i--) {
    const line = lines[i];
    if (line === undefined || line.blank) continue;
    if (line.indent > at.indent) {
      lastKey ??= line.key;
      continue;
    }
    if (line.indent === at.indent) {
      if (line.dash || line.key === null) return null;
      lastKey = line.key;
    }
    // The parent (or a key at the item's column): the block held keys, never a "- ".
    if (lastKey === null) return null;
    return {
      line: at.number,
      code: "yamlListAmongKeys",
      params: { above: quoteFromFile(lastKey) },
    };
  }
  return null;
}

/** `timezone Europe/Madrid`: a line of a map with no `key:` on it. */
function missingColon(line: SourceLine): YamlMistake | null {
  if (line.blank || line.key !== null) return null;
  const content = line.text.slice(line.keyColumn).trim();
  const noSpace = /^([A-Za-z_][\w-]*):(\S.*)$/.exec(content);
  if (noSpace !== null) {
    const key = noSpace[1] ?? "";
    const fix = quoteFromFile(`${key}: ${noSpace[2] ?? ""}`);
    return { line: line.number, code: "yamlMissingSpace", params: { key, fix } };
  }
  const match = /^([A-Za-z_][\w-]*)(?:\s+(.*))?$/.exec(content);
  if (match === null || content.includes(": ")) return null;
  const key = match[1] ?? "";
  const rest = (match[2] ?? "").trim();
  const fix = quoteFromFile(`${key}: ${rest === "" ? "…" : rest}`);
  return { line: line.number, code: "yamlMissingColon", params: { key, fix } };
}

/**
 * Indentation, told from the lines around the error: the one out of line is the one named,
 * whether the parser noticed it there or on the next line.
 */
function indentation(
  code: string,
  lines: readonly SourceLine[],
  at: SourceLine,
  previous: SourceLine | null,
): YamlMistake | null {
  if (at.key === null && !at.dash) return null;
  // `timezone: Europe/Madrid` then `  locale: es`: the parser reads the two lines as one key and
  // reports the first; the fault is the second.
  const next = nextContent(lines, at.number);
  const oneKeyOfTwoLines = code === "BLOCK_AS_IMPLICIT_KEY" || code === "MULTILINE_IMPLICIT_KEY";
  if (oneKeyOfTwoLines && at.key !== null && at.value !== "" && next?.key != null) {
    if (next.indent > at.keyColumn && !next.dash) return indentedMore(next, at);
  }
  if (previous === null || at.key === null) return null;
  // The nearest line above that is less indented should own this line's block. When it has a
  // value of its own it cannot: either it moved left out of the block (its siblings above are
  // in this line's column), or the block moved right under it. The parser may notice several
  // lines later; every error of the block points at the same line.
  const owner = previous.keyColumn < at.keyColumn ? previous : lessIndentedAbove(lines, at);
  if (owner?.key != null && owner.value !== "") {
    const before = previousContent(lines, owner.number);
    if (before !== null && before.keyColumn === at.keyColumn && before.key !== null) {
      const params = { key: quoteFromFile(owner.key), sibling: quoteFromFile(before.key) };
      return { line: owner.number, code: "yamlIndentLess", params };
    }
    return indentedMore(nextContent(lines, owner.number) ?? at, owner);
  }
  if (at.keyColumn !== previous.keyColumn && previous.key !== null) {
    const params = { key: quoteFromFile(at.key), sibling: quoteFromFile(previous.key) };
    return { line: at.number, code: "yamlIndentMisaligned", params };
  }
  return { line: at.number, code: "yamlBadIndent", params: {} };
}

/** The nearest content line above `at` whose key starts left of `at`'s. */
function lessIndentedAbove(lines: readonly SourceLine[], at: SourceLine): SourceLine | null {
  for (let i = at.number - 2; i >= 0; i--) {
    const line = lines[i];
    if (line !== undefined && !line.blank && line.keyColumn < at.keyColumn) return line;
  }
  return null;
}

function indentedMore(line: SourceLine, above: SourceLine): YamlMistake {
  const params = { key: quoteFromFile(line.key ?? ""), above: quoteFromFile(above.key ?? "") };
  return { line: line.number, code: "yamlIndentMore", params };
}
