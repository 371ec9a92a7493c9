/**
 * One scheduler pass: claim the bombs whose next due time has come, let the core advance them,
 * persist. A restart is just the next pass; two passes at once take turns on the write lock and
 * the second finds nothing left to do. A bomb that cannot be read or advanced is rolled back
 * alone (a savepoint per bomb, once its batch failed), its neighbours in the batch go on.
 */
import { deliverableFrom, type Transition } from "../core/effects.ts";
import { onlyReachable } from "../core/org-change.ts";
import { advance } from "../core/schedule.ts";
import type { StuckBomb } from "../store/store.ts";
import type { Services } from "./services.ts";

export type { StuckBomb } from "../store/store.ts";

/** Outbox kind of the alert to the loyalty managers about a bomb the scheduler cannot advance. */
export const bombStuckKind = "bomb_stuck";

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

/** Bombs per transaction in a pass that yields between batches (`maxBatches`): serve's. */
export const routineBatch = 500;

/**
 * Bombs per transaction in a pass run to the end in one go (`bomba tick`, a simulation, the
 * bench): the event loop is held for all of it anyway, and each commit (with the WAL's
 * checkpoint) was a quarter of such a pass in batches of 500. Small enough that another process
 * waits well within its 5 s busy timeout for the write lock.
 */
export const catchUpBatch = 2000;

/** Advances every bomb due at or before `now`. */
export async function runPass(
  svc: Services,
  now: number,
  options: PassOptions = {},
): Promise<PassResult> {
  const advanced = await svc.store.advanceDue(
    now,
    {
      batchSize:
        options.batchSize ?? (options.maxBatches === undefined ? catchUpBatch : routineBatch),
      maxBatches: options.maxBatches,
      dryRun: options.dryRun,
    },
    (bomb) => {
      const next = advance(bomb, now, svc);
      // A dry run shows what the core would do; a real pass writes to nobody outside the org.
      if (next === null || options.dryRun) return next;
      return onlyReachable(next, svc.org);
    },
    (id, version, error) =>
      // The alert names the bomb without being about it: delivery must not have to read it.
      svc.org.loyaltyManagers.map((lm) => ({
        dedupeKey: `${id}:${version}:${bombStuckKind}:${lm}`,
        bombId: null,
        version,
        recipient: lm,
        kind: bombStuckKind,
        params: { bomb: id, error },
        nextAttemptAt: deliverableFrom(svc, now),
      })),
  );
  const result: PassResult = {
    bombs: 0,
    events: 0,
    messages: 0,
    transitions: [],
    stuck: advanced.stuck,
    more: advanced.more,
  };
  for (const t of advanced.transitions) {
    result.bombs += 1;
    result.events += t.events.length;
    result.messages += t.messages.length;
    result.transitions.push(t);
  }
  return result;
}
