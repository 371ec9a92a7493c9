/**
 * The shape of `org.yaml` (SPEC §3) as zod schemas. Only what one value or one object can tell
 * is checked here; references between people and departments are checked in `load-org.ts`.
 * Every custom issue carries `params.orgCode` (an `OrgMessageCode`) so it can be localized.
 */
import { DateTime, IANAZone } from "luxon";
import * as z from "zod";
import type { Duration } from "../core/org.ts";
import { isKnownHolidayRegion } from "./holiday-regions.ts";
import type { OrgMessageCode, OrgMessageParams } from "./org-messages.ts";

/** Every key any object of the org file may hold; used to suggest the key meant by a typo. */
export const ORG_FILE_KEYS = new Set<string>();

/** Slack user ids: U… for ordinary workspaces, W… for Enterprise Grid. */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CHANNEL = /^(#[^\s#]{1,80}|[CG][A-Z0-9]{2,})$/;
const DEPARTMENT_ID = /^[a-z0-9][a-z0-9_-]*$/;
const COUNTRY = /^[A-Za-z]{2}$/;

type Ctx = z.core.$RefinementCtx<unknown>;

/** Runs the check even when siblings failed, so one bad field does not hide another issue. */
const ALWAYS = { when: () => true };

function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  for (const key of Object.keys(shape)) ORG_FILE_KEYS.add(key);
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
  if (!ISO_DATE.test(value) || !DateTime.fromISO(value).isValid) {
    addOrgIssue(ctx, "badDate", { value });
  }
});
const zone = z.string().superRefine((value, ctx) => {
  if (!IANAZone.isValidZone(value)) addOrgIssue(ctx, "badZone", { value });
});
const channel = matching(CHANNEL, "badChannel");
/** A reference to a person: their e-mail or their Slack id. Resolution happens in load-org. */
const personRef = text;
const weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
const positiveInt = z.int().positive();

function durationSchema(allowMonths: boolean) {
  return strictObject({
    workingDays: positiveInt.optional(),
    days: positiveInt.optional(),
    months: positiveInt.optional(),
  })
    .superRefine((value, ctx) => {
      const units = Object.keys(value).filter((k) => value[k as keyof typeof value] !== undefined);
      if (units.length !== 1) addOrgIssue(ctx, "durationShape");
      else if (!allowMonths && units[0] === "months") addOrgIssue(ctx, "answerWithinUnit");
    })
    .transform((value): Duration => {
      if (value.workingDays !== undefined) return { workingDays: value.workingDays };
      if (value.days !== undefined) return { days: value.days };
      return { months: value.months ?? 0 };
    });
}

/** `{ workingDays: n }`, `{ days: n }` or `{ months: n }`, n a positive integer. */
export const durationFileSchema = durationSchema(true);

const holidaysSchema = strictObject({
  country: z.string().optional(),
  region: z.string().optional(),
  extra: z.array(isoDate).default([]),
})
  .superRefine((value, ctx) => {
    const country = field(value, "country");
    const region = field(value, "region");
    if (typeof country !== "string") {
      if (typeof region === "string") addOrgIssue(ctx, "regionWithoutCountry", {}, ["region"]);
      return;
    }
    if (!COUNTRY.test(country)) {
      addOrgIssue(ctx, "badCountry", { value: country }, ["country"]);
    } else if (!isKnownHolidayRegion(country, null)) {
      addOrgIssue(ctx, "unknownHolidayCountry", { country }, ["country"]);
    } else if (typeof region === "string" && !isKnownHolidayRegion(country, region)) {
      addOrgIssue(ctx, "unknownHolidayRegion", { country, region }, ["region"]);
    }
  }, ALWAYS)
  .prefault({});

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
    resolveWithin: durationFileSchema.default(resolveWithin),
    remindBefore: durationFileSchema.default(remindBefore),
  }).prefault({});

const policySchema = strictObject({
  answerWithin: durationSchema(false).default({ workingDays: 3 }),
  forwardRestartsClock: z.boolean().default(true),
  maxForwards: z.int().nonnegative().default(3),
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
});

/** The org file once its shape is valid; references are still unresolved strings. */
export type OrgFile = z.output<typeof orgFileSchema>;
