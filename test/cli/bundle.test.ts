/**
 * The bin runs the bundle in dist/ (scripts/bundle.mjs, built by the tests' global set-up), whose
 * code sits one folder deep instead of in src/'s tree: everything it reads beside its code (the
 * version in package.json, the example org, the migrations, the Teams manifest and icons) must
 * still be found, from wherever the package is installed. Checked on a copy of the package in
 * a temporary folder, whose own files differ from the checkout's where that tells them apart.
 */
import {
  cpSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../fixtures/bomb-db.ts";
import { ROOT, runNode } from "../fixtures/child-process.ts";

const dir = tempDir("bomba-bundle-");
const pkg = join(dir.path, "package");
afterAll(() => dir.remove());

beforeAll(() => {
  for (const part of ["bin", "dist", "src", "db", "manifest", "org.example.yaml"]) {
    cpSync(join(ROOT, part), join(pkg, part), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(pkg, "node_modules"));
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as object;
  writeFileSync(
    join(pkg, "package.json"),
    JSON.stringify({ ...manifest, version: "9.8.7-copy" }, null, 2),
  );
  const org = readFileSync(join(ROOT, "org.example.yaml"), "utf8");
  expect(org).toContain("Transportes Ejemplo S.L.");
  writeFileSync(
    join(pkg, "org.example.yaml"),
    org.replace("Transportes Ejemplo S.L.", "Mudanzas Copia S.A."),
  );
});

/** `bomba ARGS` run from the copy, with the modules it resolved (ES modules and CommonJS). */
async function bomba(args: string[], env: Record<string, string> = {}) {
  const trace = join(dir.path, `${args.join("-").replace(/\W+/g, "_")}-${Date.now()}.trace`);
  const run = await runNode(
    ["--import", join(ROOT, "test/fixtures/module-trace.mjs"), "bin/bomba.js", ...args],
    { BOMBA_MODULE_TRACE: trace, BOMBA_DB: join(dir.path, "none.db"), ...env },
    () => {},
    { cwd: pkg },
  ).done;
  expect(run.code, run.stderr).toBe(0);
  const modules = readFileSync(trace, "utf8").split("\n");
  return { ...run, modules };
}

const bundleMain = `file://${join(pkg, "dist", "main.js")}`;
const isSource = (url: string) => url.startsWith(`file://${join(pkg, "src")}/`);

describe("the bundle the bin runs", () => {
  it("is what runs while it is newer than every source, and prints the version of the package it is in", async () => {
    const { stdout, modules } = await bomba(["--version"]);
    expect(stdout).toBe("bomba 9.8.7-copy\n");
    expect(modules).toContain(bundleMain);
    expect(modules.filter(isSource)).toEqual([]);
  }, 60_000);

  it("`simulate` tells the story of the example org shipped beside it", async () => {
    const { stdout, modules } = await bomba(["simulate", "--start", "2026-12-03T10:00:00+01:00"]);
    expect(modules).toContain(bundleMain);
    expect(stdout).toContain("Simulación · Mudanzas Copia S.A. · Logística");
    expect(stdout).toMatch(/jue, 10 dic, 10:00 +⏫/);
  }, 60_000);

  it("`tick` creates the database with every committed migration", async () => {
    const db = join(dir.path, "tick.db");
    const { modules } = await bomba(["tick", "--at", "2026-12-03T10:00:00+01:00"], {
      BOMBA_DB: db,
      BOMBA_ORG: join(pkg, "org.example.yaml"),
    });
    expect(modules).toContain(bundleMain);
    const journal = JSON.parse(
      readFileSync(join(pkg, "db", "migrations", "meta", "_journal.json"), "utf8"),
    ) as { entries: unknown[] };
    const sqlite = new Sqlite(db, { readonly: true });
    try {
      const applied = sqlite.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as {
        n: number;
      };
      expect(applied.n).toBe(journal.entries.length);
    } finally {
      sqlite.close();
    }
  }, 60_000);

  it("`teams package` zips the manifest and the icons shipped beside it", async () => {
    const out = join(dir.path, "teams.zip");
    const clientId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    const { modules } = await bomba(["teams", "package", "--out", out], {
      TEAMS_CLIENT_ID: clientId,
      TEAMS_BOT_DOMAIN: "bomba.example.com",
    });
    expect(modules).toContain(bundleMain);
    const files = unzipSync(readFileSync(out));
    expect(Object.keys(files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = new TextDecoder().decode(files["manifest.json"]);
    expect(manifest).toContain(clientId);
    expect(files["color.png"]).toEqual(
      new Uint8Array(readFileSync(join(pkg, "manifest", "teams", "color.png"))),
    );
  }, 60_000);

  it("gives way to the sources through tsx as soon as one is newer: an edit is never hidden", async () => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(pkg, "src", "cli", "version.ts"), later, later);
    const { stdout, modules } = await bomba(["--version"]);
    expect(stdout).toBe("bomba 9.8.7-copy\n");
    expect(modules).not.toContain(bundleMain);
    expect(modules).toContain(`file://${join(pkg, "src", "cli", "main.ts")}`);
  }, 60_000);
});
