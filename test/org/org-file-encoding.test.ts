/**
 * Issue 10, item 5: what `bomba org check` says about a file that is not UTF-8 text. Every case
 * starts from a real org file (Mexico, Argentina, United States) saved the way people's editors
 * save it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { recordingIo } from "../../src/cli/io.ts";
import { runOrgCheck } from "../../src/cli/org-check.ts";
import { type LoadOrgResult, loadOrgFile, type OrgIssue } from "../../src/org/load-org.ts";

const workDir = mkdtempSync(join(tmpdir(), "bomba-encoding-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
let fileCount = 0;

const MEXICO = readFileSync("test/fixtures/orgs/mexico.yaml", "utf8");
const ARGENTINA = readFileSync("test/fixtures/orgs/argentina.yaml", "utf8");
const UNITED_STATES = readFileSync("test/fixtures/orgs/united-states.yaml", "utf8");

function writeBytes(bytes: Uint8Array): string {
  fileCount++;
  const file = join(workDir, `org-${fileCount}.yaml`);
  writeFileSync(file, bytes);
  return file;
}

/** The text in Windows-1252, as Notepad and Excel save it ("ANSI"); every character fits. */
function windows1252(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code > 0xff) throw new Error(`no Windows-1252 byte for ${char}`);
    bytes.push(code);
  }
  return Uint8Array.from(bytes);
}

function utf16le(text: string, bom: boolean): Uint8Array {
  const body = Buffer.from(text, "utf16le");
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

function utf16be(text: string): Uint8Array {
  const le = Buffer.from(text, "utf16le");
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1] ?? 0;
    be[i + 1] = le[i] ?? 0;
  }
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
}

/** Deterministic pseudo-random bytes (a linear congruential generator), like a photo or a zip. */
function junk(size: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(size);
  let state = seed;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

function issuesOf(result: LoadOrgResult): OrgIssue[] {
  if (result.ok) throw new Error("expected the org file to be rejected");
  return result.issues;
}

function check(file: string) {
  const io = recordingIo();
  const code = runOrgCheck([file], io);
  const output = [...io.stdout, ...io.stderr].join("\n");
  return { code, io, output };
}

/** Nothing printed may carry control characters or the replacement character of a bad decode. */
function expectPrintable(output: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is about control characters.
  expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/);
}

describe("an org file saved as Latin-1 / Windows-1252", () => {
  it("is refused, naming the encoding and the first line that shows it, in the file's language", () => {
    const file = writeBytes(windows1252(MEXICO));
    const issues = issuesOf(loadOrgFile(file));
    const line = MEXICO.split("\n").findIndex((l) => /[^ -~]/.test(l)) + 1;
    expect(issues).toEqual([expect.objectContaining({ code: "fileLatin1", line, path: "" })]);

    const run = check(file);
    expect(run.code).toBe(1);
    expect(run.io.stdout[0]).toBe(
      `${file}:${line}  el fichero no está en UTF-8: parece Latin-1/Windows-1252 ` +
        `(línea ${line}: "# Distribuidora del Bajío: a wholesale distributor in León, Guanajuato,…"); ` +
        "guárdelo con la codificación UTF-8",
    );
    expect(run.io.stdout.at(-1)).toBe(`1 error en ${file}`);
    expectPrintable(run.output);
  });

  it("speaks English for an English org, and shows the accented name as it was meant", () => {
    const text = UNITED_STATES.replace("Carlos Medina", "José Ramírez");
    const file = writeBytes(windows1252(text));
    const run = check(file);
    expect(run.code).toBe(1);
    const line = text.split("\n").findIndex((l) => l.includes("José")) + 1;
    expect(run.io.stdout[0]).toMatch(
      new RegExp(
        `^${escapeRegExp(file)}:${line}  the file is not UTF-8: it looks like Latin-1/Windows-1252 \\(line ${line}: ".*José Ramírez.*"\\); save it with UTF-8 encoding$`,
      ),
    );
    expect(run.io.stdout.at(-1)).toBe(`1 error in ${file}`);
    expectPrintable(run.output);
  });

  it("names Windows-1252's own characters (curly quotes, €) the same way", () => {
    const text = ARGENTINA.replace("Lácteos del Sur S.A.", "“Lácteos del Sur” S.A. €");
    const bytes = windows1252(
      text.replace("“", "\u0093").replace("”", "\u0094").replace("€", "\u0080"),
    );
    expect(issuesOf(loadOrgFile(writeBytes(bytes)))[0]?.code).toBe("fileLatin1");
  });
});

describe("an org file saved as UTF-16", () => {
  it.each([
    ["little-endian with a BOM (Windows' “Unicode”)", utf16le(MEXICO, true)],
    ["big-endian with a BOM", utf16be(MEXICO)],
    ["little-endian without a BOM", utf16le(MEXICO, false)],
  ])("%s is refused as UTF-16, in the file's language", (_, bytes) => {
    const file = writeBytes(bytes);
    const issues = issuesOf(loadOrgFile(file));
    expect(issues.map((i) => i.code)).toEqual(["fileUtf16"]);
    const run = check(file);
    expect(run.code).toBe(1);
    expect(run.io.stdout[0]).toBe(
      `${file}  el fichero está en UTF-16, no en UTF-8: guárdelo con la codificación UTF-8`,
    );
    expectPrintable(run.output);
  });

  it("speaks English for an English org", () => {
    const run = check(writeBytes(utf16le(UNITED_STATES, true)));
    expect(run.io.stdout[0]).toMatch(
      / the file is UTF-16, not UTF-8: save it with UTF-8 encoding$/,
    );
  });
});

describe("a UTF-8 file with a byte order mark", () => {
  it("is read as if the mark were not there", () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const file = writeBytes(Buffer.concat([bom, Buffer.from(MEXICO, "utf8")]));
    const result = loadOrgFile(file);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.org.company).toBe("Distribuidora del Bajío S.A. de C.V.");
    expect(result.org.people.get("jose.ramirez@bajio.mx")?.name).toBe("José Ramírez Núñez");
    expect(check(file).code).toBe(0);
  });
});

describe("a file that is not text at all", () => {
  it("a 2 MB binary file is named as such, and nothing of it reaches the terminal", () => {
    const file = writeBytes(junk(2 * 1024 * 1024));
    const run = check(file);
    expect(run.code).toBe(1);
    expect(run.io.stdout).toEqual([
      `${file}  no es un fichero de texto: un fichero de organización es texto YAML, como org.example.yaml`,
      `1 error en ${file}`,
    ]);
    expect(run.io.stderr).toEqual([]);
  });

  it.each([
    ["a PDF", Buffer.concat([Buffer.from("%PDF-1.7\n"), junk(5000)]), "un PDF"],
    [
      "an Excel workbook (xlsx)",
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), junk(5000)]),
      "un Excel, un Word o un ZIP",
    ],
    [
      "an old Excel workbook (xls)",
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), junk(5000)]),
      "un Excel o un Word",
    ],
  ])("%s is recognised", (_, bytes, what) => {
    const run = check(writeBytes(bytes));
    expect(run.code).toBe(1);
    expect(run.io.stdout[0]).toMatch(
      new RegExp(` no es un fichero de texto \\(parece ${what}\\): un fichero de organización`),
    );
    expectPrintable(run.output);
  });

  it("text with NUL bytes or terminal escapes is binary too, never echoed", () => {
    const escapes = `${MEXICO}\u001b]0;pwned\u0007\u001b[2J${"\u0000".repeat(50)}`;
    const run = check(writeBytes(Buffer.from(escapes, "utf8")));
    expect(run.code).toBe(1);
    expect(run.io.stdout[0]).toMatch(/ no es un fichero de texto: /);
    expectPrintable(run.output);
  });

  it("an empty file says so", () => {
    const file = writeBytes(new Uint8Array(0));
    expect(check(file).io.stdout[0]).toBe(`${file}  el fichero está vacío`);
    const blank = writeBytes(Buffer.from("\n\n   \n# just a comment\n"));
    expect(check(blank).io.stdout[0]).toBe(`${blank}  el fichero está vacío`);
  });

  it("a file far larger than any org is refused without reading it whole", () => {
    const people = Array.from(
      { length: 30_000 },
      (_, i) =>
        `  - { email: p${i}@example.com, name: Persona ${i}, title: Puesto de prueba número ${i} }`,
    );
    const text = `${MEXICO}\nextra_people:\n${people.join("\n")}\n`;
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    const file = writeBytes(Buffer.from(text, "utf8"));
    const started = performance.now();
    const run = check(file);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(run.code).toBe(1);
    expect(run.io.stdout[0]).toMatch(
      new RegExp(
        `^${escapeRegExp(file)}  el fichero ocupa \\d+,\\d MB; un fichero de organización no puede pasar de 2 MB \\(caben unas 10\\.000 personas\\)$`,
      ),
    );
  });
});

describe("whatever the file holds, a message quotes little of it", () => {
  it("a huge unknown key or value is cut, and control characters are never printed", () => {
    const key = `clave${"x".repeat(900)}`;
    const value = `Transportes ${"y".repeat(5000)}\u0007`;
    const text = MEXICO.replace(
      "company: Distribuidora",
      `${key}: 1\nceo2: "${value}"\ncompany: Distribuidora`,
    );
    const run = check(writeBytes(Buffer.from(text, "utf8")));
    expect(run.code).toBe(1);
    for (const line of run.io.stdout) expect(line.length).toBeLessThan(400);
    expectPrintable(run.output);
  });

  it("a long line of the file quoted in a message is cut", () => {
    const long = `company: ${"Ñandú ".repeat(2000)}`;
    const text = MEXICO.replace(/^(#.*\n)+/, "").replace(
      "company: Distribuidora del Bajío S.A. de C.V.",
      long,
    );
    const run = check(writeBytes(windows1252(text)));
    expect(run.io.stdout[0]?.length).toBeLessThan(400);
    expect(run.io.stdout[0]).toContain("Ñandú Ñandú");
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
