/**
 * The org as both stores keep it: one JSON document per revision (exactly the core's `Org`, its
 * maps written as lists in file order, with everyone's platform address), and the address rows
 * an org change writes. Pure: no database here.
 */
import * as z from "zod";
import type { Org, PersonId } from "../core/org.ts";

const duration = z.union([
  z.object({ workingDays: z.number() }),
  z.object({ days: z.number() }),
  z.object({ months: z.number() }),
]);
const rule = z.object({ resolveWithin: duration, remindBefore: duration });

// The JSON column's codec: exactly the core's `Org`, with its maps written as lists in file order.
const documentSchema = z.object({
  org: z.object({
    company: z.string(),
    locale: z.enum(["es", "en"]),
    calendar: z.object({
      timezone: z.string(),
      workdays: z.array(z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])),
      dayStarts: z.string(),
      dayEnds: z.string(),
      holidays: z.object({
        country: z.string().nullable(),
        region: z.string().nullable(),
        extra: z.array(z.string()),
        // Documents stored before `except` existed have none.
        except: z.array(z.string()).default([]),
      }),
    }),
    policy: z.object({
      answerWithin: duration,
      forwardRestartsClock: z.boolean(),
      maxForwards: z.number(),
      minor: rule,
      major: rule,
      quietHours: z.boolean(),
    }),
    loyaltyManagers: z.array(z.string()),
    ceo: z.string(),
    digest: z.object({ channel: z.string(), at: z.string() }).nullable(),
    report: z.object({ channel: z.string() }).nullable(),
    people: z.array(
      z.object({
        id: z.string(),
        email: z.string().nullable(),
        addresses: z.record(z.string(), z.string()).default({}),
        name: z.string(),
        title: z.string(),
        reportsTo: z.string().nullable(),
      }),
    ),
    departments: z.array(
      z.object({ id: z.string(), name: z.string(), director: z.string(), link: z.string() }),
    ),
  }),
  slackIds: z.record(z.string(), z.string()),
});

type OrgDocument = z.infer<typeof documentSchema>;

/** The document of an org: plain JSON, the same text for the same org and ids. */
export function orgDocument(org: Org, slackIds: ReadonlyMap<PersonId, string>): OrgDocument {
  const ids = [...slackIds.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    org: {
      company: org.company,
      locale: org.locale,
      calendar: {
        timezone: org.calendar.timezone,
        workdays: [...org.calendar.workdays],
        dayStarts: org.calendar.dayStarts,
        dayEnds: org.calendar.dayEnds,
        holidays: {
          country: org.calendar.holidays.country,
          region: org.calendar.holidays.region,
          extra: [...org.calendar.holidays.extra],
          except: [...(org.calendar.holidays.except ?? [])],
        },
      },
      policy: {
        answerWithin: org.policy.answerWithin,
        forwardRestartsClock: org.policy.forwardRestartsClock,
        maxForwards: org.policy.maxForwards,
        minor: org.policy.minor,
        major: org.policy.major,
        quietHours: org.policy.quietHours,
      },
      loyaltyManagers: [...org.loyaltyManagers],
      ceo: org.ceo,
      digest: org.digest === null ? null : { channel: org.digest.channel, at: org.digest.at },
      report: org.report === null ? null : { channel: org.report.channel },
      people: [...org.people.values()].map((p) => ({
        id: p.id,
        email: p.email,
        addresses: { ...p.addresses },
        name: p.name,
        title: p.title,
        reportsTo: p.reportsTo,
      })),
      departments: [...org.departments.values()].map((d) => ({
        id: d.id,
        name: d.name,
        director: d.director,
        link: d.link,
      })),
    },
    slackIds: Object.fromEntries(ids),
  };
}

/** Reads a stored document back; throws (naming the field) when it is not one. */
export function orgOfDocument(document: unknown): {
  org: Org;
  slackIds: Map<PersonId, string>;
} {
  const { org, slackIds } = documentSchema.parse(document);
  return {
    org: {
      ...org,
      people: new Map(org.people.map((p) => [p.id, p])),
      departments: new Map(org.departments.map((d) => [d.id, d])),
    },
    slackIds: new Map(Object.entries(slackIds)),
  };
}

/** True when a stored document is exactly `document`: the same org with the same Slack ids. */
export function sameDocument(stored: unknown, document: OrgDocument): boolean {
  return JSON.stringify(stored) === JSON.stringify(document);
}

/** Everyone's address to store: the looked-up one, else the one the org file gives. */
export function addressRows(
  org: Org,
  found: ReadonlyMap<PersonId, string>,
  platform: string,
): { person: PersonId; address: string }[] {
  return [...org.people.values()].flatMap((p) => {
    const address = found.get(p.id) ?? p.addresses[platform];
    return address ? [{ person: p.id, address }] : [];
  });
}
