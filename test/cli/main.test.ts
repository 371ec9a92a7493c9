/**
 * `bomba`'s usage: every command has `--help` in the language of the org at hand (else the
 * system's), a stray argument or a mistyped option is refused with a hint instead of being
 * ignored, and flag errors speak the org's language.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { recordingIo } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import { tempDir } from "../fixtures/bomb-db.ts";
import { orgChartYaml } from "../fixtures/org-chart.ts";

const dir = tempDir("bomba-cli-main-");
const enOrg = join(dir.path, "org-en.yaml");
const esOrg = join(dir.path, "org-es.yaml");
writeFileSync(enOrg, orgChartYaml().replace("locale: es", "locale: en"));
writeFileSync(esOrg, orgChartYaml());
afterAll(() => dir.remove());

/** Runs `bomba ARGS` in this process and returns what it printed. */
async function run(...args: string[]) {
  const io = recordingIo();
  const code = await main(args, io);
  return { code, out: io.stdout.join("\n"), err: io.stderr.join("\n") };
}

/** No org at hand and no language from the system, unless a test says otherwise. */
beforeEach(() => {
  for (const name of ["BOMBA_ORG", "BOMBA_DB", "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"]) {
    vi.stubEnv(name, undefined);
  }
  vi.stubEnv("BOMBA_DB", join(dir.path, "never-created", "bomba.db"));
});
afterEach(() => vi.unstubAllEnvs());

const commands = [
  "serve",
  "simulate",
  "tick",
  "org check",
  "org import",
  "report",
  "backup",
  "teams package",
] as const;

describe("bomba COMMAND --help", () => {
  it.each(commands)("`%s --help` prints its usage and options, exit 0", async (name) => {
    const command = name.split(" ");
    for (const flag of ["--help", "-h"]) {
      const { code, out, err } = await run(...command, flag);
      expect(code, err).toBe(0);
      expect(err).toBe("");
      expect(out.split("\n")[0]).toMatch(new RegExp(`^usage: bomba ${name}\\b`));
      expect(out).toContain("--help");
    }
    const viaHelp = await run("help", ...command);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.out).toBe((await run(...command, "--help")).out);
  });

  it("`bomba`, `bomba help`, `--help` and `-h` list every command", async () => {
    for (const args of [[], ["help"], ["--help"], ["-h"]]) {
      const { code, out } = await run(...args);
      expect(code).toBe(0);
      for (const command of commands) expect(out).toContain(`bomba ${command}`);
      expect(out).toContain("--version");
    }
  });

  it("`bomba help org` and `bomba org --help` show both org commands", async () => {
    for (const args of [
      ["help", "org"],
      ["org", "--help"],
    ]) {
      const { code, out } = await run(...args);
      expect(code).toBe(0);
      expect(out.split("\n")).toEqual([
        "usage: bomba org check [FILE]",
        "usage: bomba org import [FILE]",
      ]);
    }
  });

  it("speaks the org's language when an org is at hand, else the system's", async () => {
    vi.stubEnv("BOMBA_ORG", esOrg);
    expect((await run("tick", "--help")).out).toMatch(/^uso: bomba tick/);
    vi.stubEnv("BOMBA_ORG", enOrg);
    vi.stubEnv("LANG", "es_ES.UTF-8");
    expect((await run("tick", "--help")).out).toMatch(/^usage: bomba tick/);
    vi.stubEnv("BOMBA_ORG", undefined);
    expect((await run("tick", "--help")).out).toMatch(/^uso: bomba tick/);
    vi.stubEnv("LC_ALL", "en_US.UTF-8");
    expect((await run("tick", "--help")).out).toMatch(/^usage: bomba tick/);
    vi.stubEnv("LC_ALL", undefined);
    vi.stubEnv("LANG", "C");
    expect((await run("tick", "--help")).out).toMatch(/^usage: bomba tick/);
    // The org named on the command line is the one at hand.
    expect((await run("simulate", "--org", esOrg, "--help")).out).toMatch(/^uso: bomba simulate/);
    expect((await run("org", "check", esOrg, "--help")).out).toMatch(/^uso: bomba org check/);
  });
});

describe("bomba: arguments it does not take", () => {
  it.each([
    [["simulate", "us.yaml"], "--org us.yaml"],
    [["simulate", "2026-12-03T10:00"], "--start 2026-12-03T10:00"],
    [["tick", "2026-12-03T10:00"], "--at 2026-12-03T10:00"],
    [["tick", "dry-run"], "--dry-run"],
    [["report", "2026-Q4"], "--quarter 2026-Q4"],
    [["report", "csv"], "--format csv"],
    [["serve", "now"], "now"],
    [["backup", "a.db", "b.db"], "b.db"],
    [["org", "check", "a.yaml", "b.yaml"], "b.yaml"],
    [["org", "import", "a.yaml", "b.yaml"], "b.yaml"],
  ])("`bomba %j` is refused with exit 2, naming %j, and does nothing", async (args, hint) => {
    const { code, out, err } = await run(...args);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toContain(hint);
    expect(err).toMatch(/usage: bomba/);
  });

  it.each([
    [["simulate", "--orgs", "x.yaml"], "--orgs", "--org"],
    [["tick", "--dryrun"], "--dryrun", "--dry-run"],
    [["report", "--quater", "2026-Q4"], "--quater", "--quarter"],
    [["backup", "--force", "copy.db"], "--force", undefined],
  ])("`bomba %j`: unknown option %s, with the likely one", async (args, option, likely) => {
    const { code, out, err } = await run(...args);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toContain(option);
    if (likely !== undefined) expect(err).toContain(`${likely}?`);
    expect(err).not.toContain("Unknown option");
  });

  it("an option without its value says which value it needs", async () => {
    for (const args of [
      ["simulate", "--org"],
      ["simulate", "--org", "--json"],
    ]) {
      const { code, err } = await run(...args);
      expect(code).toBe(2);
      expect(err).toContain("--org FILE");
    }
    const { code, err } = await run("simulate", "--json=yes");
    expect(code).toBe(2);
    expect(err).toContain("--json");
  });

  it("an unknown command gets the closest one", async () => {
    const { code, err } = await run("simulat");
    expect(code).toBe(2);
    expect(err).toContain('unknown command "simulat": did you mean "simulate"?');
    const org = await run("org", "chek");
    expect(org.code).toBe(2);
    expect(org.err).toContain('did you mean "org check"?');
  });

  it("flag errors are in the org's language", async () => {
    vi.stubEnv("BOMBA_ORG", esOrg);
    const stray = await run("tick", "mañana");
    expect(stray.code).toBe(2);
    expect(stray.err).toMatch(/^argumento inesperado «mañana»/);
    expect(stray.err).toMatch(/uso: bomba tick/);
    const unknown = await run("report", "--quater", "2026-Q4");
    expect(unknown.err).toMatch(/opción desconocida --quater.*¿quería decir --quarter\?/);
    const quarter = await run("report", "--quarter", "2026-Q5");
    expect(quarter.code).toBe(2);
    expect(quarter.err).toContain("«2026-Q5» no es un trimestre");
  });
});
