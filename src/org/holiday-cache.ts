/**
 * What date-holidays computed, kept on disk between runs: the public holidays of a country and
 * region for a year, and the index of countries and regions its data names. Loading the
 * calculator (moment-timezone and its zone tables, the astronomy and lunar calendars) and
 * parsing its 800 KB of data is most of what `simulate`, `tick` and `serve` take to start; with
 * the years they need already here they load neither, and `org check` parses no data at all.
 *
 * One small JSON file per date-holidays version (a new release of the library starts a new file,
 * so a corrected calendar is never hidden), in the system's temporary folder, as Node keeps its
 * own compile cache: `correo-bomba-<uid>/holidays-<version>.json`, or under `BOMBA_CACHE_DIR`.
 * The cache only ever saves time: a file that is missing, unreadable, not ours or not in the shape
 * written here is ignored and the library asked; a write that fails is forgotten.
 */
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Countries → regions (code → name), as holiday-regions.ts reads them from the data. */
export type PlaceIndex = Record<string, Record<string, string>>;

interface CacheDocument {
  places?: PlaceIndex;
  /** "COUNTRY/REGION/YEAR" (region "" for the whole country) → ISO dates. */
  years: Record<string, string[]>;
}

/** A cache on one file; `file` null keeps it in memory only (no folder could be had). */
export interface HolidayCache {
  places(): PlaceIndex | undefined;
  keepPlaces(places: PlaceIndex): void;
  year(country: string, region: string | null, year: number): string[] | undefined;
  keepYear(country: string, region: string | null, year: number, dates: string[]): void;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isDateList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((d) => typeof d === "string" && ISO_DATE.test(d));
}

function isPlaceIndex(value: unknown): value is PlaceIndex {
  if (!isRecord(value)) return false;
  return Object.values(value).every(
    (regions) => isRecord(regions) && Object.values(regions).every((n) => typeof n === "string"),
  );
}

/** The document in a file, or an empty one for anything not in the shape written here. */
function readDocument(file: string): CacheDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return { years: {} };
  }
  if (!isRecord(parsed) || !isRecord(parsed.years)) return { years: {} };
  const years: Record<string, string[]> = {};
  for (const [key, dates] of Object.entries(parsed.years)) {
    if (isDateList(dates)) years[key] = dates;
  }
  return isPlaceIndex(parsed.places) ? { places: parsed.places, years } : { years };
}

/** Writes the whole document through a temporary file and a rename, so no reader sees half. */
function writeDocument(file: string, document: CacheDocument): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify(document), { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was written.
    }
  }
}

/** The cache folder, made private to this user; null when it cannot be had or is not ours. */
function cacheFolder(folder: string): string | null {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const stat = statSync(folder);
    if (!stat.isDirectory()) return null;
    if (process.getuid !== undefined && stat.uid !== process.getuid()) return null;
    return folder;
  } catch {
    return null;
  }
}

function yearKey(country: string, region: string | null, year: number): string {
  return `${country.toUpperCase()}/${(region ?? "").toUpperCase()}/${year}`;
}

/** A cache on `file` (read on first use), or in memory only when `file` is null. */
export function holidayCacheAt(file: string | null): HolidayCache {
  let document: CacheDocument | undefined;
  const loaded = (): CacheDocument => {
    document ??= file === null ? { years: {} } : readDocument(file);
    return document;
  };
  const save = () => {
    if (file !== null && document !== undefined) writeDocument(file, document);
  };
  return {
    places: () => loaded().places,
    keepPlaces(places) {
      loaded().places = places;
      save();
    },
    year: (country, region, year) => loaded().years[yearKey(country, region, year)],
    keepYear(country, region, year, dates) {
      loaded().years[yearKey(country, region, year)] = dates;
      save();
    },
  };
}

/** The installed date-holidays' version, which names the file; null if it cannot be read. */
function libraryVersion(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const text = readFileSync(require.resolve("date-holidays/package.json"), "utf8");
    const version: unknown = JSON.parse(text).version;
    return typeof version === "string" && /^[\w.+-]+$/.test(version) ? version : null;
  } catch {
    return null;
  }
}

let shared: HolidayCache | undefined;

/** This process's cache, on the file for the installed date-holidays (see the module's note). */
export function holidayCache(): HolidayCache {
  if (shared !== undefined) return shared;
  const version = libraryVersion();
  const uid = process.getuid?.() ?? "user";
  const configured = process.env.BOMBA_CACHE_DIR?.trim();
  const folder =
    version === null ? null : cacheFolder(configured || join(tmpdir(), `correo-bomba-${uid}`));
  shared = holidayCacheAt(folder === null ? null : join(folder, `holidays-${version}.json`));
  return shared;
}
