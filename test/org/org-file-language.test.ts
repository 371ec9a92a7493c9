/**
 * Issue 10, item 9 (the org file's part): `bomba org check` speaks the file's language, counts
 * with `Intl.PluralRules` ("1 person, 1 department", never "1 people, 1 departments") and writes
 * English a native speaker would.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { recordingIo } from "../../src/cli/io.ts";
import { runOrgCheck } from "../../src/cli/org-check.ts";
import { loadOrgFile, parseOrg } from "../../src/org/load-org.ts";
import { orgMessage } from "../../src/org/org-messages.ts";

const UNITED_STATES = readFileSync("test/fixtures/orgs/united-states.yaml", "utf8");

const workDir = mkdtempSync(join(tmpdir(), "bomba-language-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function check(text: string, name: string) {
  const file = join(workDir, name);
  writeFileSync(file, text);
  const io = recordingIo();
  return { code: runOrgCheck([file], io), io, file };
}

/** A one-person company: its owner is the CEO, the loyalty manager and the department. */
function oneManShop(locale: "es" | "en"): string {
  return [
    "company: Taller Núñez",
    "timezone: America/Mexico_City",
    `locale: ${locale}`,
    "loyaltyManagers: [beto@tallernunez.mx]",
    "ceo: beto@tallernunez.mx",
    "people:",
    "  - { email: beto@tallernunez.mx, name: Alberto Núñez, title: Dueño }",
    "departments:",
    "  - { id: taller, name: Taller, director: beto@tallernunez.mx, link: beto@tallernunez.mx }",
    "",
  ].join("\n");
}

describe("counts", () => {
  it("one person and one department, in English and in Spanish", () => {
    const en = check(oneManShop("en"), "one-en.yaml");
    expect(en.io.stdout).toEqual([
      `${en.file} OK: Taller Núñez, 1 person, 1 department, America/Mexico_City, en`,
    ]);
    const es = check(oneManShop("es"), "one-es.yaml");
    expect(es.io.stdout).toEqual([
      `${es.file} correcto: Taller Núñez, 1 persona, 1 departamento, America/Mexico_City, es`,
    ]);
  });

  it("errors are counted in the file's language, one or many", () => {
    const one = check(UNITED_STATES.replace("ceo: robert", "ceo: bob"), "one-error.yaml");
    expect(one.io.stdout.at(-1)).toBe(`1 error in ${one.file}`);
    const two = check(
      UNITED_STATES.replace("ceo: robert", "ceo: bob").replace("maxForwards: 2", "maxForwards: -2"),
      "two-errors.yaml",
    );
    expect(two.io.stdout.at(-1)).toBe(`2 errors in ${two.file}`);
  });

  it("the syntax errors beyond the first five are counted, one or many", () => {
    const lines = UNITED_STATES.split("\n");
    const people = lines.filter((l) => l.startsWith("  - { email:")).slice(0, 6);
    const broken = people.reduce(
      (text, line) => text.replace(line, line.replace(/ }$/, "")),
      UNITED_STATES,
    );
    const result = parseOrg(broken);
    if (result.ok) throw new Error("expected errors");
    expect(result.issues.at(-1)?.message).toBe(
      "and 1 more syntax error, most likely caused by the first",
    );
    expect(orgMessage("en", "yamlMoreErrors", { count: 3 })).toBe(
      "and 3 more syntax errors, most likely caused by the first",
    );
    expect(orgMessage("es", "yamlMoreErrors", { count: 1 })).toBe(
      "y 1 error de sintaxis más, casi seguro consecuencia del primero",
    );
  });

  it("big numbers are written the locale's way", () => {
    const params = { max: 2, people: 10_000, size: 3.5 };
    expect(orgMessage("en", "fileTooLarge", params)).toBe(
      "the file is 3.5 MB; an org file can be at most 2 MB (room for about 10,000 people)",
    );
    expect(orgMessage("es", "fileTooLarge", params)).toBe(
      "el fichero ocupa 3,5 MB; un fichero de organización no puede pasar de 2 MB (caben unas 10.000 personas)",
    );
  });
});

describe("the file's language, whatever is wrong with it", () => {
  it("a file that does not parse speaks English when it says locale: en, even below the error", () => {
    const text = `${UNITED_STATES.replace("locale: en\n", "").replace('  dayEnds: "17:00"', '\tdayEnds: "17:00"')}locale: en\n`;
    const run = check(text, "late-locale.yaml");
    expect(run.io.stdout[0]).toMatch(/this line is indented with a tab/);
    expect(run.io.stdout.at(-1)).toBe(`1 error in ${run.file}`);
  });

  it("Windows line endings do not hide the locale", () => {
    const text = UNITED_STATES.replace('  dayEnds: "17:00"', '\tdayEnds: "17:00"').replace(
      /\n/g,
      "\r\n",
    );
    expect(check(text, "crlf.yaml").io.stdout[0]).toMatch(/this line is indented with a tab/);
  });

  it("locale: EN (upper case) is refused in English", () => {
    const run = check(UNITED_STATES.replace("locale: en", "locale: EN"), "upper-locale.yaml");
    expect(run.io.stdout[0]).toMatch(/ {2}locale: invalid value "EN"; must be one of: es, en$/);
    expect(run.io.stdout.at(-1)).toBe(`1 error in ${run.file}`);
  });

  it("a file without a locale is Spanish, as the org it describes", () => {
    const run = check(
      UNITED_STATES.replace("locale: en\n", "").replace("ceo: robert", "ceo: bob"),
      "no-locale.yaml",
    );
    expect(run.io.stdout[0]).toMatch(/ceo: persona desconocida "bob.sullivan@hvfreight.com"$/);
  });

  it("a file that cannot be read at all speaks the language the caller gives", () => {
    const missing = join(workDir, "missing.yaml");
    const en = loadOrgFile(missing, "en");
    expect(!en.ok && en.issues[0]?.message).toBe("the file does not exist");
    const es = loadOrgFile(missing);
    expect(!es.ok && es.issues[0]?.message).toBe("el fichero no existe");
    const folder = loadOrgFile(workDir, "en");
    expect(!folder.ok && folder.issues[0]?.message).toBe(
      "cannot read the file: it is a folder, not a file",
    );
  });
});

describe("English a native speaker would write", () => {
  it.each([
    ["personNeedsKey", {}, "each person needs an email or a slack ID"],
    ["personHasBothKeys", {}, "each person has an email or a slack ID, not both"],
    ["wrongType", { expected: "string" }, "expected text"],
    ["duplicateWorkday", { value: "mon" }, '"mon" is listed twice'],
    [
      "ceoHasSuperior",
      { ceo: "Robert Sullivan" },
      "the CEO (Robert Sullivan) cannot have a reportsTo",
    ],
    ["cycle", { people: "A → B → A" }, "reportsTo goes round in a circle: A → B → A"],
    ["badEmail", { value: "bob@" }, 'invalid email address "bob@"'],
    ["fileUnreadable", { reason: "EACCES" }, "cannot read the file: permission denied"],
  ] as const)("%s", (code, params, message) => {
    expect(orgMessage("en", code, params)).toBe(message);
  });
});
