/**
 * Work a command does at start-up that it need not do twice. `bomba simulate` (and tick, serve)
 * read date-holidays' calendars as JSON to check the org file's country and region, then loaded
 * the calculator, which compiled the same 800 KB of calendars again as JavaScript: one of the
 * largest single costs of its start. Checked by what a real process compiles, not by timing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../fixtures/bomb-db.ts";
import { runNode } from "../fixtures/child-process.ts";

const dir = tempDir("bomba-start-up-");
afterAll(() => dir.remove());

/** The CommonJS files `bomba ARGS` compiled, and what it printed; the holiday cache in `cache`. */
async function compiledBy(args: string[], cache: string, run: string) {
  const trace = join(dir.path, `${args.join("-").replace(/\W+/g, "_")}-${run}.trace`);
  const ran = await runNode(
    ["--import", "./test/fixtures/compile-trace.mjs", "bin/bomba.js", ...args],
    {
      BOMBA_COMPILE_TRACE: trace,
      BOMBA_DB: join(dir.path, "none.db"),
      BOMBA_CACHE_DIR: cache,
    },
  ).done;
  expect(ran.code, ran.stderr).toBe(0);
  return { files: readFileSync(trace, "utf8").split("\n"), stdout: ran.stdout };
}

describe("start-up work", () => {
  const simulate = [
    "simulate",
    "--org",
    "org.example.yaml",
    "--start",
    "2026-12-03T10:00:00+01:00",
  ];
  // Three working days from Thursday 3 December skip Madrid's 7 (for the 6th) and 8 December:
  // the first climb is on Thursday the 10th, not Tuesday the 8th, so the calendars were used.
  const firstClimb = /jue, 10 dic, 10:00 +⏫/;

  it("`bomba simulate` hands date-holidays the calendars it has parsed, instead of compiling them again", async () => {
    const { files, stdout } = await compiledBy(simulate, join(dir.path, "cold"), "cold");
    // With nothing kept yet, the calculator itself is loaded and used: the trace sees it, and
    // the story has its days.
    expect(files.some((f) => f.endsWith("/date-holidays/lib/Holidays.cjs"))).toBe(true);
    expect(files.some((f) => f.includes("/date-holidays-parser/"))).toBe(true);
    expect(files.filter((f) => f.endsWith("/date-holidays/lib/data.cjs"))).toEqual([]);
    expect(stdout).toMatch(firstClimb);
  }, 60_000);

  it("a second `bomba simulate` finds its years in the holiday cache: date-holidays not loaded at all, the same story", async () => {
    const cache = join(dir.path, "warm");
    const first = await compiledBy(simulate, cache, "first");
    const second = await compiledBy(simulate, cache, "second");
    expect(second.files.filter((f) => f.includes("/date-holidays"))).toEqual([]);
    expect(second.files.filter((f) => f.includes("moment"))).toEqual([]);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stdout).toMatch(firstClimb);
  }, 60_000);
});
