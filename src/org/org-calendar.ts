/** Builds an org's working-day calendar with its real public holidays. */
import { createCalendar, type WorkCalendar } from "../core/calendar.ts";
import type { Org } from "../core/org.ts";
import { holidaySource } from "./holidays.ts";

/** The org's calendar: its zone, hours and workdays, date-holidays' public holidays plus `extra` minus `except`. */
export function calendarFor(org: Org): WorkCalendar {
  const { country, region } = org.calendar.holidays;
  return createCalendar(org.calendar, holidaySource(country, region));
}
