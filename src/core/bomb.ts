/**
 * A bomb's data: a discriminated union on `state`, each state carrying what it has earned so far.
 * The zod schemas double as the codec of the store's JSON column.
 */
import * as z from "zod";
import type { PersonId } from "./org.ts";

/** Where a complaint came from. */
export const sources = ["direct", "survey", "other"] as const;
/** Minor matters are solved in days, major ones in months. */
export const severities = ["minor", "major"] as const;
/** What the loyalty manager found when checking with the customer. */
export const satisfactions = ["satisfied", "unsatisfied"] as const;

/** Where a complaint came from. */
export type Source = (typeof sources)[number];
/** Minor or major, which sets the resolution limit and the reminder. */
export type Severity = (typeof severities)[number];
/** The customer's verdict recorded on verification. */
export type Satisfaction = (typeof satisfactions)[number];

/** A complaint's details, as reported or as corrected on activation. */
export interface ComplaintInput {
  customer: string;
  contact: string;
  complaint: string;
  source: Source;
}

const personId = z.string().min(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const instant = z.number().int();

const base = {
  id: z.number().int().positive(),
  /** Bumped by every transition: the store writes only over the version it read. */
  version: z.number().int().nonnegative(),
  customer: z.string(),
  contact: z.string(),
  complaint: z.string(),
  source: z.enum(sources),
  reporter: personId,
  reportedAt: instant,
  departmentId: z.string().nullable(),
  /** Everyone told about it or acting on it, in order of first appearance: the "finalizada" list. */
  involved: z.array(personId),
  forwards: z.number().int().nonnegative(),
  /** Rungs climbed without an answer, over the bomb's whole life. */
  rungs: z.number().int().nonnegative(),
};

const assignment = z.object({
  departmentId: z.string(),
  openedAt: instant,
  holder: personId,
  /** Holders it escalated through since it last changed hands; they may still act on it. */
  passedThrough: z.array(personId),
  answerDueAt: instant,
});

const commitment = z.object({
  owner: personId,
  acceptedAt: instant,
  severity: z.enum(severities),
  dueDate: isoDate,
  dueAt: instant,
  visitBy: personId,
  visitOn: isoDate,
  plan: z.string(),
  /** When the reminder is due; null once sent or when accepted already inside the reminder window. */
  remindAt: instant.nullable(),
  /** People above the owner the overdue commitment has reached, nearest first. */
  overdueReached: z.array(personId),
  overdueNextAt: instant,
});

const resolution = z.object({
  by: personId,
  at: instant,
  solution: z.string(),
  visitedOn: isoDate,
  visitedBy: personId,
});

const verification = z.object({
  by: personId,
  at: instant,
  satisfaction: z.enum(satisfactions),
  note: z.string(),
});

const ending = z.object({ by: personId, at: instant, reason: z.string() });

/** The bomb as stored and as the core sees it. */
export const bombSchema = z.discriminatedUnion("state", [
  z.object({ ...base, state: z.literal("triage") }),
  z.object({ ...base, state: z.literal("dismissed"), dismissal: ending }),
  z.object({ ...base, state: z.literal("pending"), assignment }),
  z.object({ ...base, state: z.literal("accepted"), assignment, commitment }),
  // A holder may solve it straight away without committing a date: no commitment then.
  z.object({
    ...base,
    state: z.literal("resolved"),
    assignment,
    commitment: commitment.nullable(),
    resolution,
  }),
  z.object({
    ...base,
    state: z.literal("closed"),
    assignment,
    commitment: commitment.nullable(),
    resolution,
    verification,
  }),
  z.object({
    ...base,
    state: z.literal("defused"),
    assignment: assignment.nullable(),
    commitment: commitment.nullable(),
    defusal: ending.extend({ from: z.enum(["triage", "pending", "accepted", "resolved"]) }),
  }),
]);

/** A bomb in any state. */
export type Bomb = z.infer<typeof bombSchema>;
/** The name of a bomb's state. */
export type BombState = Bomb["state"];
/** A bomb in one given state. */
export type BombIn<S extends BombState> = Extract<Bomb, { state: S }>;
/** Who holds an open bomb and until when they have to answer. */
export type Assignment = z.infer<typeof assignment>;
/** What the person who accepted promised. */
export type Commitment = z.infer<typeof commitment>;

/** The states a digest lists: someone has to answer, or to deliver what they promised. */
export const digestStates = ["pending", "accepted"] as const;

const digestAssignment = assignment.pick({
  departmentId: true,
  holder: true,
  passedThrough: true,
  answerDueAt: true,
});

/**
 * What the daily digest reads of a bomb waiting for someone: a pending or accepted bomb cut to the
 * fields it shows, so that a digest of thousands of bombs neither reads nor validates the rest.
 * A whole pending or accepted `Bomb` is one too (`digestRowSchema.parse(bomb)` cuts it).
 */
export const digestRowSchema = z.discriminatedUnion("state", [
  z.object({
    id: base.id,
    state: z.literal("pending"),
    customer: base.customer,
    forwards: base.forwards,
    assignment: digestAssignment,
  }),
  z.object({
    id: base.id,
    state: z.literal("accepted"),
    customer: base.customer,
    forwards: base.forwards,
    assignment: digestAssignment,
    commitment: commitment.pick({ owner: true, overdueReached: true, dueAt: true }),
  }),
]);

/** A pending or accepted bomb as the daily digest reads it. */
export type DigestRow = z.infer<typeof digestRowSchema>;

/** States in which a bomb still needs someone. */
export const openStates = ["triage", "pending", "accepted", "resolved"] as const;

/** True while the bomb has not been closed, defused or dismissed. */
export function isOpen(bomb: Bomb): bomb is BombIn<(typeof openStates)[number]> {
  return (openStates as readonly string[]).includes(bomb.state);
}

/** The person who must act now: the holder while pending, the owner once accepted. */
export function currentHolder(bomb: Bomb): PersonId | null {
  switch (bomb.state) {
    case "pending":
      return bomb.assignment.holder;
    case "accepted":
      return bomb.commitment.owner;
    case "resolved":
      return bomb.commitment?.owner ?? bomb.resolution.by;
    default:
      return null;
  }
}

/**
 * The next instant at which the scheduler has something to do with this bomb, or null.
 * Derived from the state alone, so the store's indexed column can always be recomputed.
 */
export function nextDueAt(bomb: Bomb): number | null {
  switch (bomb.state) {
    case "pending":
      return bomb.assignment.answerDueAt;
    case "accepted": {
      const { remindAt, overdueNextAt } = bomb.commitment;
      return remindAt === null ? overdueNextAt : Math.min(remindAt, overdueNextAt);
    }
    default:
      return null;
  }
}
