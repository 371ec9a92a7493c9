/**
 * The store the app works with: every transaction and every read the use cases need, each one
 * method, all async. A method that must decide inside its transaction (what a command does to the
 * bomb it read) takes a synchronous, pure callback and runs it there: better-sqlite3 cannot wait
 * for a promise inside a transaction, and PostgreSQL will run the same callback between its
 * `SELECT … FOR UPDATE` and the writes. The SQLite implementation is in `sqlite/`.
 */
import type { Bomb, DigestRow } from "../core/bomb.ts";
import type { Transition } from "../core/effects.ts";
import type { Org, PersonId } from "../core/org.ts";
import type { Quarter } from "../core/quarter.ts";

/** Where a change came from, recorded on the timeline. */
export type Via = "slack" | "teams" | "cli" | "scheduler" | "simulate" | "system";

/** Who wrote a change and when it was written (the event's own `at` may be earlier in catch-up). */
export interface WriteMeta {
  via: Via;
  recordedAt: number;
}

/** Outbox kind of the row that re-renders a bomb's earlier messages after it changed. */
export const refreshKind = "refresh";

/** One outbox row as stored. */
export interface OutboxRow {
  id: number;
  /** bomb:version:kind:recipient — a transition's message exists once, whatever retries happen. */
  dedupeKey: string;
  bombId: number | null;
  version: number;
  recipient: string;
  kind: string;
  params: unknown;
  createdAt: number;
  /** pending → sent | failed (permanent error) | dropped (no longer true when due). */
  status: string;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  sentAt: number | null;
  /** Set while an attempt's outcome is unknown (see `outcomeUnknown`). */
  inFlightSince: number | null;
}

/** An outbox row about no bomb (a channel post, a job's DM, an alert), or an alert about one. */
export interface QueuedMessage {
  dedupeKey: string;
  /** The bomb it is about, when it is (a delivery-failed alert); null otherwise. */
  bombId?: number | null;
  version?: number;
  recipient: string;
  kind: string;
  params: Record<string, unknown>;
  nextAttemptAt: number;
}

/**
 * Where one delivered message landed, to edit or withdraw it later: the chat port's `MessageRef`
 * (its conversation, the platform's own reference, which part of a long content it is).
 */
export interface Landing {
  conversation: string;
  ref: string;
  part: number;
}

/** One of a bomb's messages delivered earlier: where it landed, and what it was about. */
export interface Landed extends Landing {
  /** The delivery's own id (`relandMessage`). */
  id: number;
  recipient: string;
  kind: string;
  params: unknown;
}

/** One row of a bomb's timeline. */
export interface TimelineRow {
  id: number;
  bombId: number;
  version: number;
  at: number;
  recordedAt: number;
  actor: string | null;
  via: string;
  kind: string;
  data: unknown;
  holder: string | null;
}

/** Which open bombs to list. */
export type BombFilter = { holder: PersonId } | { department: string } | { all: true };

/**
 * What a decision made inside a transaction returns: the transition to write (null: nothing) and
 * the caller's own result.
 */
export interface Decided<R> {
  write: Transition | null;
  result: R;
}

/** A bomb the scheduler could not read or advance, and whether this pass was first to say so. */
export interface StuckBomb {
  id: number;
  error: string;
  /** True when this pass queued the alert (and wrote it on the timeline). */
  first: boolean;
}

/** How a scheduler pass runs. */
export interface AdvanceOptions {
  /** Plan only: nothing is written, nobody is alerted. */
  dryRun?: boolean | undefined;
  /** Bombs per transaction. */
  batchSize: number;
  /** Stop after this many batches (the caller calls again); undefined: until nothing is due. */
  maxBatches?: number | undefined;
}

/** What a pass wrote (or would write). */
export interface Advanced {
  transitions: Transition[];
  stuck: StuckBomb[];
  /** True when `maxBatches` stopped it with work left. */
  more: boolean;
}

/** The org in force as one stored revision (everyone's addresses: `addressesOn`). */
export interface StoredOrg {
  revision: number;
  org: Org;
}

/** Everyone's address on one chat platform (the platform's id for them), by person. */
export interface PlatformAddresses {
  /** "slack", "teams", "memory": the addresses' key. */
  platform: string;
  byPerson: ReadonlyMap<PersonId, string>;
}

/** A person as last stored, before an org change is written. */
export interface FormerPerson {
  reportsTo: PersonId | null;
  name: string;
}

/** What an org change needs decided inside its transaction, once it knows who was there before. */
export interface OrgReconciler {
  /** The transition that reconciles an open bomb naming someone outside the new org, or null. */
  reconcile(bomb: Bomb): Transition | null;
  /** Why the messages still waiting for someone who left are withdrawn. */
  withdrawnBecause(person: PersonId): string;
}

/** What putting an org in force wrote. */
export interface OrgWritten {
  revision: number;
  /** False when that org, with the same Slack ids, was already in force: nothing was written. */
  changed: boolean;
  transitions: Transition[];
  withdrawn: number;
  unreadable: { id: number; error: string }[];
}

/** A job's claim: its messages and what to note on its run, queued with the claim or not at all. */
export interface JobClaim {
  job: string;
  period: string;
  now: number;
  /** When set, the claim is refused unless the bot was at work before this instant. */
  inUseBefore: number | null;
  messages: readonly QueuedMessage[];
  detail: string;
}

/** What the quarterly report reads: the bombs of the quarter and their timelines up to its end. */
export interface QuarterData {
  bombs: Bomb[];
  events: {
    bombId: number;
    at: number;
    actor: string | null;
    kind: string;
    data: unknown;
    holder: string | null;
  }[];
}

/** Every transaction and read the app makes. */
export interface Store {
  /**
   * Files a bomb: finds the one an earlier report with `sourceKey` made (passed to `decide` as
   * `earlier`), else picks the next id; writes what `decide` returns.
   */
  reportBomb<R>(
    sourceKey: string | null,
    decide: (id: number, earlier: Bomb | null) => Decided<R>,
    meta: WriteMeta,
  ): Promise<R>;
  /**
   * Reads bomb `id` (null: none) and writes what `decide` returns over that version; `written`
   * is false when a transition was returned but the bomb had moved meanwhile.
   */
  actOnBomb<R>(
    id: number,
    decide: (bomb: Bomb | null) => Decided<R>,
    meta: WriteMeta,
  ): Promise<{ result: R; written: boolean }>;
  /**
   * Advances every bomb due at `now` through `step`, a batch per transaction; a bomb that throws
   * is rolled back alone and `stuck` gives the alerts to queue (once per version of the bomb).
   */
  advanceDue(
    now: number,
    options: AdvanceOptions,
    step: (bomb: Bomb) => Transition | null,
    stuck: (id: number, version: number, error: string) => QueuedMessage[],
  ): Promise<Advanced>;
  /**
   * Puts `org` in force with everyone's address unless exactly that is in force already: the
   * revision, the addresses, the bombs `plan` reconciles and the messages to people who left,
   * withdrawn, in one transaction.
   */
  changeOrg(
    org: Org,
    addresses: PlatformAddresses,
    meta: { now: number; via: string },
    plan: (before: ReadonlyMap<PersonId, FormerPerson>) => OrgReconciler,
  ): Promise<OrgWritten>;
  /** The revision in force, 0 when none: one primary-key read. */
  orgRevision(): Promise<number>;
  /** The org in force, decoded; null when none was ever stored. */
  storedOrg(): Promise<StoredOrg | null>;
  /** Everyone's address on `platform` as stored by the last org change. */
  addressesOn(platform: string): Promise<Map<PersonId, string>>;
  /** The private conversations kept with the stored addresses on `platform`, by address. */
  conversationsOn(platform: string): Promise<Map<string, string>>;
  /**
   * Keeps the private conversation opened with `address` on `platform`, so that a restart does
   * not open it again; nothing when no stored person has that address.
   */
  keepConversation(platform: string, address: string, conversation: string): Promise<void>;

  /** One bomb, null when there is none with that id. */
  loadBomb(id: number): Promise<Bomb | null>;
  /** A bomb's timeline, oldest first. */
  loadTimeline(bombId: number): Promise<TimelineRow[]>;
  /** Open bombs matching the filter, soonest deadline first (none last), at most `limit`. */
  listOpenBombs(filter: BombFilter, limit?: number): Promise<Bomb[]>;
  /** How many open bombs match the filter. */
  countOpenBombs(filter: BombFilter): Promise<number>;
  /** The bombs in the given states, whole. */
  bombsInStates(states: readonly string[]): Promise<Bomb[]>;
  /**
   * Every pending or accepted bomb as the daily digest reads it (only the fields it shows,
   * validated), in no particular order.
   */
  digestRows(): Promise<DigestRow[]>;
  /** The earliest instant anything is due, or null. */
  earliestDueAt(): Promise<number | null>;
  /** What the report of `quarter` reads. */
  quarterData(quarter: Quarter): Promise<QuarterData>;
  /** A bomb's outbox rows (refreshes left out), in the order they were written. */
  bombMessages(bombId: number): Promise<{ version: number; recipient: string; kind: string }[]>;

  /** True when (job, period) was claimed already. */
  jobClaimed(job: string, period: string): Promise<boolean>;
  /** True when the bot was at work before `instant` (a job run or a bomb older than it). */
  inUseBefore(instant: number): Promise<boolean>;
  /** Claims a job for a period and queues its messages; false when someone else had it. */
  claimJob(claim: JobClaim): Promise<boolean>;

  /** Outbox rows due at `now`, oldest first, each bomb's in order (see the SQLite notes). */
  deliverableRows(now: number, limit: number): Promise<OutboxRow[]>;
  /** The earliest instant a pending row becomes due, or null. */
  nextOutboxAttemptAt(): Promise<number | null>;
  /** Takes a row for one attempt until `leaseUntil`; false when someone else took it. */
  claimRow(row: OutboxRow, leaseUntil: number, now: number): Promise<boolean>;
  /** Puts a row off until `until` without counting an attempt (quiet hours). */
  postponeRow(row: OutboxRow, until: number): Promise<void>;
  /** Marks a row delivered, remembering where its messages landed on `platform`. */
  markSent(
    row: OutboxRow,
    now: number,
    landed: readonly Landing[],
    platform: string,
  ): Promise<void>;
  /** Puts a row back until `retryAt` after a passing failure. */
  markRetry(row: OutboxRow, retryAt: number, error: string, outcomeUnknown: boolean): Promise<void>;
  /** Gives a row up, writes `delivery_failed` on its bomb's timeline and queues `alerts`. */
  markFailed(
    row: OutboxRow,
    now: number,
    error: string,
    alerts: readonly QueuedMessage[],
  ): Promise<void>;
  /** Withdraws a row that stopped being true, noting `message_dropped` on the bomb's timeline. */
  markDropped(row: OutboxRow, now: number, data: Record<string, unknown>): Promise<void>;
  /** Where a bomb's messages landed, oldest first (each part of one in order). */
  landedMessages(bombId: number): Promise<Landed[]>;
  /**
   * Keeps `fresh` in place of the delivery `id`: the platform could not edit that message and
   * sent it anew (Teams), so a later refresh edits the new one.
   */
  relandMessage(id: number, fresh: readonly Landing[]): Promise<void>;
  /** The conversation where the bot last posted to `recipient`, or null. */
  channelLandedFor(recipient: string): Promise<string | null>;
  /**
   * A queued message's state by dedupe key, and where its first part landed once sent; null
   * when there is no such row.
   */
  messageLanding(dedupeKey: string): Promise<{ status: string; at: Landing | null } | null>;

  /** Copies the database to `target` (a file), consistent while others write. */
  backup(target: string): Promise<{ totalPages: number }>;
  /** True when the store answers. */
  healthy(): Promise<boolean>;
  /** Closes it; later calls fail. */
  close(): Promise<void>;
}

/**
 * True when the row's last attempt may have reached the platform without the answer being
 * recorded (in flight when the process died, or a call that got no answer).
 */
export function outcomeUnknown(row: OutboxRow): boolean {
  return typeof row.inFlightSince === "number";
}
