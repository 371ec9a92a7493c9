/**
 * Working-time arithmetic in the org's zone. Pure: holidays come in through `HolidaySource`.
 * All instants are UTC epoch milliseconds; every computation happens in the org's zone with luxon.
 */
import { DateTime, Info } from "luxon";
import type { CalendarSettings, Duration, Weekday } from "./org.ts";

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

function formatDate(date: DateTime): string {
  return date.toFormat("yyyy-MM-dd");
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
  const holidaysByYear = new Map<number, ReadonlySet<string>>();

  function isHoliday(date: DateTime): boolean {
    let yearHolidays = holidaysByYear.get(date.year);
    if (yearHolidays === undefined) {
      yearHolidays = new Set(holidays(date.year));
      holidaysByYear.set(date.year, yearHolidays);
    }
    const isoDate = formatDate(date);
    return yearHolidays.has(isoDate) || extraHolidays.has(isoDate);
  }

  function isWorking(date: DateTime): boolean {
    return workdays.has(date.weekday) && !isHoliday(date);
  }

  // The nearest working date strictly after (step 1) or before (step -1) a date.
  function nextWorkingDate(date: DateTime, step: 1 | -1): DateTime {
    let candidate = date;
    for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
      candidate = candidate.plus({ days: step });
      if (isWorking(candidate)) return candidate;
    }
    throw new Error(`no working date within ${MAX_SEARCH_DAYS} days of ${formatDate(date)}`);
  }

  function localDateOf(at: number): DateTime {
    const local = DateTime.fromMillis(at, { zone });
    return DateTime.utc(local.year, local.month, local.day);
  }

  function instantAt(date: DateTime, time: WallTime & { second?: number; millisecond?: number }) {
    return DateTime.fromObject(
      {
        year: date.year,
        month: date.month,
        day: date.day,
        hour: time.hour,
        minute: time.minute,
        second: time.second ?? 0,
        millisecond: time.millisecond ?? 0,
      },
      { zone },
    ).toMillis();
  }

  function nextWorkingMoment(at: number): number {
    const date = localDateOf(at);
    if (isWorking(date)) {
      if (at < instantAt(date, dayStarts)) return instantAt(date, dayStarts);
      if (at < instantAt(date, dayEnds)) return at;
    }
    return instantAt(nextWorkingDate(date, 1), dayStarts);
  }

  // Moves over n working dates keeping the wall-clock time, so DST never shifts the hour.
  function stepWorkingDates(at: number, n: number, step: 1 | -1): number {
    if (!Number.isInteger(n)) throw new Error(`working days must be a whole number, got ${n}`);
    const local = DateTime.fromMillis(at, { zone });
    let date = localDateOf(at);
    for (let i = 0; i < n; i++) date = nextWorkingDate(date, step);
    return instantAt(date, local);
  }

  function addWorkingDays(at: number, n: number): number {
    if (n < 0) return stepWorkingDates(at, -n, -1);
    return stepWorkingDates(nextWorkingMoment(at), n, 1);
  }

  function localDate(at: number): string {
    return formatDate(localDateOf(at));
  }

  return {
    zone,
    isWorkingDate: (isoDate) => isWorking(parseDate(isoDate)),
    isWorkingTime(at) {
      const date = localDateOf(at);
      return isWorking(date) && at >= instantAt(date, dayStarts) && at < instantAt(date, dayEnds);
    },
    nextWorkingMoment,
    addWorkingDays,
    add(at, duration) {
      if ("workingDays" in duration) return addWorkingDays(at, duration.workingDays);
      return DateTime.fromMillis(at, { zone }).plus(duration).toMillis();
    },
    subtract(at, duration) {
      if ("workingDays" in duration) {
        if (duration.workingDays < 0) return addWorkingDays(at, -duration.workingDays);
        return stepWorkingDates(at, duration.workingDays, -1);
      }
      return DateTime.fromMillis(at, { zone }).minus(duration).toMillis();
    },
    endOfDate: (isoDate) => instantAt(parseDate(isoDate), dayEnds),
    openingOnOrBefore(isoDate) {
      const date = parseDate(isoDate);
      return instantAt(isWorking(date) ? date : nextWorkingDate(date, -1), dayStarts);
    },
    localDate,
    workingMillisBetween(from, to) {
      if (to <= from) return 0;
      const last = localDateOf(to);
      let total = 0;
      for (let date = localDateOf(from); date <= last; date = date.plus({ days: 1 })) {
        if (!isWorking(date)) continue;
        const start = Math.max(from, instantAt(date, dayStarts));
        const end = Math.min(to, instantAt(date, dayEnds));
        if (end > start) total += end - start;
      }
      return total;
    },
    workingDaysBetween(from, to) {
      const first = localDateOf(from);
      const last = localDateOf(to);
      const [low, high, sign] = first <= last ? [first, last, 1] : [last, first, -1];
      let count = 0;
      for (let date = low.plus({ days: 1 }); date <= high; date = date.plus({ days: 1 })) {
        if (isWorking(date)) count++;
      }
      return sign * count;
    },
  };
}
