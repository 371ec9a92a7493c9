/**
 * Public holidays from the `date-holidays` package, turned into the core's `HolidaySource`.
 */
import Holidays from "date-holidays";
import type { HolidaySource } from "../core/calendar.ts";
import { isKnownHolidayRegion } from "./holiday-regions.ts";

/** Whether date-holidays has a calendar for the country and region (see holiday-regions.ts). */
export { isKnownHolidayRegion };

/** The public holidays (substitute days included) of a country and region; none without a country. */
export function holidaySource(country: string | null, region: string | null): HolidaySource {
  if (country === null) return () => [];
  // date-holidays quietly falls back to national holidays for an unknown region; refuse instead.
  if (!isKnownHolidayRegion(country, region)) {
    throw new Error(`unknown holiday region: ${country}${region === null ? "" : `/${region}`}`);
  }
  const calendar = region === null ? new Holidays(country) : new Holidays(country, region);
  return (year) => {
    const dates = calendar
      .getHolidays(year)
      .filter((holiday) => holiday.type === "public")
      // "YYYY-MM-DD hh:mm:ss" in the country's own time; some holidays start at noon.
      .map((holiday) => holiday.date.slice(0, 10));
    // A moved holiday and its substitute can land on the same date.
    return [...new Set(dates)];
  };
}
