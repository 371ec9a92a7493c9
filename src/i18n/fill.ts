/**
 * Timeline and message data as words of the org's locale: people through the caller's formatter
 * (a Slack mention, a name and title on the terminal), enums as words, dates as local dates.
 */
import { DateTime } from "luxon";
import type { Params } from "../core/effects.ts";
import type { Org, PersonId } from "../core/org.ts";
import { type Catalog, catalog, type Fill } from "./catalog.ts";
import { isoDateText, yearIn } from "./local-dates.ts";

/** Where the words are for: the org, and now (a date of another year shows its year). */
export interface FillContext {
  org: Org;
  now: number;
}

/** Data keys that always name a person. */
const personKeys = new Set([
  "from",
  "to",
  "owner",
  "holder",
  "visitBy",
  "visitedBy",
  "by",
  "reached",
]);

/** A plain date ("YYYY-MM-DD") in the org's locale; anything else is returned as it came. */
export function formatIsoDate(ctx: FillContext, isoDate: string): string {
  const thisYear = yearIn(ctx.org.calendar.timezone, ctx.now);
  const fast = Number.isNaN(thisYear) ? undefined : isoDateText(ctx.org.locale, isoDate, thisYear);
  if (fast !== undefined) return fast ?? isoDate;
  // A zone or a `now` the fast path leaves to luxon.
  const date = DateTime.fromISO(isoDate, { zone: "utc" });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate) || !date.isValid) return isoDate;
  const year = DateTime.fromMillis(ctx.now, { zone: ctx.org.calendar.timezone }).year;
  return date.setLocale(ctx.org.locale).toLocaleString({
    weekday: "short",
    day: "numeric",
    month: "short",
    ...(date.year === year ? {} : { year: "numeric" }),
  });
}

/**
 * Event or message data as catalog fill: people as names (or as `person` renders them), dates in
 * the locale, enums as words; `escapeText` when the sentence goes into mrkdwn.
 */
export function fillOf(
  ctx: FillContext,
  data: Params,
  options: { person: (id: PersonId) => string; escapeText?: (text: string) => string },
): Fill {
  const words: Catalog = catalog(ctx.org.locale);
  const text = (value: string) => (options.escapeText ? options.escapeText(value) : value);
  const word = (key: string, value: string): string => {
    if (personKeys.has(key) || ctx.org.people.has(value)) return options.person(value);
    if (key === "severity" && (value === "minor" || value === "major"))
      return words.severities[value];
    if (key === "satisfaction" && (value === "satisfied" || value === "unsatisfied")) {
      return words.satisfactions[value];
    }
    if (key === "source" && (value === "direct" || value === "survey" || value === "other")) {
      return words.chat.sources[value];
    }
    if (key === "state" && value in words.states) {
      return words.states[value as keyof Catalog["states"]];
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return text(formatIsoDate(ctx, value));
    return text(value);
  };
  const out: Fill = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === "string") out[key] = word(key, value);
    else if (typeof value === "number") out[key] = value;
    else if (value === null) out[key] = words.words.nobody;
    else if (typeof value !== "boolean") out[key] = value.map((v) => word(key, v)).join(", ");
  }
  return out;
}
