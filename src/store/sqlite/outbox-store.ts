/**
 * The outbox's life: rows wait until due, are delivered in order per bomb, and end sent or
 * failed. A failure is recorded on the bomb's timeline in the same transaction that marks it.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { bombEvents, bombs, deliveries, type OutboxRow, outbox } from "../schema.ts";
import { type Landed, type Landing, refreshKind } from "../store.ts";
import type { Db } from "./database.ts";

/**
 * Rows due at `now`, oldest first, skipping any row behind an earlier row of the same bomb that
 * is still waiting (backing off, or held by quiet hours): a bomb's messages arrive in the order
 * they were written. Earlier rows that are due come first in the same list; the caller stops a
 * bomb at its first failure. Channel posts (no bomb: digest parts, reports) are one queue of
 * their own. Refresh rows neither wait nor hold others back.
 */
export function deliverableRows(db: Db, now: number, limit: number): OutboxRow[] {
  return db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.status, "pending"),
        sql`${outbox.nextAttemptAt} <= ${now}`,
        sql`(${outbox.kind} = ${refreshKind} OR NOT EXISTS (
          SELECT 1 FROM outbox earlier
          WHERE earlier.bomb_id IS ${outbox.bombId} AND earlier.status = 'pending'
            AND earlier.kind != ${refreshKind} AND earlier.id < ${outbox.id}
            AND earlier.next_attempt_at > ${now}))`,
      ),
    )
    .orderBy(asc(outbox.id))
    .limit(limit)
    .all();
}

/** The earliest instant a pending row becomes due, or null when the outbox is empty. */
export function nextOutboxAttemptAt(db: Db): number | null {
  const row = db
    .select({ at: sql<number | null>`min(${outbox.nextAttemptAt})` })
    .from(outbox)
    .where(eq(outbox.status, "pending"))
    .get();
  return row?.at ?? null;
}

/**
 * Takes a row for one delivery attempt: moves its next attempt to `leaseUntil` if nobody else
 * took it since it was read, and records that an attempt is in flight from `now` (kept from an
 * earlier attempt whose outcome is still unknown). Two deliverers (the server's pump and a
 * `bomba tick`) never send the same row; if this one dies mid-send, the row is due again when
 * the lease runs out, still marked in flight. A bomb's message (not a refresh) is refused while
 * an earlier one of the same queue is still pending: another deliverer may have it in hand.
 */
export function claimRow(db: Db, row: OutboxRow, leaseUntil: number, now: number): boolean {
  const inOrder =
    row.kind === refreshKind
      ? undefined
      : sql`NOT EXISTS (SELECT 1 FROM outbox earlier
          WHERE earlier.bomb_id IS ${row.bombId} AND earlier.status = 'pending'
            AND earlier.kind != ${refreshKind} AND earlier.id < ${row.id})`;
  const result = db
    .update(outbox)
    .set({
      nextAttemptAt: leaseUntil,
      inFlightSince: sql`coalesce(${outbox.inFlightSince}, ${now})`,
    })
    .where(
      and(
        eq(outbox.id, row.id),
        eq(outbox.status, "pending"),
        eq(outbox.attempts, row.attempts),
        eq(outbox.nextAttemptAt, row.nextAttemptAt),
        inOrder,
      ),
    )
    .run();
  return result.changes === 1;
}

/**
 * Puts a row off until `until` without taking it (quiet hours): no attempt is counted and no
 * attempt is in flight; an earlier attempt whose outcome is unknown stays marked so.
 */
export function postponeRow(db: Db, row: OutboxRow, until: number): void {
  db.update(outbox)
    .set({ nextAttemptAt: until })
    .where(
      and(
        eq(outbox.id, row.id),
        eq(outbox.status, "pending"),
        eq(outbox.attempts, row.attempts),
        eq(outbox.nextAttemptAt, row.nextAttemptAt),
      ),
    )
    .run();
}

/** Marks a row delivered, remembering where the message landed so it can be updated later. */
export function markSent(
  db: Db,
  row: OutboxRow,
  now: number,
  landed: readonly Landing[],
  platform: string,
): void {
  db.$client
    .transaction(() => {
      db.update(outbox)
        .set({
          status: "sent",
          sentAt: now,
          attempts: row.attempts + 1,
          lastError: null,
          inFlightSince: null,
        })
        .where(eq(outbox.id, row.id))
        .run();
      for (const at of landed) {
        db.insert(deliveries)
          .values({
            bombId: row.bombId,
            outboxId: row.id,
            recipient: row.recipient,
            platform,
            conversation: at.conversation,
            messageRef: at.ref,
            part: at.part,
            kind: row.kind,
            createdAt: now,
          })
          .run();
      }
    })
    .immediate();
}

/**
 * Puts a row back to wait until `retryAt` after a passing failure. `outcomeUnknown`: the message
 * may be in Slack all the same (the call got no answer), so the in-flight mark stays and the next
 * attempt looks for it first; otherwise Slack said no, and the mark goes.
 */
export function markRetry(
  db: Db,
  row: OutboxRow,
  retryAt: number,
  error: string,
  outcomeUnknown: boolean,
): void {
  db.update(outbox)
    .set({
      attempts: row.attempts + 1,
      nextAttemptAt: retryAt,
      lastError: error,
      inFlightSince: outcomeUnknown ? sql`${outbox.inFlightSince}` : null,
    })
    .where(eq(outbox.id, row.id))
    .run();
}

/**
 * Gives up on a row after a permanent error and writes `delivery_failed` on the bomb's
 * timeline; `alert` (called inside the same transaction) queues whatever must tell people.
 */
export function markFailed(
  db: Db,
  row: OutboxRow,
  now: number,
  error: string,
  alert: () => void,
): void {
  db.$client
    .transaction(() => {
      db.update(outbox)
        .set({
          status: "failed",
          attempts: row.attempts + 1,
          lastError: error,
          inFlightSince: null,
        })
        .where(eq(outbox.id, row.id))
        .run();
      if (row.bombId !== null) {
        db.insert(bombEvents)
          .values({
            bombId: row.bombId,
            version: row.version,
            at: now,
            recordedAt: now,
            actor: null,
            via: "system",
            kind: "delivery_failed",
            data: { to: row.recipient, kind: row.kind, error },
          })
          .run();
      }
      alert();
    })
    .immediate();
}

/**
 * Withdraws a row that stopped being true before it could be delivered, and writes
 * `message_dropped` on the bomb's timeline in the same transaction, under the bomb's version as
 * it stands then (a change made it untrue; the timeline's versions never go back).
 */
export function markDropped(
  db: Db,
  row: OutboxRow,
  now: number,
  data: Record<string, unknown>,
): void {
  db.$client
    .transaction(() => {
      db.update(outbox)
        .set({ status: "dropped", lastError: null, inFlightSince: null })
        .where(and(eq(outbox.id, row.id), eq(outbox.status, "pending")))
        .run();
      const bomb =
        row.bombId === null
          ? undefined
          : db.select({ version: bombs.version }).from(bombs).where(eq(bombs.id, row.bombId)).get();
      if (row.bombId !== null && bomb !== undefined) {
        db.insert(bombEvents)
          .values({
            bombId: row.bombId,
            version: bomb.version,
            at: now,
            recordedAt: now,
            actor: null,
            via: "system",
            kind: "message_dropped",
            data,
          })
          .run();
      }
    })
    .immediate();
}

/**
 * The conversation id where the bot last posted to `recipient` (a channel as the org file names
 * it, "#fidelizacion"), or null when it never did.
 */
export function channelLandedFor(db: Db, recipient: string): string | null {
  const row = db
    .select({ channel: deliveries.conversation })
    .from(deliveries)
    .where(eq(deliveries.recipient, recipient))
    .orderBy(desc(deliveries.id))
    .limit(1)
    .get();
  return row?.channel ?? null;
}

/** Where a bomb's messages landed, oldest first, with what they were about. */
export function landedMessages(db: Db, bombId: number): Landed[] {
  return db
    .select({
      id: deliveries.id,
      conversation: deliveries.conversation,
      ref: deliveries.messageRef,
      part: deliveries.part,
      recipient: deliveries.recipient,
      kind: deliveries.kind,
      params: outbox.params,
    })
    .from(deliveries)
    .innerJoin(outbox, eq(outbox.id, deliveries.outboxId))
    .where(eq(deliveries.bombId, bombId))
    .orderBy(asc(deliveries.id))
    .all();
}

/** Keeps `fresh` in place of the delivery `id` (a message the platform sent anew). */
export function relandMessage(db: Db, id: number, fresh: readonly Landing[]): void {
  db.$client
    .transaction(() => {
      const old = db.select().from(deliveries).where(eq(deliveries.id, id)).get();
      if (old === undefined) return;
      db.delete(deliveries).where(eq(deliveries.id, id)).run();
      for (const at of fresh) {
        const { id: _, ...kept } = old;
        db.insert(deliveries)
          .values({ ...kept, conversation: at.conversation, messageRef: at.ref, part: at.part })
          .run();
      }
    })
    .immediate();
}
