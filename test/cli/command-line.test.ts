/**
 * The real `bomba` binary meeting the mistakes a newcomer makes with files and folders: each is
 * one clear line and exit 1 (bad input) or 2 (bad usage), never an internal error, a stack trace
 * or a hang, and nothing is written. "Nothing written" is checked on the filesystem afterwards.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../fixtures/bomb-db.ts";
import { type ChildRun, ROOT, runNode } from "../fixtures/child-process.ts";
import { orgChartYaml } from "../fixtures/org-chart.ts";
import { reportOrgYaml } from "../fixtures/quarter.ts";

const BIN = join(ROOT, "bin", "bomba.js");
const dir = tempDir("bomba-cli-mistakes-");
const enOrg = join(dir.path, "org-en.yaml");
const esOrg = join(dir.path, "org-es.yaml");
/** A working database made by a real `tick`, for the commands that read one. */
const goodDb = join(dir.path, "good", "bomba.db");

/**
 * Runs `bomba ARGS` in `cwd` with only `env`; a run that outlives `limitMs` is killed, so a hang
 * fails the test (signal SIGKILL) instead of stalling the suite.
 */
async function bomba(
  args: string[],
  env: Record<string, string>,
  cwd: string,
  limitMs = 45_000,
): Promise<ChildRun> {
  const running = runNode([BIN, ...args], env, undefined, { cwd });
  const timer = setTimeout(() => running.child.kill("SIGKILL"), limitMs);
  try {
    return await running.done;
  } finally {
    clearTimeout(timer);
  }
}

/** Every entry under `root` with what it is and, for files, a hash of its bytes. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (path: string, rel: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      const key = rel === "" ? name : `${rel}/${name}`;
      const stat = lstatSync(full);
      if (stat.isSymbolicLink()) out[key] = `link → ${readlinkSync(full)}`;
      else if (stat.isDirectory()) {
        out[key] = "folder";
        walk(full, key);
      } else out[key] = createHash("sha256").update(readFileSync(full)).digest("hex");
    }
  };
  walk(root, "");
  return out;
}

/** A fresh folder to run in, so that whatever a run writes shows up in its snapshot. */
function workFolder(name: string): string {
  const path = join(dir.path, name);
  mkdirSync(path);
  return path;
}

/** Refused the way a person should be refused: the exit code, one line, no trace of a bug. */
function expectRefused(run: ChildRun, code: 1 | 2): void {
  expect(run.signal, "killed: the command hung").toBeNull();
  expect(run.code, run.stderr).toBe(code);
  expect(run.stdout).toBe("");
  expect(run.stderr).not.toMatch(/internal error|error interno|\n\s+at /);
  expect(run.stderr.trim().split("\n").length, run.stderr).toBeLessThanOrEqual(3);
}

beforeAll(async () => {
  writeFileSync(enOrg, orgChartYaml().replace("locale: es", "locale: en"));
  writeFileSync(esOrg, orgChartYaml());
  const made = await bomba(
    ["tick", "--at", "2026-11-16T10:00"],
    { BOMBA_DB: goodDb, BOMBA_ORG: enOrg },
    dir.path,
  );
  expect(made.code, made.stderr).toBe(0);
}, 90_000);

afterAll(() => dir.remove());

describe("bomba: a database path that cannot work", () => {
  it.each([["tick"], ["report"]])(
    "`%s` with BOMBA_DB under /proc (where no folder can be made) says so at once, exit 1",
    async (command) => {
      const cwd = workFolder(`proc-${command}`);
      const run = await bomba([command], { BOMBA_DB: "/proc/x/y.db", BOMBA_ORG: enOrg }, cwd);
      expectRefused(run, 1);
      expect(run.stderr).toContain("/proc/x");
      expect(snapshot(cwd)).toEqual({});
    },
    60_000,
  );

  it("`tick --dry-run` on a new path creates no folder and no database, and says why nothing happens", async () => {
    const cwd = workFolder("dry-run");
    const run = await bomba(
      ["tick", "--dry-run", "--at", "2026-11-16T10:00"],
      { BOMBA_DB: join(cwd, "data", "bomba.db"), BOMBA_ORG: enOrg },
      cwd,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/no database/i);
    expect(snapshot(cwd)).toEqual({});
  }, 60_000);

  it("`tick --dry-run` on a working database leaves its bytes as they were", async () => {
    const before = snapshot(join(dir.path, "good"));
    const run = await bomba(
      ["tick", "--dry-run", "--at", "2026-12-16T10:00"],
      { BOMBA_DB: goodDb, BOMBA_ORG: enOrg },
      dir.path,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(snapshot(join(dir.path, "good"))).toEqual(before);
  }, 60_000);

  const cases: [string, (cwd: string) => string][] = [
    [
      "a YAML file",
      (cwd) => {
        const path = join(cwd, "org.yaml");
        writeFileSync(path, orgChartYaml());
        return path;
      },
    ],
    ["a folder", (cwd) => cwd],
    [
      "a broken symbolic link",
      (cwd) => {
        const path = join(cwd, "bomba.db");
        symlinkSync(join(cwd, "gone", "bomba.db"), path);
        return path;
      },
    ],
  ];
  const readers = [["tick"], ["tick", "--dry-run"], ["report"], ["backup", "copy.db"]];
  for (const [what, make] of cases) {
    it(`BOMBA_DB at ${what}: tick, tick --dry-run, report and backup exit 1 with one line and write nothing`, async () => {
      // The four run side by side, each in its own folder, to keep the suite short.
      const runs = readers.map(async (args) => {
        const cwd = workFolder(`db-${what.replace(/\W+/g, "-")}-${args.join("-")}`);
        const db = make(cwd);
        const before = snapshot(cwd);
        const run = await bomba(args, { BOMBA_DB: db, BOMBA_ORG: enOrg }, cwd);
        return { args, run, before, after: snapshot(cwd) };
      });
      for (const { args, run, before, after } of await Promise.all(runs)) {
        expectRefused(run, 1);
        expect(run.stderr, args.join(" ")).toContain("BOMBA_DB");
        expect(after, args.join(" ")).toEqual(before);
      }
    }, 90_000);
  }
});

describe("bomba backup: where the copy goes", () => {
  it("`backup --help` prints its usage and copies nothing", async () => {
    const cwd = workFolder("backup-help");
    const run = await bomba(["backup", "--help"], { BOMBA_DB: goodDb, BOMBA_ORG: enOrg }, cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("bomba backup FILE");
    expect(snapshot(cwd)).toEqual({});
    expect(existsSync(join(ROOT, "--help"))).toBe(false);
  }, 60_000);

  it.each([
    ["into a folder that does not exist", "missing/folder/copy.db", 1, "missing/folder"],
    ["where nobody can write", "/proc/copy.db", 1, "/proc/copy.db"],
    ["to an empty name", "", 2, "bomba backup FILE"],
  ] as const)(
    "refuses a copy %s, writing nothing",
    async (_what, target, code, named) => {
      const cwd = workFolder(`backup-${code}-${target.replace(/\W+/g, "-")}`);
      const run = await bomba(["backup", target], { BOMBA_DB: goodDb, BOMBA_ORG: enOrg }, cwd);
      expectRefused(run, code);
      expect(run.stderr).toContain(named);
      expect(snapshot(cwd)).toEqual({});
    },
    60_000,
  );

  it("speaks the org's language", async () => {
    const cwd = workFolder("backup-es");
    const run = await bomba(
      ["backup", "missing/copy.db"],
      { BOMBA_DB: goodDb, BOMBA_ORG: esOrg },
      cwd,
    );
    expectRefused(run, 1);
    expect(run.stderr).toContain("no existe");
  }, 60_000);
});

describe("bomba tick: what it says", () => {
  it.each([
    [
      "en",
      [
        "org revision 1 came into force: 0 bombs reassigned",
        "tick 2026-11-16T10:00:00+01:00: 0 bombs advanced (0 steps, 0 messages)",
        "daily digest for Mon, Nov 16: 1 message queued",
        "neither SLACK_BOT_TOKEN nor the Teams variables are set: the messages wait in the queue for bomba serve",
      ],
    ],
    [
      "es",
      [
        "la revisión 1 del organigrama entra en vigor: 0 bombas reasignadas",
        "tick 2026-11-16T10:00:00+01:00: 0 bombas avanzadas (0 pasos, 0 mensajes)",
        "resumen diario del lun, 16 nov: 1 mensaje en cola",
        "ni SLACK_BOT_TOKEN ni las variables de Teams están definidas: los mensajes esperan en la cola a bomba serve",
      ],
    ],
  ])(
    "speaks the org's language (%s), with plurals as a native speaker writes them",
    async (locale, lines) => {
      const cwd = workFolder(`tick-words-${locale}`);
      const org = join(cwd, "org.yaml");
      writeFileSync(org, reportOrgYaml().replace("locale: es", `locale: ${locale}`));
      const run = await bomba(
        ["tick", "--at", "2026-11-16T10:00"],
        {
          BOMBA_DB: join(cwd, "bomba.db"),
          BOMBA_ORG: org,
          BOMBA_CLOCK: "2026-11-16T10:00:00+01:00",
        },
        cwd,
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.trimEnd().split("\n")).toEqual(lines);
    },
    60_000,
  );
});

describe("bomba --version", () => {
  it("prints the version of package.json", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    const run = await bomba(["--version"], {}, dir.path);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`bomba ${version}\n`);
  }, 60_000);
});
