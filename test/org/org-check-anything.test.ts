/**
 * Issue 10: `bomba org check` never says "internal error" for anything in a file. Real org files
 * (Mexico, Argentina, United States, the example) are broken at random the way people break them
 * (and worse: random bytes, binary, other encodings, huge numbers); every run ends with exit 0
 * or 1, one bounded printable line per issue, and nothing on stderr.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { recordingIo } from "../../src/cli/io.ts";
import { runOrgCheck } from "../../src/cli/org-check.ts";
import { runNode } from "../fixtures/child-process.ts";

const BASES = [
  "test/fixtures/orgs/mexico.yaml",
  "test/fixtures/orgs/argentina.yaml",
  "test/fixtures/orgs/united-states.yaml",
  "org.example.yaml",
].map((file) => readFileSync(file, "utf8"));

const workDir = mkdtempSync(join(tmpdir(), "bomba-anything-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

// What people (and accidents) put into org files.
const snippets = [
  "\t",
  ": ",
  "- ",
  "#",
  "{",
  "}",
  "[",
  "]",
  '"',
  "'",
  "*x",
  "&x ",
  "!tag ",
  "@juan",
  "%",
  "`",
  "---",
  "? ",
  "yes",
  "sí",
  "1000000",
  "1e308",
  "-1",
  "99999-12-31",
  "EST",
  "UTC-5",
  "Etc/GMT+5",
  "UK",
  "region: ZZ",
  "except: [2026-10-13]",
  "months: 100000",
  "workingDays: 1000000",
  "remindBefore: { days: 9999 }",
  "holidays: { country: MX, region: JAL }",
  "channel: #lealtad",
  "Company: X",
  "\u0000",
  "\u001b[2J",
  "\ufeff",
  "💣",
  "x".repeat(3000),
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), line: fc.nat() }),
  fc.record({
    kind: fc.constant("insert" as const),
    line: fc.nat(),
    at: fc.nat(),
    text: fc.constantFrom(...snippets),
  }),
  fc.record({
    kind: fc.constant("random" as const),
    line: fc.nat(),
    at: fc.nat(),
    text: fc.string({ unit: "binary", minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant("indent" as const),
    line: fc.nat(),
    by: fc.integer({ min: -4, max: 4 }),
  }),
  fc.record({ kind: fc.constant("truncate" as const), line: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, mutations: readonly Mutation[]): string {
  let lines = text.split("\n");
  for (const m of mutations) {
    const i = m.line % Math.max(lines.length, 1);
    const line = lines[i] ?? "";
    switch (m.kind) {
      case "delete":
        lines.splice(i, 1);
        break;
      case "duplicate":
        lines.splice(i, 0, line);
        break;
      case "insert":
      case "random": {
        const at = m.at % (line.length + 1);
        lines[i] = line.slice(0, at) + m.text + line.slice(at);
        break;
      }
      case "indent":
        lines[i] =
          m.by >= 0 ? " ".repeat(m.by) + line : line.slice(Math.min(-m.by, line.search(/\S|$/)));
        break;
      case "truncate":
        lines = lines.slice(0, i);
        break;
    }
  }
  return lines.join("\n");
}

const encoding = fc.constantFrom("utf8", "utf16le", "latin1", "utf8-bom" as const);

function encode(text: string, how: string): Buffer {
  if (how === "utf8-bom")
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
  return Buffer.from(text, how as BufferEncoding);
}

let runCount = 0;

/** Runs `bomba org check` on the bytes and asserts it behaved, whatever they were. */
function expectCalmCheck(bytes: Uint8Array): void {
  runCount++;
  const file = join(workDir, `org-${runCount}.yaml`);
  writeFileSync(file, bytes);
  const io = recordingIo();
  const code = runOrgCheck([file], io);
  expect([0, 1]).toContain(code);
  expect(io.stderr).toEqual([]);
  expect(io.stdout.length).toBeGreaterThan(0);
  for (const line of io.stdout) {
    expect(line.length).toBeLessThan(file.length + 700);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is that none is printed.
    expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(line).not.toMatch(/undefined|\[object |NaN|internal|inesperado|unexpected/);
  }
  const last = io.stdout.at(-1) ?? "";
  expect(last).toMatch(
    code === 0 ? / (correcto|OK): / : /^[\d.,]+ (error|errores|errors) (en|in) /,
  );
}

describe("bomba org check on anything", () => {
  it("real org files broken at random, in any encoding: exit 0 or 1, bounded printable lines", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: BASES.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 5 }),
        encoding,
        (base, mutations, how) => {
          expectCalmCheck(encode(mutate(BASES[base] ?? "", mutations), how));
        },
      ),
      { numRuns: 250 },
    );
  }, 60_000);

  it("random bytes: exit 1, bounded printable lines", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => expectCalmCheck(bytes)),
      { numRuns: 200 },
    );
  }, 60_000);

  it("random text: exit 1, bounded printable lines", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), (text) =>
        expectCalmCheck(Buffer.from(text)),
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it("the real command on a 2 MB binary file prints one short line and the count, exit 1", async () => {
    const file = join(workDir, "photo.yaml");
    const bytes = Buffer.alloc(2 * 1024 * 1024);
    let state = 11;
    for (let i = 0; i < bytes.length; i++) {
      state = (state * 1103515245 + 12345) >>> 0;
      bytes[i] = state >>> 24;
    }
    writeFileSync(file, bytes);
    const run = await runNode(["bin/bomba.js", "org", "check", file], {}).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(
      `${file}  no es un fichero de texto: un fichero de organización es texto YAML, como org.example.yaml\n1 error en ${file}\n`,
    );
  }, 60_000);
});
