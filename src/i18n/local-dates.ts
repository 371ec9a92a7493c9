/**
 * Dates and times as words of a locale, in a zone: what luxon's `toLocaleString` gives, without
 * building a luxon DateTime for each. luxon formats through `Intl.DateTimeFormat` with the zone's
 * name and the options given; here the same formatter is built once per locale, zone and options
 * and kept. A list of 49 bombs formatted 49 deadlines through luxon in 3.8 ms of CPU (a third of
 * a `/bomba list`), most of it luxon working out offsets with `formatToParts` for DateTimes that
 * were only printed. Anything luxon would call invalid goes through luxon, as before.
 */
import { DateTime, Info } from "luxon";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  locale: string,
  zone: string,
  options: Intl.DateTimeFormatOptions,
  key: string,
): Intl.DateTimeFormat {
  const cacheKey = `${locale}\u0000${zone}\u0000${key}`;
  let found = formatters.get(cacheKey);
  if (found === undefined) {
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
    formatters.set(cacheKey, found);
  }
  return found;
}

/** Within what `Date` holds: luxon's limit too. */
function isInstant(at: number): boolean {
  return Number.isFinite(at) && Math.abs(at) <= 8.64e15;
}

/**
 * The year of an instant in a zone; NaN when it is not a year of four digits. Each zone's new
 * years are worked out once (through luxon, as the year luxon gives) and kept: formatting the
 * year for every date shown was a fifth of a list's date work.
 */
export function yearIn(zone: string, at: number): number {
  // Most instants asked about fall in the year the last one did: found without allocating
  // (a list asks for two years per bomb shown; each `Date` and array here was garbage).
  const last = lastYearByZone.get(zone);
  if (last !== undefined && last.start <= at && at < last.end) return last.year;
  if (!isInstant(at) || !isValidZone(zone)) return Number.NaN;
  let years = yearsByZone.get(zone);
  if (years === undefined) {
    years = new Map();
    yearsByZone.set(zone, years);
  }
  const guess = new Date(at).getUTCFullYear();
  for (const year of [guess, guess - 1, guess + 1]) {
    if (year < 1000 || year > 9998) continue;
    let span = years.get(year);
    if (span === undefined) {
      span = { start: newYearIn(zone, year), end: newYearIn(zone, year + 1) };
      years.set(year, span);
    }
    if (span.start <= at && at < span.end) {
      lastYearByZone.set(zone, { year, ...span });
      return year;
    }
  }
  return Number.NaN;
}

/** The year each zone's last instant fell in. */
const lastYearByZone = new Map<string, { year: number; start: number; end: number }>();

/** Each zone's years, as the instants they begin and end. */
const yearsByZone = new Map<string, Map<number, { start: number; end: number }>>();

/** The instant a year begins in a zone. */
function newYearIn(zone: string, year: number): number {
  return DateTime.fromObject({ year, month: 1, day: 1 }, { zone }).toMillis();
}

const instantOptions = {
  weekday: "short",
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
} as const satisfies Intl.DateTimeFormatOptions;

const withYear = { ...instantOptions, year: "numeric" } as const;

/**
 * An instant as local weekday, day, month and time in `zone` and `locale`, the year only when it
 * is not the year of `now` there.
 */
export function instantText(locale: string, zone: string, at: number, now: number): string {
  if (!isValidZone(zone)) return luxonInstantText(locale, zone, at, now);
  const year = yearIn(zone, at);
  const thisYear = yearIn(zone, now);
  if (Number.isNaN(year) || Number.isNaN(thisYear)) return luxonInstantText(locale, zone, at, now);
  const shown = year === thisYear ? shownThisYear(locale, zone, thisYear) : null;
  const known = shown?.get(at);
  if (known !== undefined) return known;
  const text =
    year === thisYear
      ? formatter(locale, zone, instantOptions, "instant").format(at)
      : formatter(locale, zone, withYear, "instant+year").format(at);
  if (shown !== null) {
    // Bounded: a digest of 10,000 bombs shows a few hundred distinct deadlines.
    if (shown.size >= 10_000) shown.clear();
    shown.set(at, text);
  }
  return text;
}

/**
 * Instants already worded this year, per locale and zone: the digest words thousands of
 * deadlines that share a few hundred instants.
 */
const shownByKey = new Map<string, Map<string, { year: number; texts: Map<number, string> }>>();

function shownThisYear(locale: string, zone: string, year: number): Map<number, string> {
  let byZone = shownByKey.get(locale);
  if (byZone === undefined) {
    byZone = new Map();
    shownByKey.set(locale, byZone);
  }
  let shown = byZone.get(zone);
  if (shown === undefined || shown.year !== year) {
    shown = { year, texts: new Map() };
    byZone.set(zone, shown);
  }
  return shown.texts;
}

/** The same through luxon: instants and zones the fast path leaves alone. */
function luxonInstantText(locale: string, zone: string, at: number, now: number): string {
  const local = DateTime.fromMillis(at, { zone }).setLocale(locale);
  const thisYear = DateTime.fromMillis(now, { zone }).year === local.year;
  return local.toLocaleString({ ...instantOptions, ...(thisYear ? {} : { year: "numeric" }) });
}

const dateOptions = {
  weekday: "short",
  day: "numeric",
  month: "short",
} as const satisfies Intl.DateTimeFormatOptions;

const dateWithYear = { ...dateOptions, year: "numeric" } as const;

/**
 * A plain date ("YYYY-MM-DD") as local weekday, day and month in `locale`, the year only when it
 * is not `thisYear`; null when it is no date (luxon's `fromISO` would call it invalid).
 */
export function isoDateText(locale: string, isoDate: string, thisYear: number): string | null {
  const key = `${locale}\u0000${thisYear}\u0000${isoDate}`;
  const known = datesShown.get(key);
  if (known !== undefined) return known;
  const text = wordDate(locale, isoDate, thisYear);
  // Bounded: forms and lists word the few dates around today, again and again.
  if (datesShown.size >= 10_000) datesShown.clear();
  datesShown.set(key, text);
  return text;
}

/**
 * Dates already worded, by locale, year and date: the accept form words the same two latest
 * dates four times for every click, ~7 µs each through Intl (issue 14).
 */
const datesShown = new Map<string, string | null>();

function wordDate(locale: string, isoDate: string, thisYear: number): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1000) return luxonDateText(locale, isoDate, thisYear);
  const at = Date.UTC(year, month - 1, day);
  const date = new Date(at);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return year === thisYear
    ? formatter(locale, "UTC", dateOptions, "date").format(at)
    : formatter(locale, "UTC", dateWithYear, "date+year").format(at);
}

function luxonDateText(locale: string, isoDate: string, thisYear: number): string | null {
  const date = DateTime.fromISO(isoDate, { zone: "utc" });
  if (!date.isValid) return null;
  return date
    .setLocale(locale)
    .toLocaleString({ ...dateOptions, ...(date.year === thisYear ? {} : { year: "numeric" }) });
}

const validZones = new Map<string, boolean>();

/**
 * Whether luxon takes the zone as the IANA zone of that name, the one it hands to Intl: the fast
 * path then formats exactly as luxon. Fixed offsets ("UTC", "UTC+1"), "local" and unknown names
 * go through luxon. Asked once per zone.
 */
function isValidZone(zone: string): boolean {
  let valid = validZones.get(zone);
  if (valid === undefined) {
    const normalized = Info.normalizeZone(zone);
    valid = normalized.type === "iana" && normalized.isValid && normalized.name === zone;
    validZones.set(zone, valid);
  }
  return valid;
}
