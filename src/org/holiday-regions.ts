/**
 * Which countries and regions `date-holidays` has calendars for, read from its data alone: the
 * org file's check needs only this, not the calculator (and its time-zone tables) that
 * `holidays.ts` loads to list the days, which would double what `bomba org check` takes to start.
 */
import { data } from "date-holidays/data";

/** True when date-holidays knows the country and, if given, the region (a "state" there). */
export function isKnownHolidayRegion(country: string, region: string | null): boolean {
  const countries = data.holidays;
  const code = country.toUpperCase();
  if (!Object.hasOwn(countries, code)) return false;
  if (region === null) return true;
  // As date-holidays' getStates: a country's states, else its regions; neither for most.
  const entry = countries[code];
  const states = entry?.states ?? entry?.regions ?? {};
  return Object.hasOwn(states, region.toUpperCase());
}
