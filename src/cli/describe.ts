/**
 * Timeline events as one readable line in the org's locale: "jue, 3 dic, 10:00  💣 abierta → …".
 * Dates and times take the locale's one style (the same as the dates inside the sentences), with
 * the year whenever it is not the current one.
 */
import { DateTime } from "luxon";
import type { Params, TimelineEvent } from "../core/effects.ts";
import type { Org } from "../core/org.ts";
import { catalog, type Fill } from "../i18n/catalog.ts";
import { fillOf } from "../i18n/fill.ts";
import { nameAndTitle } from "./people.ts";

/** The local date and time, e.g. "jue, 3 dic, 10:00" or "Thu, Dec 3, 2027, 10:00" in another year. */
export function formatWhen(org: Org, at: number, now: number): string {
  const zone = org.calendar.timezone;
  const local = DateTime.fromMillis(at, { zone }).setLocale(org.locale);
  const otherYear = local.year !== DateTime.fromMillis(now, { zone }).year;
  return local.toLocaleString({
    weekday: "short",
    day: "numeric",
    month: "short",
    ...(otherYear ? { year: "numeric" } : {}),
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
}

/** An event's sentence in the org's locale, its dates worded as of `now`. */
export function eventSentence(
  org: Org,
  event: Pick<TimelineEvent, "kind" | "data">,
  now: number,
): string {
  return catalog(org.locale).events[event.kind](fillFor(org, event.data, now));
}

/** One event as a line: its local time and its sentence. */
export function describeEvent(
  org: Org,
  event: Pick<TimelineEvent, "at" | "kind" | "data">,
  now: number,
): string {
  return `${formatWhen(org, event.at, now)}  ${eventSentence(org, event, now)}`;
}

/** Event data with people as "Name (Title)" and enums and dates as words of the locale. */
export function fillFor(org: Org, data: Params, now: number): Fill {
  return fillOf({ org, now }, data, { person: (id) => nameAndTitle(org, id) });
}
