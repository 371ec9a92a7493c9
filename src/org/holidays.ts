/**
 * Public holidays from the `date-holidays` package, turned into the core's `HolidaySource`.
 */
import Holidays from "date-holidays";
import type { HolidaySource } from "../core/calendar.ts";

/** True when date-holidays knows the country and, if given, the region (a "state" there). */
export function isKnownHolidayRegion(country: string, region: string | null): boolean {
  const lookup = new Holidays();
  if (!Object.hasOwn(lookup.getCountries(), country.toUpperCase())) return false;
  if (region === null) return true;
  // getStates is undefined, not {}, for countries without regions.
  const states = lookup.getStates(country) ?? {};
  return Object.hasOwn(states, region.toUpperCase());
}

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
