/**
 * Which countries and regions `date-holidays` has calendars for, read from its data alone: the
 * org file's check needs only this, not the calculator (and its time-zone and astronomy tables)
 * that `holidays.ts` loads to list the days, which would double what `bomba org check` takes to
 * start. The data is read on first use, as JSON: parsing it is several times cheaper than
 * compiling the same 800 KB as the package's JavaScript module.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** A country's entry in the data: its states or regions, by code. */
interface CountryData {
  states?: Record<string, unknown>;
  regions?: Record<string, unknown>;
}

let countries: Record<string, CountryData> | undefined;

/** The calendars of every country, by ISO code. */
function holidayData(): Record<string, CountryData> {
  if (countries !== undefined) return countries;
  const require = createRequire(import.meta.url);
  let data: { holidays: Record<string, CountryData> };
  try {
    const root = dirname(require.resolve("date-holidays/package.json"));
    data = JSON.parse(readFileSync(join(root, "data", "holidays.json"), "utf8"));
  } catch {
    // The JSON is the package's data as published, not an export: should a release move it,
    // the exported module has the same content.
    data = require("date-holidays/data").data;
  }
  countries = data.holidays;
  return countries;
}

/** True when date-holidays knows the country and, if given, the region (a "state" there). */
export function isKnownHolidayRegion(country: string, region: string | null): boolean {
  const all = holidayData();
  const code = country.toUpperCase();
  if (!Object.hasOwn(all, code)) return false;
  if (region === null) return true;
  // As date-holidays' getStates: a country's states, else its regions; neither for most.
  const entry = all[code];
  const states = entry?.states ?? entry?.regions ?? {};
  return Object.hasOwn(states, region.toUpperCase());
}
