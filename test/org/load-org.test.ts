import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { recordingIo } from "../../src/cli/io.ts";
import { runOrgCheck } from "../../src/cli/org-check.ts";
import { chainAbove } from "../../src/core/org.ts";
import {
  formatOrgIssue,
  type LoadOrgResult,
  loadOrgFile,
  type OrgIssue,
  parseOrg,
} from "../../src/org/load-org.ts";
import {
  fixtureDepartments,
  fixtureOrg,
  fixturePeople,
  lineOf,
  orgYaml,
  peopleWith,
} from "../fixtures/org.ts";

const workDir = mkdtempSync(join(tmpdir(), "bomba-org-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
let fileCount = 0;

function writeOrg(text: string): string {
  fileCount++;
  const file = join(workDir, `org-${fileCount}.yaml`);
  writeFileSync(file, text);
  return file;
}

function issuesOf(result: LoadOrgResult): OrgIssue[] {
  if (result.ok) throw new Error("expected the org to be rejected");
  return result.issues;
}

/**
 * Asserts that `text` is rejected with an issue at `path` on the line holding `needle`, and that
 * `bomba org check` prints that issue and exits 1.
 */
function expectIssue(text: string, path: string, needle: string, occurrence = 1): OrgIssue {
  const line = lineOf(text, needle, occurrence);
  const issue = issuesOf(parseOrg(text)).find((i) => i.path === path);
  expect(issue, `no issue at ${path}`).toBeDefined();
  expect(issue?.line).toBe(line);

  const file = writeOrg(text);
  const io = recordingIo();
  expect(runOrgCheck([file], io)).toBe(1);
  expect(io.stdout.some((l) => l.startsWith(`${file}:${line}  ${path}: `))).toBe(true);
  expect(io.stdout.at(-1)).toMatch(/^\d+ errore?s? en /);
  expect(io.stderr).toEqual([]);
  return issue as OrgIssue;
}

describe("parseOrg on a valid file", () => {
  it("loads org.example.yaml clean, with the seed's logistics chain", () => {
    const result = loadOrgFile("org.example.yaml");
    if (!result.ok)
      throw new Error(result.issues.map((i) => formatOrgIssue("x", i, "en")).join("\n"));
    const { org } = result;
    expect(org.company).toBe("Transportes Ejemplo S.L.");
    expect(org.calendar.timezone).toBe("Europe/Madrid");
    expect(org.locale).toBe("es");
    expect(org.calendar.holidays).toEqual({
      country: "ES",
      region: "MD",
      extra: ["2026-12-24", "2026-12-31"],
      except: [],
    });
    expect(org.people.size).toBeGreaterThanOrEqual(20);
    expect(org.departments.size).toBeGreaterThanOrEqual(5);
    expect([...org.departments.keys()][0]).toBe("logistica");
    expect(org.departments.get("logistica")).toMatchObject({
      director: "luis@example.com",
      link: "nacho@example.com",
    });
    expect(org.loyaltyManagers).toEqual(["ana@example.com"]);
    expect(org.ceo).toBe("carlos@example.com");
    expect(org.digest).toEqual({ channel: "#fidelizacion", at: "09:00" });
    expect(org.report).toEqual({ channel: "#direccion" });

    const driver = [...org.people.values()].find((p) => p.title === "Repartidor");
    expect(driver).toBeDefined();
    const chain = chainAbove(org, driver?.id ?? "");
    expect(chain.map((id) => org.people.get(id)?.title)).toEqual([
      "Responsable de tráfico local",
      "Jefe de tráfico nacional",
      "Director de logística",
      "Directora de operaciones",
      "CEO",
    ]);
    expect(chain.slice(1).map((id) => org.people.get(id)?.name)).toEqual([
      "Nacho Pérez",
      "Luis Gil",
      "Olga Martín",
      "Carlos Ruiz",
    ]);
  });

  it("bomba org check prints a one-line summary and exits 0", () => {
    const io = recordingIo();
    expect(runOrgCheck(["org.example.yaml"], io)).toBe(0);
    expect(io.stdout).toHaveLength(1);
    expect(io.stdout[0]).toMatch(
      /^org\.example\.yaml correcto: Transportes Ejemplo S\.L\., \d+ personas, \d+ departamentos, Europe\/Madrid, es$/,
    );
  });

  it("applies SPEC's usual values when calendar, policy, locale, digest and report are absent", () => {
    const text = orgYaml({
      locale: undefined,
      calendar: undefined,
      policy: undefined,
      digest: undefined,
      report: undefined,
    });
    const result = parseOrg(text);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { org } = result;
    expect(org.locale).toBe("es");
    expect(org.calendar).toEqual({
      timezone: "Europe/Madrid",
      workdays: ["mon", "tue", "wed", "thu", "fri"],
      dayStarts: "09:00",
      dayEnds: "18:00",
      holidays: { country: null, region: null, extra: [], except: [] },
    });
    expect(org.policy).toEqual({
      answerWithin: { workingDays: 3 },
      forwardRestartsClock: true,
      maxForwards: 3,
      minor: { resolveWithin: { days: 10 }, remindBefore: { days: 3 } },
      major: { resolveWithin: { months: 3 }, remindBefore: { days: 10 } },
      quietHours: true,
    });
    expect(org.digest).toBeNull();
    expect(org.report).toBeNull();
  });

  it("keys people by lower-cased e-mail or Slack id, and resolves references written either way", () => {
    const people = [
      ...peopleWith("sergio@example.com", { email: undefined, slack: "U0SERGIO1" }),
      { slack: "U0CRIS001", name: "Cristina Fuentes", title: "Comercial", reportsTo: "u0sergio1" },
    ].map((p) => (p.email === "luis@example.com" ? { ...p, email: "Luis@Example.COM" } : p));
    const departments = fixtureDepartments().map((d) =>
      d.id === "comercial" ? { ...d, link: "U0SERGIO1" } : { ...d, director: "LUIS@example.com" },
    );
    const result = parseOrg(orgYaml({ people, departments }));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { org } = result;
    expect(org.people.get("luis@example.com")).toMatchObject({
      id: "luis@example.com",
      email: "luis@example.com",
      addresses: {},
    });
    expect(org.people.get("U0SERGIO1")).toMatchObject({
      email: null,
      reportsTo: "raul@example.com",
    });
    expect(org.people.get("U0CRIS001")?.reportsTo).toBe("U0SERGIO1");
    expect(org.people.get("nacho@example.com")?.reportsTo).toBe("luis@example.com");
    expect(org.departments.get("comercial")?.link).toBe("U0SERGIO1");
    expect(org.departments.get("logistica")?.director).toBe("luis@example.com");
  });
});

describe("each kind of error names its path and line, and org check exits 1", () => {
  it("unknown person in reportsTo", () => {
    const text = orgYaml({
      people: peopleWith("marcos@example.com", { reportsTo: "pepe@example.com" }),
    });
    const issue = expectIssue(text, "people[4].reportsTo", "marcos@example.com");
    expect(issue.message).toBe('persona desconocida "pepe@example.com"');
  });

  it("unknown CEO", () => {
    const text = orgYaml({ ceo: "carla@example.com" });
    expectIssue(text, "ceo", '"carla@example.com"');
  });

  it("unknown loyalty manager", () => {
    const text = orgYaml({ loyaltyManagers: ["ana@example.com", "bea@example.com"] });
    expectIssue(text, "loyaltyManagers[1]", "loyaltyManagers:");
  });

  it("department director not in people", () => {
    const departments = fixtureDepartments().map((d) =>
      d.id === "comercial" ? { ...d, director: "zoe@example.com" } : d,
    );
    expectIssue(orgYaml({ departments }), "departments[1].director", "zoe@example.com");
  });

  it("department link not in people", () => {
    const departments = fixtureDepartments().map((d) =>
      d.id === "logistica" ? { ...d, link: "U0NOBODY1" } : d,
    );
    expectIssue(orgYaml({ departments }), "departments[0].link", "U0NOBODY1");
  });

  it("duplicate e-mail, compared case-insensitively", () => {
    const people = [
      ...fixturePeople(),
      {
        email: "Nacho@Example.com",
        name: "Ignacio Pérez",
        title: "Otro",
        reportsTo: "luis@example.com",
      },
    ];
    const issue = expectIssue(orgYaml({ people }), "people[9].email", "Ignacio Pérez");
    expect(issue.message).toContain("people[3]");
  });

  it("duplicate Slack id", () => {
    const people = [
      ...fixturePeople(),
      { slack: "U0TWIN001", name: "Uno", title: "Repartidor", reportsTo: "marcos@example.com" },
      { slack: "U0TWIN001", name: "Dos", title: "Repartidor", reportsTo: "marcos@example.com" },
    ];
    expectIssue(orgYaml({ people }), "people[10].slack", '"Dos"');
  });

  it("duplicate department id", () => {
    const departments = [
      ...fixtureDepartments(),
      { id: "logistica", name: "Otra", director: "luis@example.com", link: "marcos@example.com" },
    ];
    expectIssue(orgYaml({ departments }), "departments[2].id", '"Otra"');
  });

  it("a person with both email and slack", () => {
    const people = peopleWith("jorge@example.com", { slack: "U0JORGE01" });
    expectIssue(orgYaml({ people }), "people[5].slack", "U0JORGE01");
  });

  it("a person with neither email nor slack", () => {
    const people = peopleWith("jorge@example.com", { email: undefined });
    expectIssue(orgYaml({ people }), "people[5]", "Jorge López");
  });

  it("a cycle in reportsTo, naming the people in it", () => {
    const people = peopleWith("olga@example.com", { reportsTo: "nacho@example.com" });
    const issue = expectIssue(orgYaml({ people }), "people[1].reportsTo", "olga@example.com");
    expect(issue.code).toBe("cycle");
    expect(issue.message).toBe(
      "ciclo en reportsTo: Olga Martín → Nacho Pérez → Luis Gil → Olga Martín",
    );
  });

  it("a person reporting to themself is a cycle of one", () => {
    const people = peopleWith("jorge@example.com", { reportsTo: "jorge@example.com" });
    const issue = expectIssue(orgYaml({ people }), "people[5].reportsTo", "Jorge López");
    expect(issue.message).toBe("ciclo en reportsTo: Jorge López → Jorge López");
  });

  it("two roots", () => {
    const people = peopleWith("raul@example.com", { reportsTo: undefined });
    const issue = expectIssue(orgYaml({ people }), "people[6]", "Raúl Ortega");
    expect(issue.code).toBe("multipleRoots");
    expect(issue.message).toContain("Carlos Ruiz, Raúl Ortega");
  });

  it("the root not being the CEO", () => {
    const text = orgYaml({ ceo: "olga@example.com" });
    const root = expectIssue(text, "people[0]", "Carlos Ruiz");
    expect(root.message).toBe("Carlos Ruiz no tiene reportsTo pero el CEO es Olga Martín");
    const ceo = expectIssue(text, "people[1].reportsTo", "Olga Martín");
    expect(ceo.code).toBe("ceoHasSuperior");
  });

  it("someone with no path to the CEO", () => {
    const people = peopleWith("raul@example.com", { reportsTo: undefined });
    const issue = expectIssue(orgYaml({ people }), "people[7].reportsTo", "Sergio Castillo");
    expect(issue.message).toBe(
      "Sergio Castillo no llega al CEO: su cadena se corta en Raúl Ortega",
    );
  });

  it("a bad time zone", () => {
    const issue = expectIssue(orgYaml({ timezone: "Europe/Madird" }), "timezone", "timezone:");
    expect(issue.code).toBe("badZone");
  });

  it.each([
    ["two units", { workingDays: 3, days: 2 }, "policy.answerWithin", "durationShape"],
    ["no unit", {}, "policy.answerWithin", "durationShape"],
    ["months for the answer window", { months: 1 }, "policy.answerWithin", "answerWithinUnit"],
    ["zero", { workingDays: 0 }, "policy.answerWithin.workingDays", "notPositive"],
    ["a fraction", { days: 1.5 }, "policy.answerWithin.days", "wrongType"],
    ["an unknown unit", { weeks: 1 }, "policy.answerWithin.weeks", "unknownKey"],
  ])("a bad duration: %s", (_, answerWithin, path, code) => {
    const policy = { ...(fixtureOrg().policy as object), answerWithin };
    const issue = expectIssue(orgYaml({ policy }), path, "policy:");
    expect(issue.code).toBe(code);
  });

  it("an unknown holiday country", () => {
    const calendar = { holidays: { country: "XX" } };
    const issue = expectIssue(orgYaml({ calendar }), "calendar.holidays.country", "calendar:");
    expect(issue.message).toBe('país sin calendario de festivos conocido "XX"');
  });

  it("an unknown holiday region", () => {
    const calendar = { holidays: { country: "ES", region: "ZZ" } };
    const issue = expectIssue(orgYaml({ calendar }), "calendar.holidays.region", "calendar:");
    expect(issue.message).toBe(
      'región desconocida "ZZ" para el país ES; regiones válidas: AN, AR, AS, CB, CE, CL, CM, CN, CT, EX, GA, IB, MC, MD, ML, NC, PV, RI, VC',
    );
  });

  it("a bad extra holiday date", () => {
    const calendar = { holidays: { country: "ES", extra: ["2026-12-24", "2026-02-30"] } };
    expectIssue(orgYaml({ calendar }), "calendar.holidays.extra[1]", "calendar:");
  });

  it("a malformed time and a working day that ends before it starts", () => {
    const bad = expectIssue(
      orgYaml({ calendar: { dayStarts: "9:00" } }),
      "calendar.dayStarts",
      "calendar:",
    );
    expect(bad.code).toBe("badTime");
    const order = orgYaml({ calendar: { dayStarts: "18:00", dayEnds: "09:00" } });
    expect(expectIssue(order, "calendar.dayEnds", "calendar:").code).toBe("dayOrder");
  });

  it("an unknown key, suggesting the one meant", () => {
    const people = peopleWith("luis@example.com", {
      reportsTo: undefined,
      reportTo: "olga@example.com",
    });
    const issue = expectIssue(orgYaml({ people }), "people[2].reportTo", "Luis Gil");
    expect(issue.message).toBe('clave desconocida "reportTo" (¿quería decir "reportsTo"?)');
  });

  it("a required field missing", () => {
    const people = peopleWith("luis@example.com", { title: undefined });
    expect(expectIssue(orgYaml({ people }), "people[2].title", "Luis Gil").code).toBe("required");
    expect(expectIssue(orgYaml({ company: undefined }), "company", "timezone:").code).toBe(
      "required",
    );
  });
});

describe("files and formatting", () => {
  it("reports all issues at once, sorted by line", () => {
    const people = [
      ...peopleWith("luis@example.com", { reportsTo: "pepe@example.com" }),
      { email: "ana@example.com", name: "Ana Bis", title: "Otra", reportsTo: "carlos@example.com" },
    ];
    const text = orgYaml({
      timezone: "Mars/Olympus",
      policy: { answerWithin: { weeks: 2 } },
      ceo: "carla@example.com",
      people,
    });
    const issues = issuesOf(parseOrg(text));
    expect(issues.map((i) => i.path)).toEqual([
      "timezone",
      "policy.answerWithin.weeks",
      "policy.answerWithin",
      "ceo",
      "people[2].reportsTo",
      "people[9].email",
    ]);
    const lines = issues.map((i) => i.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));

    const file = writeOrg(text);
    const io = recordingIo();
    expect(runOrgCheck([file], io)).toBe(1);
    expect(io.stdout).toHaveLength(issues.length + 1);
    expect(io.stdout.at(-1)).toBe(`6 errores en ${file}`);
  });

  it("points at nested lines of a block-style file", () => {
    const file = "test/fixtures/orgs/block-style.yaml";
    const issues = issuesOf(loadOrgFile(file));
    expect(issues.map((i) => [i.line, i.path, i.code])).toEqual([
      [5, "calendar.dayStart", "unknownKey"],
      [8, "calendar.holidays.region", "unknownHolidayRegion"],
      [12, "policy.minor.resolveWithin.days", "notPositive"],
      [23, "people[1].reportsTo", "unknownPerson"],
    ]);
  });

  it("turns malformed YAML into an issue on the line of the mistake", () => {
    // Line 4 opens a "{" it never closes; the parser only notices on line 5.
    const file = "test/fixtures/orgs/malformed.yaml";
    const issues = issuesOf(loadOrgFile(file));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.line).toBe(4);
    expect(issues[0]?.path).toBe("");
    const io = recordingIo();
    expect(runOrgCheck([file], io)).toBe(1);
    expect(io.stdout[0]).toBe(`${file}:4  el "{" que se abre en esta línea no se cierra con "}"`);
  });

  it("reports a duplicate key with its name and line", () => {
    const text = `${orgYaml()}ceo: olga@example.com\n`;
    const issues = issuesOf(parseOrg(text));
    expect(issues).toEqual([
      expect.objectContaining({ line: lineOf(text, "ceo:", 2), code: "yamlDuplicateKey" }),
    ]);
    expect(issues[0]?.message).toBe(
      `clave repetida "ceo" (ya está en la línea ${lineOf(text, "ceo:")}): deje solo una`,
    );
  });

  it("reports a person that is not a map once, without graph noise", () => {
    const text = orgYaml({ people: [...fixturePeople(), "pepe"] });
    expect(issuesOf(parseOrg(text)).map((i) => [i.path, i.code])).toEqual([
      ["people[9]", "wrongType"],
    ]);
  });

  it("rejects a file that is not a map", () => {
    for (const text of ["- a\n- b\n", "just text\n"]) {
      expect(issuesOf(parseOrg(text)).map((i) => [i.line, i.code])).toEqual([[1, "yamlNotMap"]]);
    }
    for (const text of ["", "# only a comment\n"]) {
      expect(issuesOf(parseOrg(text)).map((i) => [i.line, i.code])).toEqual([[null, "fileEmpty"]]);
    }
  });

  it("reports a missing file as an issue, never a throw, in the system's language", () => {
    // No file, so no org language: the system's speaks (issue 10, item 4).
    vi.stubEnv("LANG", "es_ES.UTF-8");
    const file = join(workDir, "does-not-exist.yaml");
    expect(issuesOf(loadOrgFile(file))).toEqual([
      expect.objectContaining({ path: "", line: null, code: "fileMissing" }),
    ]);
    const io = recordingIo();
    expect(runOrgCheck([file], io)).toBe(1);
    expect(io.stdout).toEqual([`${file}  el fichero no existe`, `1 error en ${file}`]);
    vi.stubEnv("LANG", "en_US.UTF-8");
    const english = recordingIo();
    expect(runOrgCheck([file], english)).toBe(1);
    expect(english.stdout).toEqual([`${file}  the file does not exist`, `1 error in ${file}`]);
    vi.unstubAllEnvs();
  });

  it("reports a directory as unreadable", () => {
    vi.stubEnv("LANG", "es_ES.UTF-8");
    const io = recordingIo();
    expect(runOrgCheck([workDir], io)).toBe(1);
    expect(io.stdout[0]).toBe(
      `${workDir}  no se puede leer el fichero: es una carpeta, no un fichero`,
    );
    vi.unstubAllEnvs();
  });

  it("speaks the file's locale when it is readable, Spanish otherwise", () => {
    const text = orgYaml({ locale: "en", ceo: "carla@example.com" });
    const result = parseOrg(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.locale).toBe("en");
    expect(result.issues[0]?.message).toBe('unknown person "carla@example.com"');
    const io = recordingIo();
    expect(runOrgCheck([writeOrg(text)], io)).toBe(1);
    expect(io.stdout.at(-1)).toMatch(/^1 error in /);

    const badLocale = parseOrg(orgYaml({ locale: "fr" }));
    expect(!badLocale.ok && badLocale.locale).toBe("es");
  });

  it("formats an issue in either locale", () => {
    const issue = issuesOf(parseOrg(orgYaml({ ceo: "pepe@example.com" })))[0] as OrgIssue;
    const line = lineOf(orgYaml(), "ceo:");
    expect(formatOrgIssue("org.yaml", issue, "es")).toBe(
      `org.yaml:${line}  ceo: persona desconocida "pepe@example.com"`,
    );
    expect(formatOrgIssue("org.yaml", issue, "en")).toBe(
      `org.yaml:${line}  ceo: unknown person "pepe@example.com"`,
    );
  });

  it("uses BOMBA_ORG when no file is given", () => {
    const file = writeOrg(readFileSync("org.example.yaml", "utf8"));
    const previous = process.env.BOMBA_ORG;
    process.env.BOMBA_ORG = file;
    try {
      const io = recordingIo();
      expect(runOrgCheck([], io)).toBe(0);
      expect(io.stdout[0]).toContain(`${file} correcto:`);
    } finally {
      if (previous === undefined) delete process.env.BOMBA_ORG;
      else process.env.BOMBA_ORG = previous;
    }
  });

  it("answers bad usage with the usage line on stderr, in the language of the file named", () => {
    const file = writeOrg(readFileSync("org.example.yaml", "utf8"));
    const io = recordingIo();
    expect(runOrgCheck([file, "b.yaml"], io)).toBe(2);
    expect(io.stderr[0]).toBe("argumento inesperado «b.yaml»");
    expect(io.stderr[1]).toMatch(/^uso: bomba org check/);
  });
});

describe("a file that is not valid YAML", () => {
  it("is reported in the file's own language, with the first errors and a count of the rest", () => {
    const broken = [
      "company: Acme Ltd",
      "timezone: Europe/London",
      "locale: en",
      "people:",
      ...Array.from(
        { length: 60 },
        (_, i) => `  - { email: p${i}@example.com, name: P ${i}, title: X`,
      ),
    ].join("\n");
    const result = parseOrg(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.locale).toBe("en");
    expect(result.issues.length).toBeLessThanOrEqual(6);
    expect(result.issues[0]).toMatchObject({
      line: 5,
      message: 'the "{" opened on this line is not closed with "}"',
    });
    const last = result.issues.at(-1)?.message ?? "";
    if (result.issues.length === 6) expect(last).toMatch(/more syntax errors/);
  });
});

describe("the YAML library's own warnings", () => {
  it("never reach stderr: a map used as a key is an issue, not a process warning", async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { runNode } = await import("../fixtures/child-process.ts");
    const dir = mkdtempSync(join(tmpdir(), "bomba-yaml-"));
    try {
      const file = join(dir, "org.yaml");
      writeFileSync(file, "company: X\n? [a, b]\n: 1\n");
      const run = await runNode(["bin/bomba.js", "org", "check", file], {}).done;
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).not.toMatch(/Warning|stringified/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
