/**
 * One scheduler pass: claim the bombs whose next due time has come, let the core advance them,
 * persist. A restart is just the next pass; two passes at once take turns on the write lock and
 * the second finds nothing left to do.
 */
import type { Bomb } from "../core/bomb.ts";
import type { Transition } from "../core/effects.ts";
import { advance } from "../core/schedule.ts";
import { dueBombIds, inTransaction, loadBomb, saveTransition } from "../store/bomb-store.ts";
import type { Services } from "./services.ts";

/** What a pass did, or with `dryRun` would do. */
export interface PassResult {
  bombs: number;
  events: number;
  messages: number;
  /** The transitions applied (or planned), in order. */
  transitions: Transition[];
  /** Bombs that could not be read: skipped, so that one bad row never stops the others. */
  unreadable: { id: number; error: string }[];
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
    unreadable: [],
    more: false,
  };
  const read = (id: number): Bomb | null => {
    try {
      return loadBomb(svc.db, id);
    } catch (error) {
      result.unreadable.push({ id, error: error instanceof Error ? error.message : String(error) });
      return null;
    }
  };
  const seen = new Set<number>();
  for (let batches = 0; ; batches++) {
    const ids = dueBombIds(svc.db, now, batchSize + seen.size).filter((id) => !seen.has(id));
    if (ids.length === 0) break;
    const batch = ids.slice(0, batchSize);
    for (const id of batch) seen.add(id);
    const applied = options.dryRun
      ? batch.map((id) => plan(svc, read(id), now))
      : inTransaction(svc.db, () => batch.map((id) => apply(svc, read(id), now)));
    for (const t of applied) {
      if (t === null) continue;
      result.bombs += 1;
      result.events += t.events.length;
      result.messages += t.messages.length;
      result.transitions.push(t);
    }
    if (options.maxBatches !== undefined && batches + 1 >= options.maxBatches) {
      // Only a batch that advanced something promises more: unreadable rows stay due forever.
      result.more = applied.some((t) => t !== null);
      break;
    }
  }
  return result;
}

function plan(svc: Services, bomb: Bomb | null, now: number): Transition | null {
  return bomb === null ? null : advance(bomb, now, svc);
}

// `bomb` is re-read inside the transaction: another pass may have advanced it since the ids
// were listed.
function apply(svc: Services, bomb: Bomb | null, now: number): Transition | null {
  if (bomb === null) return null;
  const transition = advance(bomb, now, svc);
  if (transition === null) return null;
  return saveTransition(svc.db, bomb.version, transition, { via: "scheduler", recordedAt: now })
    ? transition
    : null;
}
