import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { CLOCK_YEARS, createCalendar, type HolidaySource } from "../../src/core/calendar.ts";
import type { CalendarSettings, Duration } from "../../src/core/org.ts";
import { holidaySource } from "../../src/org/holidays.ts";
import { DURATION_LIMITS } from "../../src/org/org-schema.ts";

const MADRID: CalendarSettings = {
  timezone: "Europe/Madrid",
  workdays: ["mon", "tue", "wed", "thu", "fri"],
  dayStarts: "09:00",
  dayEnds: "18:00",
  holidays: { country: "ES", region: "MD", extra: ["2026-12-24", "2026-12-31"] },
};

const MEXICO: CalendarSettings = {
  ...MADRID,
  timezone: "America/Mexico_City",
  holidays: { country: "MX", region: null, extra: [] },
};

const madrid = createCalendar(MADRID, holidaySource("ES", "MD"));
const mexico = createCalendar(MEXICO, holidaySource("MX", null));

/** A local wall time in the zone ("2026-12-04T19:00") as UTC epoch ms. */
function at(local: string, zone = MADRID.timezone): number {
  const instant = DateTime.fromISO(local, { zone });
  if (!instant.isValid) throw new Error(`bad test instant ${local}`);
  return instant.toMillis();
}

/** An instant as local wall time in the zone, the way the tables are written. */
function show(instant: number, zone = MADRID.timezone): string {
  return DateTime.fromMillis(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

const HOUR = 3_600_000;

// The Friday evening before Madrid's December bridge (Mon 7 and Tue 8 are holidays).
const FRIDAY_EVENING = at("2026-12-04T19:00");

describe("isWorkingDate", () => {
  it.each([
    ["2026-12-04", true, "Friday"],
    ["2026-12-05", false, "Saturday"],
    ["2026-12-06", false, "Sunday and Constitución"],
    ["2026-12-07", false, "Constitución moved to Monday in Madrid"],
    ["2026-12-08", false, "Inmaculada"],
    ["2026-12-09", true, "Wednesday after the bridge"],
    ["2026-12-24", false, "extra: Nochebuena"],
    ["2026-12-25", false, "Navidad"],
    ["2026-12-31", false, "extra: Nochevieja"],
    ["2027-01-01", false, "Año Nuevo"],
    ["2027-01-06", false, "Reyes"],
    ["2026-04-02", false, "Jueves Santo, Madrid only"],
    ["2026-04-06", true, "Easter Monday works in Madrid"],
    ["2026-03-19", true, "San José is not a Madrid holiday in 2026"],
    ["2026-11-02", false, "Todos los Santos moved to Monday"],
  ])("%s → %s (%s)", (date, expected) => {
    expect(madrid.isWorkingDate(date)).toBe(expected);
  });

  it("refuses a malformed date", () => {
    expect(() => madrid.isWorkingDate("2026-13-01")).toThrow(/not a date/);
  });
});

describe("isWorkingTime", () => {
  it.each([
    ["2026-12-03T08:59:59.999", false],
    ["2026-12-03T09:00", true],
    ["2026-12-03T17:59:59.999", true],
    ["2026-12-03T18:00", false],
    ["2026-12-05T10:00", false],
    ["2026-12-07T10:00", false],
  ])("%s → %s", (local, expected) => {
    expect(madrid.isWorkingTime(at(local))).toBe(expected);
  });
});

describe("nextWorkingMoment", () => {
  it.each([
    ["2026-12-04T19:00", "2026-12-09T09:00", "Friday evening before the bridge"],
    ["2026-12-01T07:00", "2026-12-01T09:00", "Tuesday before dayStarts"],
    ["2026-12-03T18:00", "2026-12-04T09:00", "exactly at dayEnds"],
    ["2026-12-03T10:30", "2026-12-03T10:30", "already working time"],
    ["2026-11-14T11:00", "2026-11-16T09:00", "Saturday"],
    ["2026-12-30T18:30", "2027-01-04T09:00", "year end"],
  ])("%s → %s (%s)", (start, expected) => {
    expect(show(madrid.nextWorkingMoment(at(start)))).toBe(expected);
  });
});

describe("addWorkingDays in Madrid", () => {
  it.each([
    ["2026-12-04T19:00", 3, "2026-12-14T09:00", "Friday evening, over the bridge"],
    ["2026-12-01T07:00", 1, "2026-12-02T09:00", "before dayStarts"],
    ["2026-12-03T18:00", 1, "2026-12-09T09:00", "exactly at dayEnds counts from Friday"],
    ["2026-12-03T17:59", 1, "2026-12-04T17:59", "a minute before dayEnds keeps the time"],
    ["2026-11-14T11:00", 1, "2026-11-17T09:00", "Saturday"],
    ["2026-11-15T23:00", 1, "2026-11-17T09:00", "Sunday night"],
    ["2026-11-16T10:30", 3, "2026-11-19T10:30", "plain week"],
    ["2026-11-13T10:30", 5, "2026-11-20T10:30", "over a weekend"],
    ["2026-10-09T10:30", 1, "2026-10-13T10:30", "Fiesta Nacional (national)"],
    ["2026-04-01T10:30", 1, "2026-04-06T10:30", "Jueves Santo (Madrid) and Viernes Santo"],
    ["2026-04-30T10:30", 1, "2026-05-04T10:30", "1 May; 2 May is a Saturday"],
    ["2026-10-30T10:30", 1, "2026-11-03T10:30", "2 November, substitute day"],
    ["2026-12-23T10:30", 1, "2026-12-28T10:30", "extra 24 Dec and Navidad"],
    ["2026-12-30T10:30", 3, "2027-01-07T10:30", "year end: 31 Dec, 1 Jan and 6 Jan"],
    ["2026-12-30T10:30", 1, "2027-01-04T10:30", "into the next year"],
    ["2026-12-05T12:00", 0, "2026-12-09T09:00", "n = 0 only normalises"],
    ["2026-12-03T10:30", 0, "2026-12-03T10:30", "n = 0 inside working hours"],
  ])("%s + %i → %s (%s)", (start, n, expected) => {
    expect(show(madrid.addWorkingDays(at(start), n))).toBe(expected);
  });

  it("counts the reference Friday evening from the Wednesday after the bridge", () => {
    expect(show(madrid.addWorkingDays(FRIDAY_EVENING, 1))).toBe("2026-12-10T09:00");
  });
});

describe("DST in Europe/Madrid keeps 10:30 local", () => {
  it.each([
    ["2026-03-27T10:30", 1, "2026-03-30T10:30+02:00", "spring forward on Sunday 29 March"],
    ["2026-03-26T10:30", 2, "2026-03-30T10:30+02:00", "two days over the change"],
    ["2026-10-23T10:30", 1, "2026-10-26T10:30+01:00", "fall back on Sunday 25 October"],
    ["2026-03-28T03:30", 1, "2026-03-31T09:00+02:00", "from the Saturday before"],
  ])("%s + %i → %s (%s)", (start, n, expected) => {
    const result = madrid.addWorkingDays(at(start), n);
    expect(
      DateTime.fromMillis(result, { zone: MADRID.timezone }).toISO({
        suppressSeconds: true,
        suppressMilliseconds: true,
      }),
    ).toBe(expected);
  });

  it.each([
    ["2026-03-27T10:30", "2026-03-30T10:30", 71],
    ["2026-10-23T10:30", "2026-10-26T10:30", 73],
  ])("%s → %s is %i real hours", (start, end, hours) => {
    expect(madrid.addWorkingDays(at(start), 1) - at(start)).toBe(hours * HOUR);
    expect(show(madrid.addWorkingDays(at(start), 1))).toBe(end);
  });
});

describe("addWorkingDays in Mexico City", () => {
  it.each([
    ["2026-09-15T10:30", 1, "2026-09-17T10:30", "Independencia"],
    ["2026-01-30T19:00", 1, "2026-02-04T09:00", "Friday evening before Constitución Monday"],
    ["2026-04-01T10:30", 1, "2026-04-02T10:30", "Jueves Santo is only a bank holiday"],
    ["2026-12-04T19:00", 1, "2026-12-08T09:00", "Spanish holidays do not apply"],
  ])("%s + %i → %s (%s)", (start, n, expected) => {
    const zone = MEXICO.timezone;
    expect(show(mexico.addWorkingDays(at(start, zone), n), zone)).toBe(expected);
  });
});

describe("add", () => {
  it.each<[string, Duration, string, string]>([
    ["2026-01-31T10:30", { months: 1 }, "2026-02-28T10:30", "month end clamps"],
    ["2026-12-31T10:30", { months: 2 }, "2027-02-28T10:30", "over the year end"],
    ["2026-03-28T10:30", { days: 1 }, "2026-03-29T10:30", "onto the DST Sunday, no normalising"],
    ["2026-10-24T10:30", { days: 2 }, "2026-10-26T10:30", "over the October change"],
    ["2026-12-04T19:00", { days: 10 }, "2026-12-14T19:00", "outside hours stays outside"],
    ["2026-12-04T19:00", { workingDays: 3 }, "2026-12-14T09:00", "working days normalise"],
    ["2026-12-03T10:30", { workingDays: 0 }, "2026-12-03T10:30", "zero working days"],
  ])("%s + %o → %s (%s)", (start, duration, expected) => {
    expect(show(madrid.add(at(start), duration))).toBe(expected);
  });
});

describe("subtract", () => {
  it.each<[string, Duration, string, string]>([
    ["2026-12-14T09:00", { days: 3 }, "2026-12-11T09:00", "calendar days"],
    ["2026-03-31T10:30", { months: 1 }, "2026-02-28T10:30", "month end clamps"],
    ["2026-03-30T10:30", { days: 2 }, "2026-03-28T10:30", "back over spring forward"],
    ["2026-12-14T09:00", { workingDays: 3 }, "2026-12-09T09:00", "back to before the weekend"],
    ["2026-12-10T10:30", { workingDays: 1 }, "2026-12-09T10:30", "plain day"],
    ["2026-12-09T10:30", { workingDays: 1 }, "2026-12-04T10:30", "back over the bridge"],
    ["2027-01-04T10:30", { workingDays: 1 }, "2026-12-30T10:30", "back over the year end"],
    ["2026-03-30T10:30", { workingDays: 1 }, "2026-03-27T10:30", "back over the DST Sunday"],
    ["2026-12-06T12:00", { workingDays: 1 }, "2026-12-04T12:00", "from a Sunday keeps the time"],
  ])("%s − %o → %s (%s)", (start, duration, expected) => {
    expect(show(madrid.subtract(at(start), duration))).toBe(expected);
  });
});

describe("endOfDate", () => {
  it.each([
    ["2026-12-10", "2026-12-10T17:00:00.000Z"],
    ["2026-03-29", "2026-03-29T16:00:00.000Z"],
    ["2026-10-25", "2026-10-25T17:00:00.000Z"],
  ])("%s → %s", (date, utc) => {
    const end = madrid.endOfDate(date);
    expect(new Date(end).toISOString()).toBe(utc);
    expect(show(end)).toBe(`${date}T18:00`);
  });
});

describe("localDate", () => {
  it.each([
    ["2026-12-04T23:30:00.000Z", "2026-12-05", "already Saturday in Madrid"],
    ["2026-12-04T22:59:59.999Z", "2026-12-04", "still Friday in Madrid"],
  ])("%s → %s (%s)", (utc, expected) => {
    expect(madrid.localDate(Date.parse(utc))).toBe(expected);
  });
});

describe("workingMillisBetween", () => {
  it.each([
    ["2026-12-03T10:00", "2026-12-03T12:00", 2, "same day"],
    ["2026-11-13T17:00", "2026-11-16T10:00", 2, "over a weekend"],
    ["2026-12-04T17:00", "2026-12-09T10:00", 2, "over the weekend and the bridge"],
    ["2026-11-16T09:00", "2026-11-23T09:00", 45, "a whole week"],
    ["2026-03-27T17:00", "2026-03-30T10:00", 2, "over the spring-forward weekend"],
    ["2026-12-04T19:00", "2026-12-09T08:00", 0, "all outside working hours"],
    ["2026-12-03T07:00", "2026-12-03T20:00", 9, "a whole day from outside"],
    ["2026-12-03T12:00", "2026-12-03T10:00", 0, "reversed"],
    ["2026-12-03T10:00", "2026-12-03T10:00", 0, "empty"],
  ])("%s → %s is %i h (%s)", (from, to, hours) => {
    expect(madrid.workingMillisBetween(at(from), at(to))).toBe(hours * HOUR);
  });

  it("walks a long span day by day", () => {
    const hours =
      madrid.workingMillisBetween(at("2026-01-01T00:00"), at("2027-01-01T00:00")) / HOUR;
    // 2026 has 261 weekdays; 10 of Madrid's public holidays and both extras fall on one.
    expect(hours).toBe((261 - 10 - 2) * 9);
  });
});

describe("workingDaysBetween", () => {
  it.each([
    ["2026-12-04T10:00", "2026-12-09T10:00", 1, "over the weekend and the bridge"],
    ["2026-12-09T10:00", "2026-12-04T10:00", -1, "reversed"],
    ["2026-12-03T10:00", "2026-12-03T17:00", 0, "same date"],
    ["2026-12-03T17:00", "2026-12-03T10:00", 0, "same date reversed"],
    ["2026-11-16T10:00", "2026-11-23T10:00", 5, "a week"],
    ["2026-11-14T10:00", "2026-11-16T10:00", 1, "from a Saturday"],
    ["2026-11-13T10:00", "2026-11-15T10:00", 0, "to a Sunday"],
    ["2026-11-13T23:30", "2026-11-16T00:30", 1, "time of day does not matter"],
    ["2026-12-30T10:00", "2027-01-07T10:00", 3, "year end"],
    ["2027-01-07T10:00", "2026-12-30T10:00", -3, "year end reversed"],
  ])("%s → %s is %i (%s)", (from, to, expected) => {
    expect(madrid.workingDaysBetween(at(from), at(to))).toBe(expected);
  });
});

describe("holiday source", () => {
  it("is asked once per year", () => {
    const calls: number[] = [];
    const counting: HolidaySource = (year) => {
      calls.push(year);
      return [];
    };
    const calendar = createCalendar(MADRID, counting);
    calendar.addWorkingDays(at("2026-12-30T10:30"), 5);
    calendar.addWorkingDays(at("2026-12-30T10:30"), 5);
    calendar.workingMillisBetween(at("2026-11-01T00:00"), at("2027-02-01T00:00"));
    expect(calls).toEqual([2026, 2027]);
  });
});

describe("settings", () => {
  it.each<[string, Partial<CalendarSettings>, RegExp]>([
    ["bad zone", { timezone: "Europe/Atlantis" }, /timezone/],
    ["bad dayStarts", { dayStarts: "9" }, /dayStarts/],
    ["bad dayEnds", { dayEnds: "25:00" }, /dayEnds/],
    ["dayEnds before dayStarts", { dayStarts: "18:00", dayEnds: "09:00" }, /dayEnds/],
  ])("refuses %s", (_name, overrides, message) => {
    expect(() => createCalendar({ ...MADRID, ...overrides }, () => [])).toThrow(message);
  });

  it("fails instead of hanging when no date is ever a workday", () => {
    const idle = createCalendar({ ...MADRID, workdays: [] }, () => []);
    expect(() => idle.addWorkingDays(FRIDAY_EVENING, 1)).toThrow(/no working date within 3660/);
    expect(() => idle.subtract(FRIDAY_EVENING, { workingDays: 1 })).toThrow(/no working date/);
    expect(idle.workingMillisBetween(FRIDAY_EVENING, FRIDAY_EVENING + 30 * 24 * HOUR)).toBe(0);
  });
});

describe("the edges of the clock's years", () => {
  // The sparsest week the org file allows (one workday) makes working days longest in dates.
  const settingsIn = (timezone: string): CalendarSettings => ({
    ...MADRID,
    timezone,
    workdays: ["mon"],
    holidays: { country: "ES", region: "MD", extra: [] },
  });
  const ZONES = ["Pacific/Kiritimati", "Europe/Madrid", "Pacific/Pago_Pago"];
  const LONGEST: [string, Duration][] = Object.entries(DURATION_LIMITS).flatMap(([use, limits]) =>
    Object.entries(limits).map(([unit, n]): [string, Duration] => [
      `${use} ${n} ${unit}`,
      { [unit]: n } as Duration,
    ]),
  );
  const TABLE = ZONES.flatMap((zone) => LONGEST.map(([name, d]) => [zone, name, d] as const));
  const FOUR_DIGIT_DATE = /^\d{4}-\d{2}-\d{2}$/;

  it.each(TABLE)("%s: the longest %s from the last instant a clock reads", (zone, _, duration) => {
    const calendar = createCalendar(settingsIn(zone), holidaySource("ES", "MD"));
    const last = DateTime.fromObject(
      { year: CLOCK_YEARS.last, month: 12, day: 31, hour: 23, minute: 59 },
      { zone },
    ).toMillis();
    const due = calendar.add(last, duration);
    const date = calendar.localDate(due);
    expect(date).toMatch(FOUR_DIGIT_DATE);
    expect(date <= "9999-12-31").toBe(true);
    // What the scheduler and the checks do next with such a date.
    expect(calendar.endOfDate(date)).toBeGreaterThan(last);
    expect(calendar.openingOnOrBefore(date)).toBeLessThanOrEqual(calendar.endOfDate(date));
    expect(calendar.nextWorkingMoment(due)).toBeGreaterThanOrEqual(due);
    if (!("workingDays" in duration)) {
      expect(due).toBe(DateTime.fromMillis(last, { zone }).plus(duration).toMillis());
    }
  });

  it.each(TABLE)("%s: the longest %s back from the first instant a clock reads", (zone, _, d) => {
    const calendar = createCalendar(settingsIn(zone), holidaySource("ES", "MD"));
    const first = DateTime.fromObject({ year: CLOCK_YEARS.first, month: 1, day: 1 }, { zone });
    const back = calendar.subtract(first.toMillis(), d);
    const date = calendar.localDate(back);
    expect(date).toMatch(FOUR_DIGIT_DATE);
    expect(date >= "0000-01-01").toBe(true);
    expect(calendar.openingOnOrBefore(date)).toBeLessThanOrEqual(first.toMillis());
  });
});
