/**
 * Which countries and regions `date-holidays` has calendars for, read from its data alone: the
 * org file's check needs only this, not the calculator (and its time-zone and astronomy tables)
 * that `holidays.ts` loads to list the days, which would double what `bomba org check` takes to
 * start. The data is read on first use, as JSON: parsing it is several times cheaper than
 * compiling the same 800 KB as the package's JavaScript module, which `shareHolidayData` then
 * spares the calculator as well.
 */
import { readFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import { dirname, join } from "node:path";
import { holidayCache, type PlaceIndex } from "./holiday-cache.ts";

/** A country's entry in the data, and a state's or region's: names, languages, subdivisions. */
interface PlaceData {
  name?: string;
  names?: Record<string, string>;
  langs?: string[];
  states?: Record<string, PlaceData>;
  regions?: Record<string, PlaceData>;
}

let countries: Record<string, PlaceData> | undefined;
/** The whole document as parsed from the JSON, when it was (not when read from the module). */
let parsedDocument: { holidays: Record<string, PlaceData> } | undefined;

/** The calendars of every country, by ISO code. */
function holidayData(): Record<string, PlaceData> {
  if (countries !== undefined) return countries;
  const require = createRequire(import.meta.url);
  let data: { holidays: Record<string, PlaceData> };
  try {
    const root = dirname(require.resolve("date-holidays/package.json"));
    data = JSON.parse(readFileSync(join(root, "data", "holidays.json"), "utf8"));
    parsedDocument = data;
  } catch {
    // The JSON is the package's data as published, not an export: should a release move it,
    // the exported module has the same content.
    data = require("date-holidays/data").data;
  }
  countries = data.holidays;
  return countries;
}

/** A country's regions, code → name, from the data (see `holidayRegions`). */
function regionsIn(entry: PlaceData | undefined): Record<string, string> {
  const places = entry?.states ?? entry?.regions ?? {};
  const regions: Record<string, string> = {};
  for (const [key, place] of Object.entries(places)) {
    const names = place.names ?? {};
    const first = Object.keys(names)[0] ?? "";
    const lang = (entry?.states?.[key]?.langs ?? entry?.langs)?.[0] ?? first;
    const name =
      place.name ?? names[lang] ?? names[lang.split("-")[0] ?? ""] ?? names[first] ?? key;
    regions[key] = name;
  }
  return regions;
}

let places: PlaceIndex | undefined;

/**
 * Every country and its regions: from the cache kept between runs (holiday-cache.ts), else
 * read from the data once and kept there, so that checking an org file parses no data at all.
 */
function placeIndex(): PlaceIndex {
  if (places !== undefined) return places;
  const cache = holidayCache();
  const cached = cache.places();
  if (cached !== undefined) {
    places = cached;
    return places;
  }
  const index: PlaceIndex = {};
  for (const [code, entry] of Object.entries(holidayData())) index[code] = regionsIn(entry);
  cache.keepPlaces(index);
  places = index;
  return places;
}

/** The codes of the countries date-holidays has calendars for, as its getCountries gives them. */
export function holidayCountries(): string[] {
  return Object.keys(placeIndex());
}

/**
 * A country's regions, code → name, as date-holidays' getStates gives them (its states, else
 * its regions, named in the place's first language); empty for an unknown country or one
 * without regions.
 */
export function holidayRegions(country: string): Readonly<Record<string, string>> {
  const index = placeIndex();
  const code = country.toUpperCase();
  return (Object.hasOwn(index, code) ? index[code] : undefined) ?? {};
}

/** True when date-holidays knows the country and, if given, the region (a "state" there). */
export function isKnownHolidayRegion(country: string, region: string | null): boolean {
  if (!Object.hasOwn(placeIndex(), country.toUpperCase())) return false;
  return region === null || Object.hasOwn(holidayRegions(country), region.toUpperCase());
}

/**
 * Hands date-holidays the calendars already parsed here, before its calculator is first
 * required: its `date-holidays/data` module (800 KB of JavaScript, the same document as the
 * JSON; test/org/holiday-data.test.ts compares them) is then found in `require.cache`, Node's
 * documented place for loaded modules, and never compiled. Without a parsed document, or once the
 * module is loaded, it does nothing and date-holidays loads its own.
 */
export function shareHolidayData(require: NodeJS.Require): void {
  holidayData();
  if (parsedDocument === undefined) return;
  let path: string;
  try {
    path = require.resolve("date-holidays/data");
  } catch {
    return;
  }
  if (require.cache[path] !== undefined) return;
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  module.exports = { data: parsedDocument };
  require.cache[path] = module;
}
