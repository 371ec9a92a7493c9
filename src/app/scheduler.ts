/**
 * One scheduler pass: claim the bombs whose next due time has come, let the core advance them,
 * persist. A restart is just the next pass; two passes at once take turns on the write lock and
 * the second finds nothing left to do. A bomb that cannot be read or advanced is rolled back
 * alone (a savepoint per bomb, once its batch failed), its neighbours in the batch go on.
 */
import { and, eq } from "drizzle-orm";
import { deliverableFrom, type Transition } from "../core/effects.ts";
import { onlyReachable } from "../core/org-change.ts";
import { advance } from "../core/schedule.ts";
import {
  dueBombIds,
  inSavepoint,
  inTransaction,
  loadBomb,
  saveTransition,
} from "../store/bomb-store.ts";
import { bombEvents, bombs, outbox } from "../store/schema.ts";
import type { Services } from "./services.ts";

/** Outbox kind of the alert to the loyalty managers about a bomb the scheduler cannot advance. */
export const bombStuckKind = "bomb_stuck";

/** A bomb the pass could not read or advance, and whether this pass was the first to see it so. */
export interface StuckBomb {
  id: number;
  error: string;
  /**
   * True when this pass told the loyalty managers (and wrote it on the timeline); false when
   * they were already told about this version of the bomb, by this process or an earlier one.
   */
  first: boolean;
}

/** What a pass did, or with `dryRun` would do. */
export interface PassResult {
  bombs: number;
  events: number;
  messages: number;
  /** The transitions applied (or planned), in order. */
  transitions: Transition[];
  /**
   * Bombs that could not be read or advanced: skipped, so that one bad bomb never stops the
   * others. They stay due, and are tried again each pass; people are told once.
   */
  stuck: StuckBomb[];
  /** True when `maxBatches` stopped the pass with work left: call again (after yielding). */
  more: boolean;
}

/** Options of a pass. */
export interface PassOptions {
  dryRun?: boolean;
  /** Bombs per transaction: large enough to be fast, small enough not to hold the lock long. */
  batchSize?: number;
  /**
   * Stop after this many batches, so that a server can answer requests between them: a big
   * catch-up in one go would hold the event loop for seconds, past Slack's 3 s ack deadline.
   */
  maxBatches?: number;
}

/** Advances every bomb due at or before `now`. */
export function runPass(svc: Services, now: number, options: PassOptions = {}): PassResult {
  const batchSize = options.batchSize ?? 500;
  const result: PassResult = {
    bombs: 0,
    events: 0,
    messages: 0,
    transitions: [],
    stuck: [],
    more: false,
  };
  const seen = new Set<number>();
  for (let batches = 0; ; batches++) {
    const ids = dueBombIds(svc.db, now, batchSize + seen.size).filter((id) => !seen.has(id));
    if (ids.length === 0) break;
    const batch = ids.slice(0, batchSize);
    for (const id of batch) seen.add(id);
    const applied = options.dryRun
      ? batch.map((id) =>
          isolated(
            id,
            () => plan(svc, id, now),
            () => false,
          ),
        )
      : applyBatch(batch);
    for (const t of applied) {
      if (t === null) continue;
      result.bombs += 1;
      result.events += t.events.length;
      result.messages += t.messages.length;
      result.transitions.push(t);
    }
    if (options.maxBatches !== undefined && batches + 1 >= options.maxBatches) {
      // Only a batch that advanced something promises more: stuck bombs stay due forever.
      result.more = applied.some((t) => t !== null);
      break;
    }
  }
  return result;

  /**
   * The batch in one transaction. A bomb that throws rolls it all back; the batch is then done
   * again with a savepoint per bomb, so that only the bad one is undone. Savepoints cost about a
   * quarter of a pass's time: the usual pass goes without them.
   */
  function applyBatch(batch: number[]): (Transition | null)[] {
    try {
      return inTransaction(svc.db, () => batch.map((id) => apply(svc, id, now)));
    } catch {
      return inTransaction(svc.db, () =>
        batch.map((id) =>
          isolated(
            id,
            () => inSavepoint(svc.db, () => apply(svc, id, now)),
            (error) => reportStuck(svc, id, error, now),
          ),
        ),
      );
    }
  }

  function isolated(
    id: number,
    step: () => Transition | null,
    report: (error: string) => boolean,
  ): Transition | null {
    try {
      return step();
    } catch (thrown) {
      const error = thrown instanceof Error ? thrown.message : String(thrown);
      result.stuck.push({ id, error, first: report(error) });
      return null;
    }
  }
}

function plan(svc: Services, id: number, now: number): Transition | null {
  const bomb = loadBomb(svc.db, id);
  return bomb === null ? null : advance(bomb, now, svc);
}

// The bomb is read inside the transaction: another pass may have advanced it since the ids
// were listed.
function apply(svc: Services, id: number, now: number): Transition | null {
  const bomb = loadBomb(svc.db, id);
  if (bomb === null) return null;
  const advanced = advance(bomb, now, svc);
  if (advanced === null) return null;
  const transition = onlyReachable(advanced, svc.org);
  return saveTransition(svc.db, bomb.version, transition, { via: "scheduler", recordedAt: now })
    ? transition
    : null;
}

/**
 * Tells the loyalty managers, once per version of the bomb, that it cannot be advanced, and
 * writes it on its timeline. "Once" lives in the outbox's unique key, so it holds across passes,
 * restarts and processes; a bomb that changes (someone acts on it) and fails again is new news.
 * The alert names the bomb without being about it: delivery must not have to read it.
 */
function reportStuck(svc: Services, id: number, error: string, now: number): boolean {
  const row = svc.db.select({ version: bombs.version }).from(bombs).where(eq(bombs.id, id)).get();
  const version = row?.version ?? 0;
  let first = false;
  for (const lm of svc.org.loyaltyManagers) {
    const inserted = svc.db
      .insert(outbox)
      .values({
        dedupeKey: `${id}:${version}:${bombStuckKind}:${lm}`,
        bombId: null,
        version,
        recipient: lm,
        kind: bombStuckKind,
        params: { bomb: id, error },
        createdAt: now,
        nextAttemptAt: deliverableFrom(svc, now),
      })
      .onConflictDoNothing()
      .run();
    if (inserted.changes > 0) first = true;
  }
  const written = svc.db
    .select({ id: bombEvents.id })
    .from(bombEvents)
    .where(
      and(
        eq(bombEvents.bombId, id),
        eq(bombEvents.version, version),
        eq(bombEvents.kind, "advance_failed"),
      ),
    )
    .get();
  // A loyalty manager added since is told too; the timeline says it once.
  if (first && row !== undefined && written === undefined) {
    svc.db
      .insert(bombEvents)
      .values({
        bombId: id,
        version,
        at: now,
        recordedAt: now,
        actor: null,
        via: "scheduler",
        kind: "advance_failed",
        data: { error },
      })
      .run();
  }
  return first;
}
