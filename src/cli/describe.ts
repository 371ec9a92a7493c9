/** Timeline events as one readable line in the org's locale: "lun 23 nov 09:00  💣 abierta → …". */
import { DateTime } from "luxon";
import type { Params, TimelineEvent } from "../core/effects.ts";
import type { Org } from "../core/org.ts";
import { catalog, type Fill } from "../i18n/catalog.ts";
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
  return `${formatWhen(org, event.at)}  ${catalog(org.locale).events[event.kind](fillFor(org, event.data))}`;
}

/** Event data with people turned into names and enums into words of the locale. */
export function fillFor(org: Org, data: Params): Fill {
  const words = catalog(org.locale);
  const out: Fill = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === "string" && org.people.has(value)) out[key] = nameAndTitle(org, value);
    else if (key === "severity" && (value === "minor" || value === "major"))
      out[key] = words.severities[value];
    else if (key === "satisfaction" && (value === "satisfied" || value === "unsatisfied")) {
      out[key] = words.satisfactions[value];
    } else if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      out[key] = DateTime.fromISO(value).setLocale(org.locale).toFormat("ccc d LLL");
    } else if (typeof value === "string" || typeof value === "number") out[key] = value;
    else if (value === null) out[key] = words.words.nobody;
    else if (typeof value !== "boolean") out[key] = value.join(", ");
  }
  return out;
}
