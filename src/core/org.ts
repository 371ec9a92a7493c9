/**
 * The organisation as the core sees it: validated, resolved and immutable.
 * Built from `org.yaml` by `src/org/load-org.ts`; the core never reads files.
 */

/**
 * A person's key: for someone in the org, the key the org file gives them (their e-mail, else
 * their address on a platform); for someone outside it, a "platform:address" id.
 */
export type PersonId = string;

/**
 * True for a "platform:address" id (`slack:U012ABC`): a valid way to name someone who is not in
 * the org file, e.g. a salesperson picked as the visitor. An e-mail has no such prefix; a
 * channel key ("channel:digest") is no person.
 */
export function isExternalPerson(id: string): boolean {
  return /^[a-z][a-z0-9]*:\S+$/.test(id) && !isChannelKey(id);
}

/** The id of someone outside the org, named by their address on a platform. */
export function externalPerson(platform: string, address: string): PersonId {
  return `${platform}:${address}`;
}

/**
 * The channels the org posts to, by what they are for: the org file says which channel each is
 * (`digest.channel`, `report.channel`), looked up at delivery, so a message queued before the file
 * changed goes where the file says now.
 */
export const channelKeys = { digest: "channel:digest", report: "channel:report" } as const;

/** True for a channel key ("channel:digest"), as opposed to a person. */
export function isChannelKey(recipient: string): boolean {
  return recipient.startsWith("channel:");
}

/** The channel the org names for a channel key; null for a person or a channel it no longer has. */
export function channelOfKey(org: Org, recipient: string): string | null {
  if (recipient === channelKeys.digest) return org.digest?.channel ?? null;
  if (recipient === channelKeys.report) return org.report?.channel ?? null;
  return null;
}

/**
 * Whom a person id or a recipient names, for plain text: an org person's name, a channel key's
 * channel, a stranger's address on their platform; anyone else (someone who left) as stored.
 */
export function displayName(org: Org, id: string): string {
  const person = org.people.get(id);
  if (person !== undefined) return person.name;
  if (isChannelKey(id)) return channelOfKey(org, id) ?? id;
  return isExternalPerson(id) ? id.slice(id.indexOf(":") + 1) : id;
}

/** A span of time in the org's calendar terms. */
export type Duration = { workingDays: number } | { days: number } | { months: number };

/** Weekday names as written in the org file. */
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** Supported message languages. */
export type Locale = "es" | "en";

/** One member of the org chart. */
export interface Person {
  id: PersonId;
  email: string | null;
  /** The person's address on each platform the org file names one for ("slack" → "U012ABC"). */
  addresses: Readonly<Record<string, string>>;
  name: string;
  title: string;
  /** The immediate superior; null only for the CEO. */
  reportsTo: PersonId | null;
}

/** A department with its loyalty link (first holder of its bombs). */
export interface Department {
  id: string;
  name: string;
  director: PersonId;
  link: PersonId;
}

/** How working time is counted. */
export interface CalendarSettings {
  timezone: string;
  workdays: readonly Weekday[];
  /** "HH:mm", local time in `timezone`. */
  dayStarts: string;
  dayEnds: string;
  /**
   * Public holidays of a country (and region), plus the org's own days off (`extra`), minus the
   * holidays it works anyway (`except`; absent means none).
   */
  holidays: {
    country: string | null;
    region: string | null;
    extra: readonly string[];
    except?: readonly string[];
  };
}

/** Deadlines and limits of the method. */
export interface Policy {
  answerWithin: Duration;
  forwardRestartsClock: boolean;
  maxForwards: number;
  minor: { resolveWithin: Duration; remindBefore: Duration };
  major: { resolveWithin: Duration; remindBefore: Duration };
  quietHours: boolean;
}

/** The whole validated organisation. */
export interface Org {
  company: string;
  locale: Locale;
  calendar: CalendarSettings;
  policy: Policy;
  loyaltyManagers: readonly PersonId[];
  ceo: PersonId;
  digest: { channel: string; at: string } | null;
  report: { channel: string } | null;
  people: ReadonlyMap<PersonId, Person>;
  departments: ReadonlyMap<string, Department>;
}

/** The immediate superior of a person, or null at the top (or for a stranger). */
export function superiorOf(org: Org, person: PersonId): PersonId | null {
  return org.people.get(person)?.reportsTo ?? null;
}

/** The person and everyone above them, nearest first, ending at the CEO. */
export function chainAbove(org: Org, person: PersonId): PersonId[] {
  const chain: PersonId[] = [];
  const seen = new Set<PersonId>();
  let current = superiorOf(org, person);
  while (current !== null && !seen.has(current)) {
    seen.add(current);
    chain.push(current);
    current = superiorOf(org, current);
  }
  return chain;
}

/** Everyone who reports, directly or not, to a person. */
export function subordinatesOf(org: Org, person: PersonId): PersonId[] {
  const result: PersonId[] = [];
  const queue = [person];
  while (queue.length > 0) {
    const boss = queue.shift() as PersonId;
    for (const p of org.people.values()) {
      if (p.reportsTo === boss && p.id !== person && !result.includes(p.id)) {
        result.push(p.id);
        queue.push(p.id);
      }
    }
  }
  return result;
}

/** The department whose link a person is, if any. */
export function departmentLinkedBy(org: Org, person: PersonId): string | null {
  for (const d of org.departments.values()) if (d.link === person) return d.id;
  return null;
}

/** True for the loyalty managers. */
export function isLoyaltyManager(org: Org, person: PersonId): boolean {
  return org.loyaltyManagers.includes(person);
}

/** The list without repeats, first occurrence kept: whom to tell, each person once. */
export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
