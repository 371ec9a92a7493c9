/**
 * The `Store` over PostgreSQL, for several `bomba serve` instances sharing one database. Each
 * method is one transaction or one read, with the SQLite store's semantics; what differs is how
 * instances share the work: bomb ids from a sequence, due bombs claimed `FOR UPDATE SKIP LOCKED`,
 * jobs claimed by an insert that only one instance makes, outbox rows leased by a compare-and-set
 * that refuses a bomb's later message while an earlier one is still pending. Every transaction is
 * run again whole after a serialization failure, a deadlock or a lost connection.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import {
  type Bomb,
  bombSchema,
  currentHolder,
  type DigestRow,
  digestRowSchema,
  digestStates,
  nextDueAt,
} from "../../core/bomb.ts";
import type { TimelineEvent, Transition } from "../../core/effects.ts";
import type { Org, PersonId } from "../../core/org.ts";
import type { Quarter } from "../../core/quarter.ts";
import { addressRows, orgDocument, orgOfDocument, sameDocument } from "../org-document.ts";
import { dedupeKey } from "../outbox-keys.ts";
import {
  type Advanced,
  type AdvanceOptions,
  type BombFilter,
  type Decided,
  type FormerPerson,
  type JobClaim,
  type Landed,
  type Landing,
  type OrgReconciler,
  type OrgWritten,
  type OutboxRow,
  type PlatformAddresses,
  type QuarterData,
  type QueuedMessage,
  refreshKind,
  type Store,
  type StoredOrg,
  type TimelineRow,
  type WriteMeta,
} from "../store.ts";
import {
  openPgDatabase,
  type PgDb,
  type PgExec,
  type PgOpenOptions,
  type PgTx,
  withRetry,
} from "./database.ts";
import { ParsedBombTexts } from "./parsed-bombs.ts";
import {
  addresses,
  bombEvents,
  bombIds,
  bombs,
  deliveries,
  departments,
  jobRuns,
  openStatesCondition,
  orgRevisions,
  outbox,
  people,
} from "./schema.ts";

/** Advisory transaction lock taken by an org change ("org!"): revisions are written one at a time. */
const orgLock = 0x6f726721;

/** Thrown by `backup`: PostgreSQL is backed up with its own tools. */
export class BackupNotSupported extends Error {
  /** Names the refusal. */
  constructor() {
    super("PostgreSQL is backed up with pg_dump, not with bomba backup");
    this.name = "BackupNotSupported";
  }
}

/** Thrown inside a transaction to run it again from the start (a report raced by its retry). */
class Rerun extends Error {
  /** The error classified as a serialization failure, so `withRetry` runs it again. */
  readonly code = "40001";
}

/** Connects to `url`, migrates under the advisory lock, and returns the store. */
export async function openPostgresStore(
  url: string,
  options: PgOpenOptions = {},
): Promise<PostgresStore> {
  return new PostgresStore(await openPgDatabase(url, options), options.onTrouble);
}

/** The PostgreSQL store. `db` is for tests and the store's own modules only. */
export class PostgresStore implements Store {
  /** The drizzle handle; tests read tables through it, the app never does. */
  readonly db: PgDb;
  private readonly onTrouble: (line: string) => void;
  /** What `listOpenBombs` parsed (see parsed-bombs.ts). */
  private readonly parsed = new ParsedBombTexts();

  /** A store over an open database. */
  constructor(db: PgDb, onTrouble?: (line: string) => void) {
    this.db = db;
    this.onTrouble = onTrouble ?? ((line) => console.warn(line));
  }

  /** One transaction, run again whole while it fails for a passing cause. */
  private tx<T>(fn: (tx: PgTx) => Promise<T>): Promise<T> {
    return withRetry(() => this.db.transaction(fn), this.onTrouble);
  }

  /** Several reads that must see one moment of the database (one read-only snapshot). */
  private snapshot<T>(fn: (tx: PgTx) => Promise<T>): Promise<T> {
    return withRetry(
      () => this.db.transaction(fn, { isolationLevel: "repeatable read", accessMode: "read only" }),
      this.onTrouble,
    );
  }

  /** One read, tried again after a lost connection. */
  private read<T>(fn: (db: PgDb) => Promise<T>): Promise<T> {
    return withRetry(() => fn(this.db), this.onTrouble);
  }

  async reportBomb<R>(
    sourceKey: string | null,
    decide: (id: number, earlier: Bomb | null) => Decided<R>,
    meta: WriteMeta,
  ): Promise<R> {
    // The id the attempt before took: if the connection dropped at its COMMIT, the server may
    // have committed it, and a report without a source key would otherwise be filed twice.
    let taken: number | null = null;
    return this.tx(async (tx) => {
      let earlier = sourceKey === null ? null : await findBySourceKey(tx, sourceKey);
      if (earlier === null && taken !== null) earlier = await loadBomb(tx, taken, false);
      if (earlier === null) {
        taken = Number(
          (await tx.execute<{ id: string }>(sql`SELECT nextval(${bombIds.seqName}) AS id`)).rows[0]
            ?.id,
        );
      }
      const id = earlier?.id ?? (taken as number);
      const decided = decide(id, earlier);
      if (decided.write !== null && earlier === null) {
        const inserted = await tx
          .insert(bombs)
          .values({
            ...columnsOf(decided.write.bomb, meta.recordedAt),
            sourceKey,
            createdAt: meta.recordedAt,
          })
          .onConflictDoNothing({ target: bombs.sourceKey })
          .returning({ id: bombs.id });
        // Another instance filed the same report meanwhile: again, and this time it is found.
        if (inserted.length === 0) throw new Rerun("report filed concurrently");
        await appendEffects(tx, decided.write, meta);
      }
      return decided.result;
    });
  }

  async actOnBomb<R>(
    id: number,
    decide: (bomb: Bomb | null) => Decided<R>,
    meta: WriteMeta,
  ): Promise<{ result: R; written: boolean }> {
    return this.tx(async (tx) => {
      // Locked: a second click on another instance waits, then sees the version this one wrote.
      const bomb = await loadBomb(tx, id, true);
      const decided = decide(bomb);
      if (decided.write === null || bomb === null) {
        return { result: decided.result, written: false };
      }
      return {
        result: decided.result,
        written: await saveTransition(tx, bomb.version, decided.write, meta),
      };
    });
  }

  async advanceDue(
    now: number,
    options: AdvanceOptions,
    step: (bomb: Bomb) => Transition | null,
    stuck: (id: number, version: number, error: string) => QueuedMessage[],
  ): Promise<Advanced> {
    const { batchSize } = options;
    const result: Advanced = { transitions: [], stuck: [], more: false };
    const meta: WriteMeta = { via: "scheduler", recordedAt: now };
    const message = (thrown: unknown) =>
      thrown instanceof Error ? thrown.message : String(thrown);
    const apply = async (tx: PgExec, id: number): Promise<Transition | null> => {
      const bomb = await loadBomb(tx, id, false);
      if (bomb === null) return null;
      const transition = step(bomb);
      if (transition === null) return null;
      return (await saveTransition(tx, bomb.version, transition, meta)) ? transition : null;
    };
    type Outcome = { applied: (Transition | null)[]; stuck: Advanced["stuck"] };
    // The batch in one transaction; a bomb that throws rolls it back, and the batch is done again
    // with a savepoint per bomb so that only the bad one is undone (as on SQLite).
    const applyBatch = async (claim: (tx: PgTx) => Promise<number[]>): Promise<Outcome> => {
      try {
        return await this.tx(async (tx) => {
          const applied: (Transition | null)[] = [];
          for (const id of await claim(tx)) applied.push(await apply(tx, id));
          return { applied, stuck: [] };
        });
      } catch {
        return this.tx(async (tx) => {
          const outcome: Outcome = { applied: [], stuck: [] };
          for (const id of await claim(tx)) {
            try {
              outcome.applied.push(await tx.transaction((sp) => apply(sp, id)));
            } catch (thrown) {
              const error = message(thrown);
              const first = await reportStuck(tx, id, error, now, stuck);
              outcome.stuck.push({ id, error, first });
              outcome.applied.push(null);
            }
          }
          return outcome;
        });
      }
    };
    const seen = new Set<number>();
    for (let batches = 0; ; batches++) {
      let applied: (Transition | null)[];
      if (options.dryRun) {
        const ids = await this.read((db) => dueIds(db, now, batchSize, seen, false));
        if (ids.length === 0) break;
        for (const id of ids) seen.add(id);
        applied = [];
        for (const id of ids) {
          try {
            const bomb = await this.read((db) => loadBomb(db, id, false));
            applied.push(bomb === null ? null : step(bomb));
          } catch (thrown) {
            result.stuck.push({ id, error: message(thrown), first: false });
            applied.push(null);
          }
        }
      } else {
        let batch: number[] = [];
        // First time: claims what is due and free; the savepoint rerun takes the same bombs.
        const claim = async (tx: PgTx) => {
          batch =
            batch.length > 0
              ? await relock(tx, batch)
              : await dueIds(tx, now, batchSize, seen, true);
          return batch;
        };
        const outcome = await applyBatch(claim);
        if (batch.length === 0) break;
        for (const id of batch) seen.add(id);
        applied = outcome.applied;
        result.stuck.push(...outcome.stuck);
      }
      for (const t of applied) if (t !== null) result.transitions.push(t);
      if (options.maxBatches !== undefined && batches + 1 >= options.maxBatches) {
        // Only a batch that advanced something promises more: stuck bombs stay due forever.
        result.more = applied.some((t) => t !== null);
        break;
      }
    }
    return result;
  }

  async changeOrg(
    org: Org,
    addressBook: PlatformAddresses,
    meta: { now: number; via: string },
    plan: (before: ReadonlyMap<PersonId, FormerPerson>) => OrgReconciler,
  ): Promise<OrgWritten> {
    const { now } = meta;
    return this.tx(async (tx) => {
      // Two instances loading the org file at once write one revision, not two with one number.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${orgLock})`);
      const latest = await latestOrgDocument(tx);
      const unchanged = { transitions: [], withdrawn: 0, unreadable: [] };
      if (
        latest !== null &&
        sameDocument(latest.document, orgDocument(org, addressBook.byPerson))
      ) {
        return { revision: latest.revision, changed: false, ...unchanged };
      }
      const before = await storedPeople(tx);
      const revision = (latest?.revision ?? 0) + 1;
      await writeOrgRevision(tx, revision, org, addressBook, { appliedAt: now, via: meta.via });
      const reconciler = plan(before);
      const transitions: Transition[] = [];
      const unreadable: { id: number; error: string }[] = [];
      for (const row of await openBombsNamingOutsiders(tx)) {
        let bomb: Bomb;
        try {
          bomb = bombSchema.parse(JSON.parse(row.data));
        } catch (error) {
          unreadable.push({
            id: row.id,
            error: error instanceof Error ? error.message : String(error),
          });
          continue;
        }
        const transition = reconciler.reconcile(bomb);
        if (transition === null) continue;
        if (
          !(await saveTransition(tx, bomb.version, transition, { via: "system", recordedAt: now }))
        )
          continue;
        transitions.push(transition);
      }
      const left = [...before.keys()].filter((p) => !org.people.has(p));
      const withdrawn = await withdrawMessagesTo(tx, left, now, (p) =>
        reconciler.withdrawnBecause(p),
      );
      return { revision, changed: true, transitions, withdrawn, unreadable };
    });
  }

  async orgRevision(): Promise<number> {
    return this.read(async (db) => {
      const rows = await db
        .select({ revision: orgRevisions.revision })
        .from(orgRevisions)
        .orderBy(desc(orgRevisions.revision))
        .limit(1);
      return rows[0]?.revision ?? 0;
    });
  }

  async storedOrg(): Promise<StoredOrg | null> {
    const latest = await this.read((db) => latestOrgDocument(db));
    if (latest === null) return null;
    return { revision: latest.revision, ...orgOfDocument(latest.document) };
  }

  async addressesOn(platform: string): Promise<Map<PersonId, string>> {
    const rows = await this.read((db) =>
      db
        .select({ person: addresses.person, address: addresses.address })
        .from(addresses)
        .where(eq(addresses.platform, platform))
        .orderBy(asc(addresses.person)),
    );
    return new Map(rows.map((r) => [r.person, r.address]));
  }

  async conversationsOn(platform: string): Promise<Map<string, string>> {
    const rows = await this.read((db) =>
      db
        .select({ address: addresses.address, conversation: addresses.conversation })
        .from(addresses)
        .where(and(eq(addresses.platform, platform), isNotNull(addresses.conversation))),
    );
    return new Map(
      rows.flatMap((r) => (r.conversation === null ? [] : [[r.address, r.conversation]])),
    );
  }

  async keepConversation(platform: string, address: string, conversation: string): Promise<void> {
    await this.tx((tx) =>
      tx
        .update(addresses)
        .set({ conversation })
        .where(and(eq(addresses.platform, platform), eq(addresses.address, address))),
    );
  }

  async loadBomb(id: number): Promise<Bomb | null> {
    return this.read((db) => loadBomb(db, id, false));
  }

  async loadTimeline(bombId: number): Promise<TimelineRow[]> {
    return this.read((db) =>
      db.select().from(bombEvents).where(eq(bombEvents.bombId, bombId)).orderBy(asc(bombEvents.id)),
    );
  }

  async listOpenBombs(filter: BombFilter, limit?: number): Promise<Bomb[]> {
    const rows = await this.read((db) => openListQuery(db, filter, limit));
    return rows.map((r) => this.parsed.get(r.id, r.text));
  }

  async countOpenBombs(filter: BombFilter): Promise<number> {
    const rows = await this.read((db) => openCountQuery(db, filter));
    return rows[0]?.n ?? 0;
  }

  async bombsInStates(states: readonly string[]): Promise<Bomb[]> {
    if (states.length === 0) return [];
    const rows = await this.read((db) =>
      db
        .select({ data: bombs.data })
        .from(bombs)
        .where(inArray(bombs.state, [...states]))
        .orderBy(asc(bombs.id)),
    );
    return rows.map((r) => bombSchema.parse(r.data));
  }

  async digestRows(): Promise<DigestRow[]> {
    // Whole bombs travel, cut by the digest's schema, not the bomb's (most of a digest's load).
    // Not cut in SQL: PostgreSQL's JSON functions refuse a "\u0000" in any string of the bomb,
    // which a complaint may hold.
    const rows = await this.read((db) =>
      db
        .select({ data: bombs.data })
        .from(bombs)
        .where(inArray(bombs.state, [...digestStates])),
    );
    return rows.map((r) => digestRowSchema.parse(r.data));
  }

  async earliestDueAt(): Promise<number | null> {
    const rows = await this.read((db) =>
      db
        .select({ at: bombs.nextDueAt })
        .from(bombs)
        .where(isNotNull(bombs.nextDueAt))
        .orderBy(asc(bombs.nextDueAt))
        .limit(1),
    );
    return rows[0]?.at ?? null;
  }

  async quarterData(quarter: Quarter): Promise<QuarterData> {
    // Bombs opened before the quarter's end and not already finished before it began.
    const ids = sql`SELECT bomb_id FROM bomb_events WHERE kind = 'opened' AND at < ${quarter.end}
      EXCEPT SELECT bomb_id FROM bomb_events WHERE kind IN ('closed', 'defused') AND at < ${quarter.start}`;
    // The bombs and their events as of one moment, though bombs are written meanwhile.
    return this.snapshot(async (tx) => {
      const bombRows = await tx.execute<{ data: string }>(
        sql`SELECT data FROM bombs WHERE id IN (${ids}) ORDER BY id`,
      );
      const eventRows = await tx.execute<{
        bomb_id: number;
        at: string;
        actor: string | null;
        kind: string;
        data: string;
        holder: string | null;
      }>(
        sql`SELECT bomb_id, at, actor, kind, data, holder FROM bomb_events
            WHERE bomb_id IN (${ids}) AND at < ${quarter.end} ORDER BY bomb_id, id`,
      );
      return {
        bombs: bombRows.rows.map((r) => bombSchema.parse(JSON.parse(r.data))),
        events: eventRows.rows.map((e) => ({
          bombId: e.bomb_id,
          at: Number(e.at),
          actor: e.actor,
          kind: e.kind,
          data: JSON.parse(e.data) as unknown,
          holder: e.holder,
        })),
      };
    });
  }

  async bombMessages(
    bombId: number,
  ): Promise<{ version: number; recipient: string; kind: string }[]> {
    return this.read((db) =>
      db
        .select({ version: outbox.version, recipient: outbox.recipient, kind: outbox.kind })
        .from(outbox)
        .where(and(eq(outbox.bombId, bombId), sql`${outbox.kind} != ${refreshKind}`))
        .orderBy(asc(outbox.id)),
    );
  }

  async jobClaimed(job: string, period: string): Promise<boolean> {
    const rows = await this.read((db) =>
      db
        .select({ job: jobRuns.job })
        .from(jobRuns)
        .where(and(eq(jobRuns.job, job), eq(jobRuns.period, period))),
    );
    return rows.length > 0;
  }

  async inUseBefore(instant: number): Promise<boolean> {
    return this.read((db) => inUseBefore(db, instant));
  }

  async claimJob(claim: JobClaim): Promise<boolean> {
    return this.tx(async (tx) => {
      // A period that passed before the bot was ever at work was not missed: nothing is owed.
      if (claim.inUseBefore !== null && !(await inUseBefore(tx, claim.inUseBefore))) return false;
      // The primary key lets one instance in; the others wait for its commit and get nothing.
      const claimed = await tx
        .insert(jobRuns)
        .values({
          job: claim.job,
          period: claim.period,
          startedAt: claim.now,
          finishedAt: claim.now,
          status: "queued",
          detail: claim.detail,
        })
        .onConflictDoNothing()
        .returning({ job: jobRuns.job });
      if (claimed.length === 0) return false;
      await queueMessages(tx, claim.messages, claim.now);
      return true;
    });
  }

  async deliverableRows(now: number, limit: number): Promise<OutboxRow[]> {
    return this.read((db) =>
      db
        .select()
        .from(outbox)
        .where(
          and(
            eq(outbox.status, "pending"),
            lte(outbox.nextAttemptAt, now),
            sql`(${outbox.kind} = ${refreshKind} OR NOT EXISTS (
              SELECT 1 FROM outbox earlier
              WHERE earlier.bomb_id IS NOT DISTINCT FROM ${outbox.bombId}
                AND earlier.status = 'pending' AND earlier.kind != ${refreshKind}
                AND earlier.id < ${outbox.id} AND earlier.next_attempt_at > ${now}))`,
          ),
        )
        .orderBy(asc(outbox.id))
        .limit(limit),
    );
  }

  async nextOutboxAttemptAt(): Promise<number | null> {
    const rows = await this.read((db) =>
      db
        .select({ at: outbox.nextAttemptAt })
        .from(outbox)
        .where(eq(outbox.status, "pending"))
        .orderBy(asc(outbox.nextAttemptAt))
        .limit(1),
    );
    return rows[0]?.at ?? null;
  }

  async claimRow(row: OutboxRow, leaseUntil: number, now: number): Promise<boolean> {
    // The compare-and-set on (attempts, next attempt) lets one deliverer in, whichever instance.
    // A bomb's message is refused while an earlier one of the same queue is still pending:
    // another instance may hold it, and the bomb's messages arrive in the order written.
    const inOrder =
      row.kind === refreshKind
        ? sql`TRUE`
        : sql`NOT EXISTS (SELECT 1 FROM outbox earlier
            WHERE earlier.bomb_id IS NOT DISTINCT FROM ${row.bombId}
              AND earlier.status = 'pending' AND earlier.kind != ${refreshKind}
              AND earlier.id < ${row.id})`;
    const taken = await this.tx((tx) =>
      tx
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
        .returning({ id: outbox.id }),
    );
    return taken.length === 1;
  }

  async postponeRow(row: OutboxRow, until: number): Promise<void> {
    await this.tx((tx) =>
      tx
        .update(outbox)
        .set({ nextAttemptAt: until })
        .where(
          and(
            eq(outbox.id, row.id),
            eq(outbox.status, "pending"),
            eq(outbox.attempts, row.attempts),
            eq(outbox.nextAttemptAt, row.nextAttemptAt),
          ),
        ),
    );
  }

  async markSent(
    row: OutboxRow,
    now: number,
    landed: readonly Landing[],
    platform: string,
  ): Promise<void> {
    await this.tx(async (tx) => {
      await tx
        .update(outbox)
        .set({
          status: "sent",
          sentAt: now,
          attempts: row.attempts + 1,
          lastError: null,
          inFlightSince: null,
        })
        .where(eq(outbox.id, row.id));
      if (landed.length > 0) {
        await tx.insert(deliveries).values(
          landed.map((at) => ({
            bombId: row.bombId,
            outboxId: row.id,
            recipient: row.recipient,
            platform,
            conversation: at.conversation,
            messageRef: at.ref,
            part: at.part,
            kind: row.kind,
            createdAt: now,
          })),
        );
      }
    });
  }

  async markRetry(
    row: OutboxRow,
    retryAt: number,
    error: string,
    outcomeUnknown: boolean,
  ): Promise<void> {
    await this.tx((tx) =>
      tx
        .update(outbox)
        .set({
          attempts: row.attempts + 1,
          nextAttemptAt: retryAt,
          lastError: error,
          inFlightSince: outcomeUnknown ? sql`${outbox.inFlightSince}` : null,
        })
        .where(eq(outbox.id, row.id)),
    );
  }

  async markFailed(
    row: OutboxRow,
    now: number,
    error: string,
    alerts: readonly QueuedMessage[],
  ): Promise<void> {
    await this.tx(async (tx) => {
      await tx
        .update(outbox)
        .set({
          status: "failed",
          attempts: row.attempts + 1,
          lastError: error,
          inFlightSince: null,
        })
        .where(eq(outbox.id, row.id));
      if (row.bombId !== null) {
        await tx.insert(bombEvents).values({
          bombId: row.bombId,
          version: row.version,
          at: now,
          recordedAt: now,
          actor: null,
          via: "system",
          kind: "delivery_failed",
          data: { to: row.recipient, kind: row.kind, error },
        });
      }
      await queueMessages(tx, alerts, now);
    });
  }

  async markDropped(row: OutboxRow, now: number, data: Record<string, unknown>): Promise<void> {
    await this.tx(async (tx) => {
      await tx
        .update(outbox)
        .set({ status: "dropped", lastError: null, inFlightSince: null })
        .where(and(eq(outbox.id, row.id), eq(outbox.status, "pending")));
      if (row.bombId === null) return;
      const bomb = await tx
        .select({ version: bombs.version })
        .from(bombs)
        .where(eq(bombs.id, row.bombId));
      if (bomb[0] === undefined) return;
      await tx.insert(bombEvents).values({
        bombId: row.bombId,
        version: bomb[0].version,
        at: now,
        recordedAt: now,
        actor: null,
        via: "system",
        kind: "message_dropped",
        data,
      });
    });
  }

  async landedMessages(bombId: number): Promise<Landed[]> {
    return this.read((db) =>
      db
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
        .orderBy(asc(deliveries.id)),
    );
  }

  async relandMessage(id: number, fresh: readonly Landing[]): Promise<void> {
    await this.tx(async (tx) => {
      const [old] = await tx.select().from(deliveries).where(eq(deliveries.id, id));
      if (old === undefined) return;
      await tx.delete(deliveries).where(eq(deliveries.id, id));
      const { id: _, ...kept } = old;
      if (fresh.length === 0) return;
      await tx.insert(deliveries).values(
        fresh.map((at) => ({
          ...kept,
          conversation: at.conversation,
          messageRef: at.ref,
          part: at.part,
        })),
      );
    });
  }

  async channelLandedFor(recipient: string): Promise<string | null> {
    const rows = await this.read((db) =>
      db
        .select({ channel: deliveries.conversation })
        .from(deliveries)
        .where(eq(deliveries.recipient, recipient))
        .orderBy(desc(deliveries.id))
        .limit(1),
    );
    return rows[0]?.channel ?? null;
  }

  async messageLanding(dedupeKey: string): Promise<{ status: string; at: Landing | null } | null> {
    const rows = await this.read((db) =>
      db
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
        .limit(1),
    );
    const row = rows[0];
    if (row === undefined) return null;
    const at =
      row.conversation === null || row.ref === null
        ? null
        : { conversation: row.conversation, ref: row.ref, part: row.part ?? 1 };
    return { status: row.status, at };
  }

  async backup(_target: string): Promise<{ totalPages: number }> {
    throw new BackupNotSupported();
  }

  async healthy(): Promise<boolean> {
    try {
      await this.db.execute(sql`SELECT 1`);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (!this.db.$client.ended) await this.db.$client.end();
  }
}

/** Loads and validates one bomb (locked for update when asked); null when there is none. */
async function loadBomb(db: PgExec, id: number, lock: boolean): Promise<Bomb | null> {
  const query = db.select({ data: bombs.data }).from(bombs).where(eq(bombs.id, id));
  const rows = lock ? await query.for("update") : await query;
  return rows[0] === undefined ? null : bombSchema.parse(rows[0].data);
}

async function findBySourceKey(db: PgExec, sourceKey: string): Promise<Bomb | null> {
  const rows = await db
    .select({ data: bombs.data })
    .from(bombs)
    .where(eq(bombs.sourceKey, sourceKey))
    .for("update");
  return rows[0] === undefined ? null : bombSchema.parse(rows[0].data);
}

/**
 * Due bombs, earliest first, leaving out those already handled in this pass; with `lock`, only
 * those no other instance holds, and they stay locked until the transaction ends.
 */
async function dueIds(
  db: PgExec,
  now: number,
  limit: number,
  seen: ReadonlySet<number>,
  lock: boolean,
): Promise<number[]> {
  const notSeen =
    seen.size === 0 ? undefined : sql`NOT (${bombs.id} = ANY(${sql.param([...seen])}::int[]))`;
  const query = db
    .select({ id: bombs.id })
    .from(bombs)
    .where(and(isNotNull(bombs.nextDueAt), lte(bombs.nextDueAt, now), notSeen))
    .orderBy(asc(bombs.nextDueAt), asc(bombs.id))
    .limit(limit);
  const rows = lock ? await query.for("update", { skipLocked: true }) : await query;
  return rows.map((r) => r.id);
}

/** Locks again the bombs of a batch whose first transaction was rolled back, those still free. */
async function relock(tx: PgTx, ids: readonly number[]): Promise<number[]> {
  const rows = await tx
    .select({ id: bombs.id })
    .from(bombs)
    .where(inArray(bombs.id, [...ids]))
    .orderBy(asc(bombs.nextDueAt), asc(bombs.id))
    .for("update", { skipLocked: true });
  return rows.map((r) => r.id);
}

/** Writes a transition over the version it was computed from; false when the bomb had moved. */
async function saveTransition(
  db: PgExec,
  fromVersion: number,
  transition: Transition,
  meta: WriteMeta,
): Promise<boolean> {
  const { id, ...columns } = columnsOf(transition.bomb, meta.recordedAt);
  const updated = await db
    .update(bombs)
    .set(columns)
    .where(and(eq(bombs.id, id), eq(bombs.version, fromVersion)))
    .returning({ id: bombs.id });
  if (updated.length === 0) return false;
  await appendEffects(db, transition, meta);
  return true;
}

function columnsOf(bomb: Bomb, now: number) {
  return {
    id: bomb.id,
    state: bomb.state,
    departmentId: bomb.departmentId,
    holder: currentHolder(bomb),
    nextDueAt: nextDueAt(bomb),
    version: bomb.version,
    data: bomb as unknown,
    updatedAt: now,
  };
}

/** The transition's events and messages, then the refresh of the bomb's earlier messages. */
async function appendEffects(db: PgExec, transition: Transition, meta: WriteMeta): Promise<void> {
  const { bomb, events, messages } = transition;
  if (events.length === 0 && messages.length === 0) return;
  if (events.length > 0) {
    await db.insert(bombEvents).values(events.map((e) => eventRow(bomb, e, meta)));
  }
  const rows = messages.map((m) => ({
    dedupeKey: dedupeKey(m),
    bombId: m.bombId,
    version: m.version,
    recipient: m.to,
    kind: m.kind as string,
    params: m.params as unknown,
    createdAt: meta.recordedAt,
    nextAttemptAt: m.notBefore,
  }));
  // After the new messages (ids in this order): brings every earlier message up to date.
  rows.push({
    dedupeKey: `${bomb.id}:${bomb.version}:${refreshKind}`,
    bombId: bomb.id,
    version: bomb.version,
    recipient: "*",
    kind: refreshKind,
    params: {},
    createdAt: meta.recordedAt,
    nextAttemptAt: meta.recordedAt,
  });
  await db.insert(outbox).values(rows).onConflictDoNothing({ target: outbox.dedupeKey });
}

function eventRow(bomb: Bomb, e: TimelineEvent, meta: WriteMeta) {
  return {
    bombId: bomb.id,
    version: e.version ?? bomb.version,
    at: e.at,
    recordedAt: meta.recordedAt,
    actor: e.actor,
    via: meta.via,
    kind: e.kind,
    data: e.data as unknown,
    holder: e.holder === undefined ? currentHolder(bomb) : e.holder,
  };
}

/** Queues messages; a dedupe key already queued is left as it is. */
async function queueMessages(
  db: PgExec,
  messages: readonly QueuedMessage[],
  now: number,
): Promise<void> {
  if (messages.length === 0) return;
  await db
    .insert(outbox)
    .values(
      messages.map((m) => ({
        dedupeKey: m.dedupeKey,
        bombId: m.bombId ?? null,
        version: m.version ?? 0,
        recipient: m.recipient,
        kind: m.kind,
        params: m.params as unknown,
        createdAt: now,
        nextAttemptAt: m.nextAttemptAt,
      })),
    )
    .onConflictDoNothing({ target: outbox.dedupeKey });
}

/** Alerts once per version of a stuck bomb, and writes it on its timeline (see SQLite's). */
async function reportStuck(
  db: PgExec,
  id: number,
  error: string,
  now: number,
  alerts: (id: number, version: number, error: string) => QueuedMessage[],
): Promise<boolean> {
  const row = (await db.select({ version: bombs.version }).from(bombs).where(eq(bombs.id, id)))[0];
  const version = row?.version ?? 0;
  let first = false;
  for (const m of alerts(id, version, error)) {
    const inserted = await db
      .insert(outbox)
      .values({
        dedupeKey: m.dedupeKey,
        bombId: m.bombId ?? null,
        version: m.version ?? version,
        recipient: m.recipient,
        kind: m.kind,
        params: m.params as unknown,
        createdAt: now,
        nextAttemptAt: m.nextAttemptAt,
      })
      .onConflictDoNothing({ target: outbox.dedupeKey })
      .returning({ id: outbox.id });
    if (inserted.length > 0) first = true;
  }
  const written = await db
    .select({ id: bombEvents.id })
    .from(bombEvents)
    .where(
      and(
        eq(bombEvents.bombId, id),
        eq(bombEvents.version, version),
        eq(bombEvents.kind, "advance_failed"),
      ),
    )
    .limit(1);
  if (first && row !== undefined && written.length === 0) {
    await db.insert(bombEvents).values({
      bombId: id,
      version,
      at: now,
      recordedAt: now,
      actor: null,
      via: "scheduler",
      kind: "advance_failed",
      data: { error },
    });
  }
  return first;
}

/**
 * Open bombs matching the filter, soonest deadline first (none last; an ascending btree puts
 * nulls last too), at most `limit` (exported for the query-plan test). The list walks its partial
 * index (schema.ts: `bombs_open_*`) in order and stops at `limit`, the count reads the index:
 * before them a holder's list read ~1,400 rows through `bombs_holder` and sorted them.
 */
export function openListQuery(db: PgExec, filter: BombFilter, limit?: number) {
  const query = db
    // The JSON as text, not decoded by the column: the store parses only what it has not seen.
    .select({ id: bombs.id, text: sql<string>`${bombs.data}` })
    .from(bombs)
    .where(whereOf(filter))
    .orderBy(sql`${bombs.nextDueAt} ASC NULLS LAST`, asc(bombs.id));
  return limit === undefined ? query : query.limit(limit);
}

/** How many open bombs match the filter (exported for the query-plan test). */
export function openCountQuery(db: PgExec, filter: BombFilter) {
  return db.select({ n: count() }).from(bombs).where(whereOf(filter));
}

/**
 * The filter, written so the planner proves a partial `bombs_open_*` index covers it: the states
 * as the index's literals (a bound parameter proves nothing in a generic plan), the key by
 * equality.
 */
function whereOf(filter: BombFilter) {
  const open = openStatesCondition;
  if ("holder" in filter) return and(open, eq(bombs.holder, filter.holder));
  if ("department" in filter) return and(open, eq(bombs.departmentId, filter.department));
  return open;
}

async function inUseBefore(db: PgExec, instant: number): Promise<boolean> {
  const run = await db
    .select({ one: sql`1` })
    .from(jobRuns)
    .where(sql`${jobRuns.startedAt} < ${instant}`)
    .limit(1);
  if (run.length > 0) return true;
  const bomb = await db
    .select({ one: sql`1` })
    .from(bombs)
    .where(sql`${bombs.createdAt} < ${instant}`)
    .limit(1);
  return bomb.length > 0;
}

async function latestOrgDocument(
  db: PgExec,
): Promise<{ revision: number; document: unknown } | null> {
  const rows = await db
    .select({ revision: orgRevisions.revision, document: orgRevisions.document })
    .from(orgRevisions)
    .orderBy(desc(orgRevisions.revision))
    .limit(1);
  return rows[0] ?? null;
}

async function storedPeople(db: PgExec): Promise<Map<PersonId, FormerPerson>> {
  const rows = await db
    .select({ id: people.id, reportsTo: people.reportsTo, name: people.name })
    .from(people)
    .orderBy(asc(people.id));
  return new Map(rows.map((r) => [r.id, { reportsTo: r.reportsTo, name: r.name }]));
}

/** The revision's document and the people, departments and addresses tables rewritten from it. */
async function writeOrgRevision(
  db: PgExec,
  revision: number,
  org: Org,
  addressBook: PlatformAddresses,
  meta: { appliedAt: number; via: string },
): Promise<void> {
  await db
    .insert(orgRevisions)
    .values({ revision, document: orgDocument(org, addressBook.byPerson), ...meta });
  await db.delete(people);
  await db.delete(departments);
  const personRows = [...org.people.values()].map((p) => ({
    id: p.id,
    email: p.email,
    name: p.name,
    title: p.title,
    reportsTo: p.reportsTo,
    updatedAt: meta.appliedAt,
  }));
  if (personRows.length > 0) await db.insert(people).values(personRows);
  const departmentRows = [...org.departments.values()].map((d) => ({
    id: d.id,
    name: d.name,
    director: d.director,
    link: d.link,
    updatedAt: meta.appliedAt,
  }));
  if (departmentRows.length > 0) await db.insert(departments).values(departmentRows);
  // The looked-up address, else the org file's; a kept address keeps its private conversation.
  const { platform } = addressBook;
  const rows = addressRows(org, addressBook.byPerson, platform);
  const keep = rows.map((r) => r.person);
  await db
    .delete(addresses)
    .where(
      and(
        eq(addresses.platform, platform),
        keep.length === 0
          ? undefined
          : sql`NOT (${addresses.person} = ANY(${sql.param(keep)}::text[]))`,
      ),
    );
  if (rows.length === 0) return;
  await db
    .insert(addresses)
    .values(rows.map((r) => ({ ...r, platform, conversation: null, updatedAt: meta.appliedAt })))
    .onConflictDoUpdate({
      target: [addresses.person, addresses.platform],
      set: {
        conversation: sql`CASE WHEN ${addresses.address} = excluded.address THEN ${addresses.conversation} END`,
        address: sql`excluded.address`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

/** Open bombs naming someone no longer in the people table (see SQLite's). */
async function openBombsNamingOutsiders(
  db: PgExec,
): Promise<{ id: number; version: number; data: string }[]> {
  // `json`, not `jsonb`: a complaint may hold "\u0000", which jsonb refuses.
  const result = await db.execute<{ id: number; version: number; data: string }>(
    sql`SELECT id, version, data FROM bombs
        WHERE state IN ('triage', 'pending', 'accepted', 'resolved')
          AND (holder NOT IN (SELECT id FROM people)
            OR EXISTS (SELECT 1 FROM json_array_elements_text(
                         coalesce(data::json -> 'involved', '[]'::json)) AS named(value)
                       WHERE named.value NOT IN (SELECT id FROM people)))
        ORDER BY id`,
  );
  return result.rows;
}

/** Withdraws the messages still waiting for people who left (see SQLite's). */
async function withdrawMessagesTo(
  db: PgExec,
  recipients: readonly PersonId[],
  now: number,
  why: (person: PersonId) => string,
): Promise<number> {
  let withdrawn = 0;
  for (const person of recipients) {
    const error = why(person);
    const waiting = sql`FROM outbox WHERE status = 'pending' AND kind != ${refreshKind}
      AND recipient = ${person}`;
    await db.execute(
      sql`INSERT INTO bomb_events (bomb_id, version, at, recorded_at, actor, via, kind, data)
          SELECT bomb_id, version, ${now}, ${now}, NULL, 'system', 'delivery_failed',
            json_build_object('to', recipient, 'kind', kind, 'error', ${error}::text)::text
          ${waiting} AND bomb_id IS NOT NULL ORDER BY id`,
    );
    const failed = await db.execute(
      sql`UPDATE outbox SET status = 'failed', last_error = ${error}, in_flight_since = NULL
          WHERE id IN (SELECT id ${waiting})`,
    );
    withdrawn += failed.rowCount ?? 0;
  }
  return withdrawn;
}
