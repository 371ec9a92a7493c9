/**
 * Jobs that run once per period (a digest a day, a report a quarter). A job is claimed by
 * inserting its (job, period) row: the primary key lets exactly one claimant in, whichever
 * process or restart gets there first, and the claimant queues its messages in the same
 * transaction, so a claim without its messages (or the reverse) is never committed.
 */
import { and, asc, eq, lt, sql } from "drizzle-orm";
import { bombs, deliveries, jobRuns, outbox } from "../schema.ts";
import type { Landing } from "../store.ts";
import type { Db } from "./database.ts";

/** An outbox row about no bomb: a channel post or a DM of a job. */
export interface JobMessage {
  dedupeKey: string;
  recipient: string;
  kind: string;
  params: Record<string, unknown>;
  nextAttemptAt: number;
}

/** Claims `job` for `period`; true only for the caller whose insert made the row. */
export function claimJob(db: Db, job: string, period: string, now: number): boolean {
  const result = db
    .insert(jobRuns)
    .values({ job, period, startedAt: now, finishedAt: now, status: "queued" })
    .onConflictDoNothing()
    .run();
  return result.changes === 1;
}

/** Notes what a claimed job queued (for whoever reads `job_runs` later). */
export function recordJobDetail(db: Db, job: string, period: string, detail: string): void {
  db.update(jobRuns)
    .set({ detail })
    .where(and(eq(jobRuns.job, job), eq(jobRuns.period, period)))
    .run();
}

/** True when (job, period) was claimed already. */
export function isJobClaimed(db: Db, job: string, period: string): boolean {
  const row = db
    .select({ job: jobRuns.job })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), eq(jobRuns.period, period)))
    .get();
  return row !== undefined;
}

/**
 * True when the store shows the bot at work before `instant` (a job run or a bomb older than
 * it): only then was a period that passed unclaimed missed while it was down, rather than
 * before it was ever installed.
 */
export function inUseBefore(db: Db, instant: number): boolean {
  const run = db
    .select({ one: sql`1` })
    .from(jobRuns)
    .where(lt(jobRuns.startedAt, instant))
    .limit(1)
    .get();
  if (run !== undefined) return true;
  const bomb = db
    .select({ one: sql`1` })
    .from(bombs)
    .where(lt(bombs.createdAt, instant))
    .limit(1)
    .get();
  return bomb !== undefined;
}

/** Queues a job's messages; a key already queued is left as it is. */
export function queueJobMessages(db: Db, messages: readonly JobMessage[], now: number): void {
  if (messages.length === 0) return;
  db.insert(outbox)
    .values(
      messages.map((m) => ({
        dedupeKey: m.dedupeKey,
        bombId: null,
        version: 0,
        recipient: m.recipient,
        kind: m.kind,
        params: m.params,
        createdAt: now,
        nextAttemptAt: m.nextAttemptAt,
      })),
    )
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .run();
}

/**
 * The state of a queued message by its dedupe key, and where it landed once sent: files follow
 * the message they belong to into the same conversation. Null when no such row exists.
 */
export function messageLanding(
  db: Db,
  dedupeKey: string,
): { status: string; at: Landing | null } | null {
  const row = db
    .select({
      status: outbox.status,
      conversation: deliveries.conversation,
      ref: deliveries.messageRef,
      part: deliveries.part,
    })
    .from(outbox)
    .leftJoin(deliveries, eq(deliveries.outboxId, outbox.id))
    .where(eq(outbox.dedupeKey, dedupeKey))
    .orderBy(asc(deliveries.part), asc(deliveries.id))
    .get();
  return row === undefined ? null : { status: row.status, at: landingOf(row) };
}

/** The landing in a row read through a left join: null when the join found none. */
function landingOf(row: {
  conversation: string | null;
  ref: string | null;
  part: number | null;
}): Landing | null {
  if (row.conversation === null || row.ref === null) return null;
  return { conversation: row.conversation, ref: row.ref, part: row.part ?? 1 };
}
