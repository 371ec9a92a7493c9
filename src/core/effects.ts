/**
 * What a transition produces besides the new bomb: timeline events and messages, both plain data.
 */
import type { Bomb } from "./bomb.ts";
import type { Context } from "./context.ts";
import type { PersonId } from "./org.ts";

/** Kinds of timeline entries; the timeline is append-only. */
export type EventKind =
  | "reported"
  | "opened"
  | "dismissed"
  | "escalated"
  | "unanswered_at_top"
  | "forwarded"
  | "forward_limit_passed"
  | "accepted"
  | "reminded"
  | "overdue"
  | "resolved"
  | "closed"
  | "reopened"
  | "defused"
  | "reassigned"
  | "left_org"
  | "delivery_failed"
  | "message_dropped"
  | "advance_failed";

/** Values an event or a message may carry: JSON-safe scalars and lists of people. */
export type Params = Record<string, string | number | boolean | null | readonly string[]>;

/** One line of a bomb's timeline. `actor` null means the scheduler or the system. */
export interface TimelineEvent {
  at: number;
  actor: PersonId | null;
  kind: EventKind;
  data: Params;
  /** The bomb version this event produced, when a transition spans several (a catch-up). */
  version?: number;
  /**
   * Who had to act right after this event, when a transition spans several steps (a catch-up);
   * otherwise the transition's resulting bomb says it.
   */
  holder?: PersonId | null;
}

/** Kinds of direct messages; each has a text in every locale and a Block Kit builder. */
export type MessageKind =
  | "triage_request"
  | "report_activated"
  | "report_dismissed"
  | "bomb_assigned"
  | "bomb_escalated"
  | "bomb_unanswered"
  | "unanswered_at_top"
  | "bomb_forwarded"
  | "forward_limit"
  | "bomb_accepted"
  | "visit_assigned"
  | "commitment_reminder"
  | "commitment_overdue"
  | "bomb_resolved"
  | "bomb_closed"
  | "bomb_reopened"
  | "bomb_defused"
  | "bomb_reassigned";

/** A message to send, as data: who, what kind, about which bomb, not before when. */
export interface Outgoing {
  to: PersonId;
  kind: MessageKind;
  bombId: number;
  /** The bomb version this message belongs to; with kind and recipient it makes delivery idempotent. */
  version: number;
  /** Quiet hours: the earliest instant it may be delivered. */
  notBefore: number;
  params: Params;
}

/** The outcome of one transition. */
export interface Transition {
  bomb: Bomb;
  events: TimelineEvent[];
  messages: Outgoing[];
}

/** A transition that happened (a command's answer when it is not a rejection). */
export type Done = { ok: true } & Transition;

/** A transition that happened. */
export function done(bomb: Bomb, events: TimelineEvent[], messages: Outgoing[]): Done {
  return { ok: true, bomb, events, messages };
}

/** Builds a timeline event at the context's instant. */
export function event(
  ctx: Pick<Context, "now" | "actor">,
  kind: TimelineEvent["kind"],
  data: Params,
): TimelineEvent {
  return { at: ctx.now, actor: ctx.actor, kind, data };
}

/** Quiet hours: the earliest instant from `at` at which a message may reach anyone. */
export function deliverableFrom(ctx: Pick<Context, "org" | "calendar">, at: number): number {
  return ctx.org.policy.quietHours ? ctx.calendar.nextWorkingMoment(at) : at;
}

/** Builds a message, held back to the next working moment when quiet hours apply. */
export function message(
  ctx: Pick<Context, "now" | "org" | "calendar">,
  bomb: Bomb,
  to: PersonId,
  kind: MessageKind,
  params: Params,
): Outgoing {
  const notBefore = deliverableFrom(ctx, ctx.now);
  return { to, kind, bombId: bomb.id, version: bomb.version, notBefore, params };
}
