/**
 * Working-time arithmetic in the org's zone. Pure: holidays come in through `HolidaySource`.
 * All instants are UTC epoch milliseconds; every computation happens in the org's zone and gives
 * exactly what luxon gives (DST gaps and overlaps included).
 *
 * Speed: luxon asks Intl for the zone's offset on every DateTime it builds, which made this
 * module the hottest code of the scheduler pass. Here the zone's offsets are sampled every six
 * hours (through luxon's own zone object, so they are luxon's values) and kept per UTC day;
 * local dates are day numbers with their facts (holiday, opening, closing) cached; and wall
 * time → instant uses the cached offset whenever no offset change is near (±18 h), else luxon
 * itself. Instants are bounded: the clock reads only `CLOCK_YEARS` and the org file bounds every
 * duration; an instant outside the calendar's range (corrupt data) gets no date and no count.
 */
import { DateTime, Info, type Zone } from "luxon";
import type { CalendarSettings, Duration, Weekday } from "./org.ts";

/**
 * The years a clock may read (`BOMBA_CLOCK`, `--start`, `--at`): a century inside the 0000–9999
 * the org file's dates may take, so that the longest durations it allows (500 working days at
 * one a week is under ten years, either way) never reach a date with a five-digit or negative
 * year, which no date field, comparison or picker handles.
 */
export const CLOCK_YEARS = { first: 100, last: 9899 } as const;

/** True for a local year a clock may read. */
export function isClockYear(year: number): boolean {
  return year >= CLOCK_YEARS.first && year <= CLOCK_YEARS.last;
}

/** Gives the holiday dates ("YYYY-MM-DD", local) of one year. */
export type HolidaySource = (year: number) => readonly string[];

/** Working-day calendar of one org. */
export interface WorkCalendar {
  readonly zone: string;
  /** True when the local date (YYYY-MM-DD) is a workday and not a holiday. */
  isWorkingDate(isoDate: string): boolean;
  /** True when the instant falls inside working hours, [dayStarts, dayEnds) of a working date. */
  isWorkingTime(at: number): boolean;
  /** The instant itself when it is working time, else the next moment working hours begin. */
  nextWorkingMoment(at: number): number;
  /** Adds n working days keeping the local time of day; a start outside working hours counts from the next working moment. */
  addWorkingDays(at: number, n: number): number;
  /** Adds a duration: working days as above, days and months in calendar terms (local wall time kept). */
  add(at: number, duration: Duration): number;
  /** Subtracts a calendar duration (days or months; working days count back over working dates). */
  subtract(at: number, duration: Duration): number;
  /** The instant `dayEnds` of a local date: when a committed date falls due. */
  endOfDate(isoDate: string): number;
  /** `dayStarts` of the latest working date on or before a local date: when a heads-up is due. */
  openingOnOrBefore(isoDate: string): number;
  /** The local date (YYYY-MM-DD) of an instant. */
  localDate(at: number): string;
  /** Working milliseconds between two instants (only time inside working hours counts). */
  workingMillisBetween(from: number, to: number): number;
  /** Whole working dates strictly after `from`'s date up to and including `to`'s date (negative when to < from). */
  workingDaysBetween(from: number, to: number): number;
}

// A year of daily searching: far past any real run of holidays, so hitting it means no workdays.
const MAX_SEARCH_DAYS = 3660;

const WEEKDAY_NUMBERS: Readonly<Record<Weekday, number>> = {
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
};

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const SAMPLE_EVERY = 6 * HOUR;
const SAMPLES_PER_DAY = 4;
// The calendar's range, ±8.3e15 ms (≈ year 265,000): every date its searches meet (±3660 days)
// stays inside JavaScript's ±8.64e15. The clock's years and the org file's durations stay far
// inside it; past it (or NaN, ±Infinity) an instant has no date.
const RANGE_LIMIT = 8.3e15;
// Farther than any zone's offset from UTC (luxon guesses a wall time's offset with "now"'s).
const OFFSET_REACH = 18 * HOUR;
// Caches are trimmed past this many entries (years of dates): memory stays bounded.
const CACHE_LIMIT = 50_000;

interface WallTime {
  hour: number;
  minute: number;
}

function parseWallTime(field: string, value: string): WallTime {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (match === null) throw new Error(`calendar.${field}: expected "HH:mm", got "${value}"`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

// Plain dates live in UTC so that stepping a day never meets a clock change.
function parseDate(isoDate: string): DateTime {
  const date = DateTime.fromISO(isoDate, { zone: "utc" });
  if (!date.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) {
    throw new Error(`not a date (YYYY-MM-DD): "${isoDate}"`);
  }
  return date;
}

/** luxon's `padStart`, which `toFormat("yyyy")` uses for the year. */
function padYear(year: number): string {
  return year < 0 ? `-${String(-year).padStart(4, "0")}` : String(year).padStart(4, "0");
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** luxon's `daysInMonth`: the month may be out of 1..12 and rolls over into other years. */
function daysInMonth(year: number, month: number): number {
  const modMonth = month - 1 - 12 * Math.floor((month - 1) / 12) + 1;
  const modYear = year + (month - modMonth) / 12;
  if (modMonth === 2) return isLeapYear(modYear) ? 29 : 28;
  return modMonth === 4 || modMonth === 6 || modMonth === 9 || modMonth === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a (possibly overflowing) proleptic Gregorian date, as `Date.UTC` rolls it. */
function dayNumberOf(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime() / DAY;
}

/** A local date (days since 1970-01-01) and what has been worked out about it so far. */
class LocalDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** ISO weekday, 1 = Monday. */
  readonly weekday: number;
  iso: string | undefined = undefined;
  working: boolean | undefined = undefined;
  opens = Number.NaN;
  closes = Number.NaN;

  constructor(readonly num: number) {
    const date = new Date(num * DAY);
    this.year = date.getUTCFullYear();
    this.month = date.getUTCMonth() + 1;
    this.day = date.getUTCDate();
    this.weekday = date.getUTCDay() || 7;
  }
}

/** Builds the working-day calendar of an org from its settings and a holiday source. */
export function createCalendar(settings: CalendarSettings, holidays: HolidaySource): WorkCalendar {
  const zone = settings.timezone;
  if (!Info.isValidIANAZone(zone)) throw new Error(`calendar.timezone: unknown zone "${zone}"`);
  const dayStarts = parseWallTime("dayStarts", settings.dayStarts);
  const dayEnds = parseWallTime("dayEnds", settings.dayEnds);
  if (dayStarts.hour * 60 + dayStarts.minute >= dayEnds.hour * 60 + dayEnds.minute) {
    throw new Error("calendar.dayEnds: must be later than dayStarts");
  }
  const workdays = new Set(settings.workdays.map((day) => WEEKDAY_NUMBERS[day]));
  const extraHolidays = new Set(settings.holidays.extra);
  const workedHolidays = new Set(settings.holidays.except ?? []);
  const holidaysByYear = new Map<number, ReadonlySet<string>>();
  // The very zone object luxon uses for `{ zone }`, so offsets are luxon's own.
  const luxonZone: Zone = Info.normalizeZone(zone);
  const opensAt = dayStarts.hour * HOUR + dayStarts.minute * MINUTE;
  const closesAt = dayEnds.hour * HOUR + dayEnds.minute * MINUTE;

  function isHolidayIso(year: number, isoDate: string): boolean {
    let yearHolidays = holidaysByYear.get(year);
    if (yearHolidays === undefined) {
      yearHolidays = new Set(holidays(year));
      holidaysByYear.set(year, yearHolidays);
    }
    if (extraHolidays.has(isoDate)) return true;
    return yearHolidays.has(isoDate) && !workedHolidays.has(isoDate);
  }

  // ---- The zone's offsets ----------------------------------------------------------------

  // Per UTC day (days since the epoch): the offset in minutes when the samples every 6 hours
  // from its midnight to the next agree, else the samples. Agreeing samples mean one offset all
  // day: the zone database never changes a zone's offset twice within 4 days (96 h, Freetown
  // 1939; a week since 1945), let alone twice within 6 hours and back.
  const utcDays = new Map<number, number | readonly number[]>();

  function utcDay(index: number): number | readonly number[] {
    let entry = utcDays.get(index);
    if (entry === undefined) {
      const samples: number[] = [];
      let constant = true;
      for (let k = 0; k <= SAMPLES_PER_DAY; k++) {
        const offset = luxonZone.offset(index * DAY + k * SAMPLE_EVERY);
        samples.push(offset);
        if (offset !== samples[0]) constant = false;
      }
      entry = constant ? (samples[0] as number) : samples;
      if (utcDays.size >= CACHE_LIMIT) utcDays.clear();
      utcDays.set(index, entry);
    }
    return entry;
  }

  /** luxon's `zone.offset(ts)`, in minutes. */
  function offsetAt(ts: number): number {
    const index = Math.floor(ts / DAY);
    const entry = utcDay(index);
    if (typeof entry === "number") return entry;
    // A day with a clock change: the samples either side of ts, or luxon when they differ.
    const k = Math.floor((ts - index * DAY) / SAMPLE_EVERY);
    const before = entry[k];
    return before === entry[k + 1] ? (before as number) : luxonZone.offset(ts);
  }

  /**
   * The offset (whole minutes) in force all through [wall − 18 h, wall + 18 h], read as UTC;
   * NaN when it changes there. Then `wall - offset` is the one instant with that wall time,
   * whatever luxon's first guess.
   */
  function steadyOffsetAround(wall: number): number {
    const first = Math.floor((wall - OFFSET_REACH) / DAY);
    const last = Math.floor((wall + OFFSET_REACH) / DAY);
    const offset = utcDay(first);
    if (typeof offset !== "number" || !Number.isInteger(offset)) return Number.NaN;
    for (let index = first + 1; index <= last; index++) {
      if (utcDay(index) !== offset) return Number.NaN;
    }
    return offset;
  }

  /** The wall time (a local date's epoch ms, as if UTC) of an instant: luxon's `tsToObj`. */
  function wallTimeOf(at: number): number {
    return Math.trunc(at + offsetAt(at) * 60 * 1000);
  }

  // ---- Local dates -----------------------------------------------------------------------

  const localDays = new Map<number, LocalDay>();

  function localDay(num: number): LocalDay {
    let day = localDays.get(num);
    if (day === undefined) {
      day = new LocalDay(num);
      if (localDays.size >= CACHE_LIMIT) localDays.clear();
      localDays.set(num, day);
    }
    return day;
  }

  function localDayOf(at: number): LocalDay {
    return localDay(Math.floor(wallTimeOf(at) / DAY));
  }

  function isoOf(day: LocalDay): string {
    if (day.iso === undefined) {
      const month = day.month < 10 ? `0${day.month}` : String(day.month);
      const date = day.day < 10 ? `0${day.day}` : String(day.day);
      day.iso = `${padYear(day.year)}-${month}-${date}`;
    }
    return day.iso;
  }

  function isWorking(day: LocalDay): boolean {
    if (day.working === undefined) {
      // Weekday first: the holiday source is only asked about years with a workday looked at.
      day.working = workdays.has(day.weekday) && !isHolidayIso(day.year, isoOf(day));
    }
    return day.working;
  }

  /** The local date of an ISO date string, or the same error as before. */
  function dayOfIso(isoDate: string): LocalDay {
    if (typeof isoDate === "string" && isoDate.length === 10) {
      const year = digits(isoDate, 0, 4);
      const month = digits(isoDate, 5, 7);
      const date = digits(isoDate, 8, 10);
      if (
        isoDate.charCodeAt(4) === 45 &&
        isoDate.charCodeAt(7) === 45 &&
        year >= 0 &&
        month >= 1 &&
        month <= 12 &&
        date >= 1 &&
        date <= daysInMonth(year, month)
      ) {
        return localDay(dayNumberOf(year, month, date));
      }
    }
    const parsed = parseDate(isoDate);
    return localDay(dayNumberOf(parsed.year, parsed.month, parsed.day));
  }

  // The nearest working date strictly after (step 1) or before (step -1) a date.
  function nextWorkingDate(day: LocalDay, step: 1 | -1): LocalDay {
    for (let i = 1; i <= MAX_SEARCH_DAYS; i++) {
      const candidate = localDay(day.num + i * step);
      if (isWorking(candidate)) return candidate;
    }
    throw new Error(`no working date within ${MAX_SEARCH_DAYS} days of ${isoOf(day)}`);
  }

  // ---- Wall time → instant ---------------------------------------------------------------

  /** The instant of a wall-clock time (ms into the day) on a local date: luxon's `fromObject`. */
  function instantAt(day: LocalDay, msOfDay: number): number {
    const wall = day.num * DAY + msOfDay;
    const offset = steadyOffsetAround(wall);
    if (!Number.isNaN(offset)) return wall - offset * MINUTE;
    // Near a clock change (or in a zone with seconds in its offset): luxon decides.
    return DateTime.fromObject(
      {
        year: day.year,
        month: day.month,
        day: day.day,
        hour: Math.floor(msOfDay / HOUR),
        minute: Math.floor(msOfDay / MINUTE) % 60,
        second: Math.floor(msOfDay / 1000) % 60,
        millisecond: msOfDay % 1000,
      },
      { zone },
    ).toMillis();
  }

  function opening(day: LocalDay): number {
    if (Number.isNaN(day.opens)) day.opens = instantAt(day, opensAt);
    return day.opens;
  }

  function closing(day: LocalDay): number {
    if (Number.isNaN(day.closes)) day.closes = instantAt(day, closesAt);
    return day.closes;
  }

  /** luxon's `fixOffset`: the instant of a wall time, starting from the offset guess `guess`. */
  function fixOffset(wall: number, guess: number): number {
    let utcGuess = wall - guess * 60 * 1000;
    const o2 = offsetAt(utcGuess);
    if (guess === o2) return utcGuess;
    utcGuess -= (o2 - guess) * 60 * 1000;
    const o3 = offsetAt(utcGuess);
    if (o2 === o3) return utcGuess;
    return wall - Math.min(o2, o3) * 60 * 1000;
  }

  // ---- The calendar ----------------------------------------------------------------------

  function nextWorkingMoment(at: number): number {
    const day = localDayOf(at);
    if (isWorking(day)) {
      const opens = opening(day);
      if (at < opens) return opens;
      if (at < closing(day)) return at;
    }
    return opening(nextWorkingDate(day, 1));
  }

  // Moves over n working dates keeping the wall-clock time, so DST never shifts the hour.
  function stepWorkingDates(at: number, n: number, step: 1 | -1): number {
    if (!Number.isInteger(n)) throw new Error(`working days must be a whole number, got ${n}`);
    const wall = wallTimeOf(at);
    const num = Math.floor(wall / DAY);
    let day = localDay(num);
    for (let i = 0; i < n; i++) day = nextWorkingDate(day, step);
    return instantAt(day, wall - num * DAY);
  }

  function addWorkingDays(at: number, n: number): number {
    if (n < 0) return stepWorkingDates(at, -n, -1);
    return stepWorkingDates(nextWorkingMoment(at), n, 1);
  }

  /**
   * luxon's `plus` / `minus` of whole days and months: the month moves first (its day clamped
   * to the new month's length), then the days; the wall time is kept, found from the start's
   * offset. NaN for anything else (fractions, other or inherited units), which luxon handles.
   */
  function shiftCalendar(at: number, duration: Duration, sign: 1 | -1): number {
    let months = 0;
    let days = 0;
    for (const unit in duration) {
      const value = (duration as Record<string, unknown>)[unit];
      if (!Object.hasOwn(duration, unit) || typeof value !== "number") return Number.NaN;
      if (!Number.isInteger(value)) return Number.NaN;
      if (unit === "days") days = sign * value;
      else if (unit === "months") months = sign * value;
      else return Number.NaN;
    }
    const start = offsetAt(at);
    const wall = Math.trunc(at + start * 60 * 1000);
    const num = Math.floor(wall / DAY);
    const from = localDay(num);
    const month = from.month + months;
    const day = Math.min(from.day, daysInMonth(from.year, month)) + days;
    const shifted = dayNumberOf(from.year, month, day) * DAY + (wall - num * DAY);
    if (!(Math.abs(shifted) <= RANGE_LIMIT)) return Number.NaN;
    return fixOffset(shifted, start);
  }

  function localDate(at: number): string {
    return isoOf(localDayOf(at));
  }

  const fast: WorkCalendar = {
    zone,
    isWorkingDate: (isoDate) => isWorking(dayOfIso(isoDate)),
    isWorkingTime(at) {
      const day = localDayOf(at);
      return isWorking(day) && at >= opening(day) && at < closing(day);
    },
    nextWorkingMoment,
    addWorkingDays,
    add(at, duration) {
      if ("workingDays" in duration) return addWorkingDays(at, duration.workingDays);
      const shifted = shiftCalendar(at, duration, 1);
      return !Number.isNaN(shifted)
        ? shifted
        : DateTime.fromMillis(at, { zone }).plus(duration).toMillis();
    },
    subtract(at, duration) {
      if ("workingDays" in duration) {
        if (duration.workingDays < 0) return addWorkingDays(at, -duration.workingDays);
        return stepWorkingDates(at, duration.workingDays, -1);
      }
      const shifted = shiftCalendar(at, duration, -1);
      return !Number.isNaN(shifted)
        ? shifted
        : DateTime.fromMillis(at, { zone }).minus(duration).toMillis();
    },
    endOfDate: (isoDate) => closing(dayOfIso(isoDate)),
    openingOnOrBefore(isoDate) {
      const day = dayOfIso(isoDate);
      return opening(isWorking(day) ? day : nextWorkingDate(day, -1));
    },
    localDate,
    workingMillisBetween(from, to) {
      if (to <= from) return 0;
      const last = localDayOf(to).num;
      let total = 0;
      for (let num = localDayOf(from).num; num <= last; num++) {
        const day = localDay(num);
        if (!isWorking(day)) continue;
        const start = Math.max(from, opening(day));
        const end = Math.min(to, closing(day));
        if (end > start) total += end - start;
      }
      return total;
    },
    workingDaysBetween(from, to) {
      const first = localDayOf(from).num;
      const last = localDayOf(to).num;
      const [low, high, sign] = first <= last ? [first, last, 1] : [last, first, -1];
      let count = 0;
      for (let num = low + 1; num <= high; num++) {
        if (isWorking(localDay(num))) count++;
      }
      return sign * count;
    },
  };

  // Instants no local date can hold (NaN, ±Infinity, past ±8.3e15 ms) come only from corrupt
  // data: the clock reads CLOCK_YEARS and the org file bounds every duration. They get what
  // luxon gave them (no date, no working time, no count), so a corrupt bomb can still be shown
  // and listed while the step that needs a working day fails for that bomb alone.
  const ok = (at: number) => typeof at === "number" && Math.abs(at) <= RANGE_LIMIT;
  const noDate = "Invalid DateTime";
  const noWorkingDate = (): never => {
    throw new Error(`no working date within ${MAX_SEARCH_DAYS} days of ${noDate}`);
  };
  const shifted = (duration: Duration) =>
    "workingDays" in duration ? noWorkingDate() : Number.NaN;

  return {
    zone,
    isWorkingDate: fast.isWorkingDate,
    isWorkingTime: (at) => ok(at) && fast.isWorkingTime(at),
    nextWorkingMoment: (at) => (ok(at) ? fast.nextWorkingMoment(at) : noWorkingDate()),
    addWorkingDays: (at, n) => (ok(at) ? fast.addWorkingDays(at, n) : noWorkingDate()),
    add: (at, duration) => (ok(at) ? fast.add(at, duration) : shifted(duration)),
    subtract: (at, duration) => (ok(at) ? fast.subtract(at, duration) : shifted(duration)),
    endOfDate: fast.endOfDate,
    openingOnOrBefore: fast.openingOnOrBefore,
    localDate: (at) => (ok(at) ? fast.localDate(at) : noDate),
    workingMillisBetween: (from, to) =>
      ok(from) && ok(to) ? fast.workingMillisBetween(from, to) : 0,
    // −0, as luxon counted it: nothing, counted backwards.
    workingDaysBetween: (from, to) => (ok(from) && ok(to) ? fast.workingDaysBetween(from, to) : -0),
  };
}

function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}
