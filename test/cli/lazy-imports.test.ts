/**
 * Start-up cost is what a command imports: `bomba help` used to load Slack's Bolt, the chart
 * library and the holiday tables before printing a line. Each command now imports its own
 * modules when it runs; this guards that, by the packages a real `bomba` process resolves
 * (not by timing, which a shared machine cannot keep steady). The bin runs the bundle in dist/
 * (built by the tests' global set-up): a package bundled in is loaded when the chunk holding it
 * is, which the bundle's metafile says.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../fixtures/bomb-db.ts";
import { runNode } from "../fixtures/child-process.ts";

const dir = tempDir("bomba-lazy-");
afterAll(() => dir.remove());

// The metafile names inputs relative to the checkout ("node_modules/yaml/…"), or through a
// symlinked node_modules ("../main/node_modules/yaml/…"); the trace names absolute paths.
const PACKAGE = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//;

/** The bundle's files (dist/main.js, dist/chunk-….js), each with the npm packages bundled in it. */
function packagesByBundleFile(): Map<string, Set<string>> {
  const meta = JSON.parse(readFileSync("dist/meta.json", "utf8")) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  const byFile = new Map<string, Set<string>>();
  for (const [output, { inputs }] of Object.entries(meta.outputs)) {
    const names = new Set<string>();
    for (const input of Object.keys(inputs)) {
      const name = PACKAGE.exec(input)?.[1];
      if (name !== undefined) names.add(name);
    }
    byFile.set(resolve(output), names);
  }
  return byFile;
}

/**
 * The npm packages `bomba ARGS` loaded, by name ("@slack/bolt", "zod"…): those it resolved in
 * node_modules (the ones left out of the bundle) and those inside the bundle's files it loaded.
 */
async function packagesLoadedBy(args: string[]): Promise<Set<string>> {
  const trace = join(dir.path, `${args.join("-").replace(/\W+/g, "_")}.trace`);
  const run = await runNode(
    ["--import", "./test/fixtures/module-trace.mjs", "bin/bomba.js", ...args],
    {
      BOMBA_MODULE_TRACE: trace,
      BOMBA_ORG: join(dir.path, "none.yaml"),
      BOMBA_DB: join(dir.path, "none.db"),
    },
  ).done;
  expect(run.code, run.stderr).toBe(0);
  const bundled = packagesByBundleFile();
  const names = new Set<string>();
  let ranTheBundle = false;
  for (const line of readFileSync(trace, "utf8").split("\n")) {
    const path = line.startsWith("file:") ? fileURLToPath(line) : line;
    if (path === resolve("dist/main.js")) ranTheBundle = true;
    for (const name of bundled.get(path) ?? []) names.add(name);
    const name = PACKAGE.exec(path)?.[1];
    if (name !== undefined) names.add(name);
  }
  // Read through tsx instead, the packages would all show in node_modules; but this is what users run.
  expect(ranTheBundle, "bin/bomba.js ran dist/main.js").toBe(true);
  return names;
}

/** Packages only `serve`, delivery and the quarterly report's files need. */
const slackAndCharts = ["@slack/bolt", "@slack/web-api", "chart.js", "@napi-rs/canvas"];

describe("what each command loads", () => {
  it.each(["help", "--version", "tick --help", "simulate --help"])(
    "`bomba %s` loads none of Slack, charts, holidays, the database, YAML or zod",
    async (command) => {
      const loaded = await packagesLoadedBy(command.split(" "));
      for (const name of [
        ...slackAndCharts,
        "date-holidays",
        "date-holidays-parser",
        "drizzle-orm",
        "better-sqlite3",
        "yaml",
        "zod",
      ]) {
        expect(loaded, name).not.toContain(name);
      }
    },
    60_000,
  );

  it("`bomba org check` reads the holiday regions without the holiday calculator, and no Slack or database", async () => {
    const loaded = await packagesLoadedBy(["org", "check", "org.example.yaml"]);
    expect(loaded).toContain("yaml");
    for (const name of [
      ...slackAndCharts,
      "date-holidays-parser",
      "drizzle-orm",
      "better-sqlite3",
    ]) {
      expect(loaded, name).not.toContain(name);
    }
  }, 60_000);

  it("`bomba simulate` loads no Slack and no charts", async () => {
    const loaded = await packagesLoadedBy([
      "simulate",
      "--org",
      "org.example.yaml",
      "--start",
      "2026-12-03T10:00:00+01:00",
    ]);
    for (const name of ["date-holidays", "yaml", "zod", "luxon", "drizzle-orm", "better-sqlite3"]) {
      expect(loaded, name).toContain(name);
    }
    for (const name of slackAndCharts) expect(loaded, name).not.toContain(name);
  }, 60_000);
});
