import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { instantText, isoDateText, yearIn } from "../../src/i18n/local-dates.ts";

// What formatInstant and formatIsoDate said through luxon before the formatters were kept: the
// fast path must say exactly the same.
function luxonInstant(locale: string, zone: string, at: number, now: number): string {
  const local = DateTime.fromMillis(at, { zone }).setLocale(locale);
  const thisYear = DateTime.fromMillis(now, { zone }).year === local.year;
  return local.toLocaleString({
    weekday: "short",
    day: "numeric",
    month: "short",
    ...(thisYear ? {} : { year: "numeric" }),
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
}

function luxonIsoDate(locale: string, isoDate: string, thisYear: number): string | null {
  const date = DateTime.fromISO(isoDate, { zone: "utc" });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate) || !date.isValid) return null;
  return date.setLocale(locale).toLocaleString({
    weekday: "short",
    day: "numeric",
    month: "short",
    ...(date.year === thisYear ? {} : { year: "numeric" }),
  });
}

const zones = [
  "Europe/Madrid",
  "America/New_York",
  "America/Mexico_City",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Etc/GMT+5",
  "UTC",
  "utc",
  "UTC+1",
  "Not/AZone",
];
const locales = ["es", "en", "en-GB"];

describe("local dates", () => {
  it("formats instants as luxon does, across zones, clock changes and new years", () => {
    const now = Date.parse("2026-12-31T23:30:00Z");
    // Every 613 minutes for two years (every hour of the day comes round), the hours either side
    // of Madrid's and New York's clock changes, and what luxon calls invalid.
    const instants: number[] = [];
    for (
      let at = Date.parse("2025-12-01T00:00:00Z");
      at < Date.parse("2027-12-01T00:00:00Z");
      at += 613 * 60_000
    ) {
      instants.push(at);
    }
    for (const change of ["2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z", "2026-03-08T07:00:00Z"]) {
      for (let m = -90; m <= 90; m += 15) instants.push(Date.parse(change) + m * 60_000);
    }
    instants.push(Number.NaN, 8.64e15 + 1, -1, 0);
    const differ: string[] = [];
    for (const zone of zones) {
      for (const locale of locales) {
        for (const at of instants) {
          const fast = instantText(locale, zone, at, now);
          const luxon = luxonInstant(locale, zone, at, now);
          if (fast !== luxon) differ.push(`${zone} ${locale} ${at}: ${fast} ≠ ${luxon}`);
        }
      }
    }
    expect(differ).toEqual([]);
  }, 60_000);

  it("formats plain dates as luxon does, and refuses what luxon calls invalid", () => {
    const dates = [
      "2026-12-14",
      "2027-01-01",
      "2024-02-29",
      "2026-02-29",
      "2026-02-30",
      "2026-13-01",
      "2026-00-10",
      "2026-04-31",
      "0999-05-05",
      "0000-01-01",
      "2026-1-01",
      "not a date",
      "",
    ];
    for (const locale of locales) {
      for (const date of dates) {
        // Each year twice: the second answer comes from the dates already worded.
        for (const thisYear of [2026, 2027, 2026, 2027]) {
          expect(isoDateText(locale, date, thisYear), `${locale} ${date}`).toBe(
            luxonIsoDate(locale, date, thisYear),
          );
        }
      }
    }
  });

  it("gives the year of an instant in a zone, NaN for what luxon would not read", () => {
    const newYear = Date.parse("2026-12-31T23:30:00Z");
    expect(yearIn("Europe/Madrid", newYear)).toBe(2027);
    expect(yearIn("America/New_York", newYear)).toBe(2026);
    expect(yearIn("Europe/Madrid", Number.NaN)).toBeNaN();
    expect(yearIn("Not/AZone", newYear)).toBeNaN();
    // A millisecond either side of each new year, as luxon counts them.
    for (const zone of ["Europe/Madrid", "Asia/Kolkata", "Pacific/Chatham", "America/Sao_Paulo"]) {
      for (const year of [1999, 2026, 2027, 2100]) {
        const start = DateTime.fromObject({ year }, { zone }).toMillis();
        for (const at of [start - 1, start, start + 1]) {
          expect(yearIn(zone, at), `${zone} ${at}`).toBe(DateTime.fromMillis(at, { zone }).year);
        }
      }
    }
  });
});
