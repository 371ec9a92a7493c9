/** Timeline events as one readable line in the org's locale: "lun 23 nov 09:00  💣 abierta → …". */
import { DateTime } from "luxon";
import type { Params, TimelineEvent } from "../core/effects.ts";
import type { Org } from "../core/org.ts";
import { catalog, type Fill } from "../i18n/catalog.ts";
import { fillOf } from "../i18n/fill.ts";
import { nameAndTitle } from "./people.ts";

/** Width of `formatWhen`'s output, so timelines line up ("mié 30 sept 10:00" is the longest). */
export const whenWidth = 17;

/** The local time in the org's short format, e.g. "lun 23 nov 09:00", padded to `whenWidth`. */
export function formatWhen(org: Org, at: number): string {
  return DateTime.fromMillis(at, { zone: org.calendar.timezone })
    .setLocale(org.locale)
    .toFormat("ccc d LLL HH:mm")
    .padEnd(whenWidth);
}

/** One event as a line: its local time and its sentence. */
export function describeEvent(
  org: Org,
  event: Pick<TimelineEvent, "at" | "kind" | "data">,
): string {
  return `${formatWhen(org, event.at)}  ${catalog(org.locale).events[event.kind](fillFor(org, event.data, event.at))}`;
}

/** Event data with people as "Name (Title)" and enums and dates as words of the locale. */
export function fillFor(org: Org, data: Params, now: number): Fill {
  return fillOf({ org, now }, data, { person: (id) => nameAndTitle(org, id) });
}
