/**
 * The shape of `org.yaml` (SPEC §3) as zod schemas. Only what one value or one object can tell
 * is checked here; references between people and departments are checked in `load-org.ts`.
 * Every custom issue carries `params.orgCode` (an `OrgMessageCode`) so it can be localized.
 */
import * as z from "zod";
import type { Duration } from "../core/org.ts";
import {
  holidayRegions,
  holidaySource,
  isKnownHolidayRegion,
  suggestCountry,
  suggestRegion,
} from "./holidays.ts";
import { type OrgMessageCode, type OrgMessageParams, quoteFromFile } from "./org-messages.ts";
import { badZoneHint, isKnownZone } from "./zones.ts";

/** Slack user ids: U… for ordinary workspaces, W… for Enterprise Grid. */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A YYYY-MM-DD that names a day of the calendar (no 2027-02-30). Checked on a plain Date in UTC:
 * a luxon DateTime would ask the system's locale first, and loading the platform's locale tables
 * for that is a quarter of what `bomba org check` takes.
 */
function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const [year = 0, month = 0, day = 0] = value.split("-").map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}
/**
 * A Slack channel ("#name" or its id), or a Teams channel: "team id/channel id" (`19:…`) or the
 * link Teams' "Get link to channel" gives.
 */
const CHANNEL =
  /^(#[^\s#]{1,80}|[CG][A-Z0-9]{2,}|[^/\s]+\/19:[^/\s]+|https:\/\/teams\.microsoft\.com\/l\/channel\/19%3[aA]\S+)$/;
const DEPARTMENT_ID = /^[a-z0-9][a-z0-9_-]*$/;
const COUNTRY = /^[A-Za-z]{2}$/;

type Ctx = z.core.$RefinementCtx<unknown>;

/** Runs the check even when siblings failed, so one bad field does not hide another issue. */
const ALWAYS = { when: () => true };

function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape);
}

function addOrgIssue(
  ctx: Ctx,
  code: OrgMessageCode,
  params: OrgMessageParams = {},
  path: (string | number)[] = [],
): void {
  ctx.addIssue({ code: "custom", message: code, path, params: { orgCode: code, ...params } });
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** A string that must match a pattern, reported with its own message code. */
function matching(pattern: RegExp, code: OrgMessageCode) {
  return z.string().superRefine((value, ctx) => {
    if (!pattern.test(value)) addOrgIssue(ctx, code, { value });
  });
}

const text = z.string().trim().min(1);
const time = matching(TIME, "badTime");
const isoDate = z.string().superRefine((value, ctx) => {
  if (!isCalendarDate(value)) {
    addOrgIssue(ctx, "badDate", { value });
  }
});
const zone = z.string().superRefine((value, ctx) => {
  if (isKnownZone(value)) return;
  const hint = badZoneHint(value);
  addOrgIssue(ctx, hint.code, { ...hint.params, value: quoteFromFile(value) });
});
const channel = matching(CHANNEL, "badChannel");
/** A reference to a person: their e-mail or their Slack id. Resolution happens in load-org. */
const personRef = text;
const weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
const positiveInt = z.int().positive();

/**
 * The longest durations the method makes sense with, by unit. An answer window is days, a few
 * weeks at most: past that a complaint is not being escalated. A solution is committed within
 * two years at most, and a reminder comes before that. They also keep every date the scheduler
 * computes far inside what a calendar can count.
 */
export const DURATION_LIMITS = {
  answerWithin: { workingDays: 20, days: 28 },
  resolveWithin: { workingDays: 500, days: 730, months: 24 },
  remindBefore: { workingDays: 500, days: 730, months: 24 },
} as const;

/** The most forwards a bomb may take before the loyalty managers are alerted. */
export const MAX_FORWARDS = 10;

type DurationUse = keyof typeof DURATION_LIMITS;
type DurationUnit = "workingDays" | "days" | "months";

const tooLongCodes: Record<DurationUse, OrgMessageCode> = {
  answerWithin: "answerWithinTooLong",
  resolveWithin: "resolveWithinTooLong",
  remindBefore: "remindBeforeTooLong",
};

function durationSchema(use: DurationUse) {
  return strictObject({
    workingDays: positiveInt.optional(),
    days: positiveInt.optional(),
    months: positiveInt.optional(),
  })
    .superRefine((value, ctx) => {
      const units = Object.keys(value).filter((k) => value[k as keyof typeof value] !== undefined);
      const unit = units[0] as DurationUnit | undefined;
      if (units.length !== 1 || unit === undefined) {
        addOrgIssue(ctx, "durationShape");
        return;
      }
      const limits: Partial<Record<DurationUnit, number>> = DURATION_LIMITS[use];
      const max = limits[unit];
      if (max === undefined) addOrgIssue(ctx, "answerWithinUnit");
      else if ((value[unit] ?? 0) > max) addOrgIssue(ctx, tooLongCodes[use], { unit, max }, [unit]);
    })
    .transform((value): Duration => {
      if (value.workingDays !== undefined) return { workingDays: value.workingDays };
      if (value.days !== undefined) return { days: value.days };
      return { months: value.months ?? 0 };
    });
}

/** `{ workingDays: n }`, `{ days: n }` or `{ months: n }`, n a positive integer up to two years. */
export const durationFileSchema = durationSchema("resolveWithin");

const holidaysSchema = strictObject({
  country: z.string().optional(),
  region: z.string().optional(),
  extra: z.array(isoDate).default([]),
  except: z.array(isoDate).default([]),
})
  .superRefine((value, ctx) => {
    const country = field(value, "country");
    const region = field(value, "region");
    const except = field(value, "except");
    const hasExcept = Array.isArray(except) && except.length > 0;
    if (typeof country !== "string") {
      if (typeof region === "string") addOrgIssue(ctx, "regionWithoutCountry", {}, ["region"]);
      if (hasExcept) addOrgIssue(ctx, "exceptWithoutCountry", {}, ["except"]);
      return;
    }
    if (!COUNTRY.test(country)) {
      const suggestion = suggestCountry(country);
      const params = suggestion === undefined ? {} : { suggestion };
      addOrgIssue(ctx, "badCountry", { value: quoteFromFile(country), ...params }, ["country"]);
      return;
    }
    if (!isKnownHolidayRegion(country, null)) {
      const suggestion = suggestCountry(country);
      const params = suggestion === undefined ? {} : { suggestion };
      addOrgIssue(ctx, "unknownHolidayCountry", { country, ...params }, ["country"]);
      return;
    }
    const upper = country.toUpperCase();
    if (typeof region === "string" && !isKnownHolidayRegion(country, region)) {
      const regions = Object.keys(holidayRegions(country));
      if (regions.length === 0) {
        addOrgIssue(ctx, "countryHasNoRegions", { country: upper }, ["region"]);
        return;
      }
      const suggestion = suggestRegion(country, region);
      const params = {
        country: upper,
        region: quoteFromFile(region),
        valid: regions.join(", "),
        ...(suggestion === undefined
          ? {}
          : { suggestion: suggestion.code, suggestionName: suggestion.name }),
      };
      addOrgIssue(ctx, "unknownHolidayRegion", params, ["region"]);
      return;
    }
    if (hasExcept) checkExcept(value, upper, typeof region === "string" ? region : null, ctx);
  }, ALWAYS)
  .prefault({});

/** Each `except` date must be one of the calendar's holidays, and not also an `extra` day off. */
function checkExcept(value: unknown, country: string, region: string | null, ctx: Ctx): void {
  const except = field(value, "except") as unknown[];
  const extra = field(value, "extra");
  const extraDates = new Set(Array.isArray(extra) ? extra : []);
  const source = holidaySource(country, region);
  const calendar = region === null ? country : `${country}-${region.toUpperCase()}`;
  except.forEach((date, i) => {
    if (typeof date !== "string" || !isCalendarDate(date)) return;
    if (extraDates.has(date)) {
      addOrgIssue(ctx, "exceptAlsoExtra", { date }, ["except", i]);
    } else if (!source(Number(date.slice(0, 4))).includes(date)) {
      addOrgIssue(ctx, "exceptNotHoliday", { date, calendar }, ["except", i]);
    }
  });
}

const calendarSchema = strictObject({
  workdays: z
    .array(weekday)
    .min(1)
    .superRefine((days, ctx) => {
      days.forEach((day, i) => {
        if (days.indexOf(day) !== i) addOrgIssue(ctx, "duplicateWorkday", { value: day }, [i]);
      });
    })
    .default(["mon", "tue", "wed", "thu", "fri"]),
  dayStarts: time.default("09:00"),
  dayEnds: time.default("18:00"),
  holidays: holidaysSchema,
})
  .superRefine((value, ctx) => {
    // Defaults are not applied yet when a sibling failed, hence the fallbacks.
    const starts = field(value, "dayStarts") ?? "09:00";
    const ends = field(value, "dayEnds") ?? "18:00";
    if (typeof starts !== "string" || typeof ends !== "string") return;
    if (TIME.test(starts) && TIME.test(ends) && starts >= ends) {
      addOrgIssue(ctx, "dayOrder", { starts, ends }, ["dayEnds"]);
    }
  }, ALWAYS)
  .prefault({});

const severitySchema = (resolveWithin: Duration, remindBefore: Duration) =>
  strictObject({
    resolveWithin: durationSchema("resolveWithin").default(resolveWithin),
    remindBefore: durationSchema("remindBefore").default(remindBefore),
  }).prefault({});

const policySchema = strictObject({
  answerWithin: durationSchema("answerWithin").default({ workingDays: 3 }),
  forwardRestartsClock: z.boolean().default(true),
  maxForwards: z.int().nonnegative().max(MAX_FORWARDS).default(3),
  minor: severitySchema({ days: 10 }, { days: 3 }),
  major: severitySchema({ months: 3 }, { days: 10 }),
  quietHours: z.boolean().default(true),
}).prefault({});

const personSchema = strictObject({
  email: z.email().optional(),
  slack: matching(SLACK_USER_ID, "badSlackId").optional(),
  name: text,
  title: text,
  reportsTo: personRef.nullable().optional(),
}).superRefine((value, ctx) => {
  if (typeof value !== "object" || value === null) return;
  const hasEmail = field(value, "email") !== undefined;
  const hasSlack = field(value, "slack") !== undefined;
  if (!hasEmail && !hasSlack) addOrgIssue(ctx, "personNeedsKey");
  if (hasEmail && hasSlack) addOrgIssue(ctx, "personHasBothKeys", {}, ["slack"]);
}, ALWAYS);

const departmentSchema = strictObject({
  id: matching(DEPARTMENT_ID, "badDepartmentId"),
  name: text,
  director: personRef,
  link: personRef,
});

/** The whole `org.yaml`, with SPEC §3's usual values as defaults. */
export const orgFileSchema = strictObject({
  company: text,
  timezone: zone,
  locale: z.enum(["es", "en"]).default("es"),
  calendar: calendarSchema,
  policy: policySchema,
  loyaltyManagers: z.array(personRef).min(1),
  ceo: personRef,
  digest: strictObject({ channel, at: time.default("09:00") }).optional(),
  report: strictObject({ channel }).optional(),
  people: z.array(personSchema).min(1),
  departments: z.array(departmentSchema).min(1),
}).superRefine((value, ctx) => {
  const workdays = field(field(value, "calendar"), "workdays");
  const perWeek = Array.isArray(workdays) && workdays.length > 0 ? workdays.length : 5;
  for (const severity of ["minor", "major"] as const) {
    const settings = field(field(value, "policy"), severity);
    const resolve = calendarDays(field(settings, "resolveWithin"), perWeek);
    const remind = calendarDays(field(settings, "remindBefore"), perWeek);
    if (resolve === null || remind === null) continue;
    // In one unit the numbers say it; across units, at their least favourable (a month can be
    // 28 days or 31), since the reminder must fire whatever the month.
    const tooLong =
      remind.unit === resolve.unit ? remind.n >= resolve.n : remind.longest >= resolve.shortest;
    if (tooLong) {
      const params = {
        remindUnit: remind.unit,
        remind: remind.n,
        resolveUnit: resolve.unit,
        resolve: resolve.n,
      };
      addOrgIssue(ctx, "remindNotShorter", params, ["policy", severity, "remindBefore"]);
    }
  }
}, ALWAYS);

/** The org file once its shape is valid; references are still unresolved strings. */
export type OrgFile = z.output<typeof orgFileSchema>;

/** A duration as the calendar days it can span, or null when it is not a valid duration. */
function calendarDays(
  duration: unknown,
  workdaysPerWeek: number,
): { unit: DurationUnit; n: number; shortest: number; longest: number } | null {
  for (const unit of ["workingDays", "days", "months"] as const) {
    const n = field(duration, unit);
    if (typeof n !== "number" || !Number.isInteger(n) || n <= 0) continue;
    if (unit === "days") return { unit, n, shortest: n, longest: n };
    if (unit === "months") return { unit, n, shortest: 28 * n, longest: 31 * n };
    const days = (n * 7) / workdaysPerWeek;
    return { unit, n, shortest: days, longest: days };
  }
  return null;
}

/**
 * Where each object of the file sits ("" for the top, "calendar.holidays", "people[]") and the
 * keys it takes, read from the schema itself, so that a key written in the wrong place can be
 * pointed at the right one.
 */
export const ORG_FILE_PLACES: ReadonlyMap<string, readonly string[]> = placesOf(orgFileSchema);

function placesOf(schema: z.ZodType): Map<string, readonly string[]> {
  const places = new Map<string, readonly string[]>();
  const walk = (node: z.core.$ZodType, place: string) => {
    const def = node._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === "pipe") walk(def.in as z.core.$ZodType, place);
    else if (def.type === "array") walk(def.element as z.core.$ZodType, `${place}[]`);
    else if (def.type === "object") {
      const shape = def.shape as Record<string, z.core.$ZodType>;
      places.set(place, Object.keys(shape));
      for (const [key, child] of Object.entries(shape)) {
        walk(child, place === "" ? key : `${place}.${key}`);
      }
    } else if (def.innerType !== undefined) walk(def.innerType as z.core.$ZodType, place);
  };
  walk(schema, "");
  return places;
}
