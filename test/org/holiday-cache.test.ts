import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { holidayCacheAt } from "../../src/org/holiday-cache.ts";

function folder(): string {
  return mkdtempSync(join(tmpdir(), "bomba-holiday-cache-"));
}

describe("the holiday cache kept between runs", () => {
  it("keeps a year and the place index on the file, read back by another cache", () => {
    const file = join(folder(), "holidays-1.0.0.json");
    const first = holidayCacheAt(file);
    expect(first.year("ES", "MD", 2026)).toBeUndefined();
    first.keepYear("es", "md", 2026, ["2026-01-01", "2026-05-02"]);
    first.keepYear("ES", null, 2026, ["2026-01-01"]);
    first.keepPlaces({ ES: { MD: "Madrid" }, MX: {} });
    const second = holidayCacheAt(file);
    expect(second.year("ES", "MD", 2026)).toEqual(["2026-01-01", "2026-05-02"]);
    expect(second.year("ES", null, 2026)).toEqual(["2026-01-01"]);
    expect(second.year("ES", "MD", 2027)).toBeUndefined();
    expect(second.places()).toEqual({ ES: { MD: "Madrid" }, MX: {} });
  });

  it.each([
    ["not JSON", "{ years: "],
    ["not a map", "[1, 2]"],
    ["years not a map", JSON.stringify({ years: ["2026-01-01"] })],
  ])("ignores a file that is %s, and writes a good one over it", (_why, text) => {
    const file = join(folder(), "holidays-1.0.0.json");
    writeFileSync(file, text);
    const cache = holidayCacheAt(file);
    expect(cache.year("ES", null, 2026)).toBeUndefined();
    expect(cache.places()).toBeUndefined();
    cache.keepYear("ES", null, 2026, ["2026-01-01"]);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
      years: { "ES//2026": ["2026-01-01"] },
    });
  });

  it("drops the entries that are not lists of dates, keeps the rest", () => {
    const file = join(folder(), "holidays-1.0.0.json");
    writeFileSync(
      file,
      JSON.stringify({
        places: { ES: { MD: 7 } },
        years: { "ES//2026": ["2026-01-01"], "ES//2027": ["1 de enero"], "ES//2028": "x" },
      }),
    );
    const cache = holidayCacheAt(file);
    expect(cache.year("ES", null, 2026)).toEqual(["2026-01-01"]);
    expect(cache.year("ES", null, 2027)).toBeUndefined();
    expect(cache.year("ES", null, 2028)).toBeUndefined();
    expect(cache.places()).toBeUndefined();
  });

  it("works in memory when the file cannot be written (its folder is gone)", () => {
    const cache = holidayCacheAt(join(folder(), "gone", "holidays-1.0.0.json"));
    cache.keepYear("ES", null, 2026, ["2026-01-01"]);
    expect(cache.year("ES", null, 2026)).toEqual(["2026-01-01"]);
  });
});

/** Runs TypeScript in a fresh Node process with the cache under `cacheDir`. */
function runFresh(cacheDir: string, code: string): string {
  return execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    env: { ...process.env, BOMBA_CACHE_DIR: cacheDir },
    encoding: "utf8",
    timeout: 60_000,
  }).trim();
}

describe("date-holidays is loaded only for what the cache lacks", () => {
  const probe = (year: number) => `
    import { createRequire } from "node:module";
    import { holidaySource } from "./src/org/holidays.ts";
    import { holidayCountries, isKnownHolidayRegion } from "./src/org/holiday-regions.ts";
    const dates = holidaySource("ES", "MD")(${year});
    const require = createRequire(import.meta.url);
    const loaded = Object.keys(require.cache).some((p) => p.includes("date-holidays"));
    console.log(JSON.stringify({ dates, loaded, known: isKnownHolidayRegion("ES", "md"),
      countries: holidayCountries().length }));`;

  it("computes a year once, then answers it with neither the calculator nor the data", () => {
    const cacheDir = join(folder(), "cache");
    const cold = JSON.parse(runFresh(cacheDir, probe(2026)));
    expect(cold.loaded).toBe(true);
    expect(cold.dates).toContain("2026-05-02");
    const warm = JSON.parse(runFresh(cacheDir, probe(2026)));
    expect(warm).toEqual({ ...cold, loaded: false });
    // A year not yet kept loads the calculator again, and is right.
    const next = JSON.parse(runFresh(cacheDir, probe(2027)));
    expect(next.loaded).toBe(true);
    expect(next.dates).toContain("2027-12-08");
  });

  it("an entry in the wrong shape is never believed: the library answers", () => {
    const cacheDir = join(folder(), "cache");
    mkdirSync(cacheDir);
    writeFileSync(
      join(cacheDir, `holidays-${libraryVersion()}.json`),
      JSON.stringify({ years: { "ES/MD/2026": "2026-01-02" } }),
    );
    const result = JSON.parse(runFresh(cacheDir, probe(2026)));
    expect(result.loaded).toBe(true);
    expect(result.dates).toContain("2026-05-02");
    expect(result.dates).not.toContain("2026-01-02");
  });
});

function libraryVersion(): string {
  return JSON.parse(readFileSync("node_modules/date-holidays/package.json", "utf8")).version;
}

it("the test run keeps its own cache folder", () => {
  expect(process.env.BOMBA_CACHE_DIR).toMatch(/bomba-test-cache-/);
});
