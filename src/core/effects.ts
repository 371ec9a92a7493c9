/**
 * What a transition produces besides the new bomb: timeline events and messages, both plain data.
 */
import type { Bomb } from "./bomb.ts";
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
