/**
 * Public holidays from the `date-holidays` package, turned into the core's `HolidaySource`.
 *
 * Its calculator (with its time-zone, astronomy and lunar calendars) is loaded when the first
 * year's holidays are asked for, not when this module is: checking an org file or printing help
 * must not pay for it. It is required as CommonJS, which Node loads in about two thirds of the
 * time of the same package as ES modules, and synchronously, as a `HolidaySource` is.
 */
import { createRequire } from "node:module";
import type Holidays from "date-holidays";
import type { HolidaySource } from "../core/calendar.ts";
import { isKnownHolidayRegion } from "./holiday-regions.ts";

/** Whether date-holidays has a calendar for the country and region (see holiday-regions.ts). */
export { isKnownHolidayRegion };

let calculator: typeof Holidays | undefined;

/** date-holidays' `Holidays` class, loaded on first use. */
function holidaysClass(): typeof Holidays {
  calculator ??= createRequire(import.meta.url)("date-holidays") as typeof Holidays;
  return calculator;
}

/** The public holidays (substitute days included) of a country and region; none without a country. */
export function holidaySource(country: string | null, region: string | null): HolidaySource {
  if (country === null) return () => [];
  // date-holidays quietly falls back to national holidays for an unknown region; refuse instead.
  if (!isKnownHolidayRegion(country, region)) {
    throw new Error(`unknown holiday region: ${country}${region === null ? "" : `/${region}`}`);
  }
  let calendar: Holidays | undefined;
  return (year) => {
    if (calendar === undefined) {
      const Calculator = holidaysClass();
      calendar = region === null ? new Calculator(country) : new Calculator(country, region);
    }
    const dates = calendar
      .getHolidays(year)
      .filter((holiday) => holiday.type === "public")
      // "YYYY-MM-DD hh:mm:ss" in the country's own time; some holidays start at noon.
      .map((holiday) => holiday.date.slice(0, 10));
    // A moved holiday and its substitute can land on the same date.
    return [...new Set(dates)];
  };
}
