/**
 * holiday-regions.ts hands date-holidays' calculator the calendars it parsed from the package's
 * JSON in place of the package's own data module (so that 800 KB is not compiled at start-up).
 * That is only right while the two are the same document.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);

describe("date-holidays' calendars", () => {
  it("are the same document in the JSON it publishes and in its data module", () => {
    const root = dirname(require.resolve("date-holidays/package.json"));
    const json = JSON.parse(readFileSync(join(root, "data", "holidays.json"), "utf8"));
    // The module itself, compiled now, not what may have been handed over in this process.
    delete require.cache[require.resolve("date-holidays/data")];
    const { data } = require("date-holidays/data") as { data: unknown };
    expect(Object.keys(json.holidays).length).toBeGreaterThan(100);
    expect(json).toEqual(data);
  });
});
