/**
 * Start-up cost is what a command imports: `bomba help` used to load Slack's Bolt, the chart
 * library and the holiday tables before printing a line. Each command now imports its own
 * modules when it runs; this guards that, by the packages a real `bomba` process resolves
 * (not by timing, which a shared machine cannot keep steady).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../fixtures/bomb-db.ts";
import { runNode } from "../fixtures/child-process.ts";

const dir = tempDir("bomba-lazy-");
afterAll(() => dir.remove());

/** The npm packages `bomba ARGS` resolved, by name ("@slack/bolt", "zod"…). */
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
  const names = new Set<string>();
  for (const url of readFileSync(trace, "utf8").split("\n")) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match?.[1] !== undefined) names.add(match[1]);
  }
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
    expect(loaded).toContain("date-holidays");
    for (const name of slackAndCharts) expect(loaded, name).not.toContain(name);
  }, 60_000);
});
