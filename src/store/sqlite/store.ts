/**
 * The `Store` over one better-sqlite3 connection. Every method is one IMMEDIATE transaction or
 * one read, run synchronously; the promise only hands the answer back. The statements a pass runs
 * per bomb stay prepared once per connection (see `bomb-store.ts`).
 */
import { and, eq, sql } from "drizzle-orm";
import { type Bomb, bombSchema, type DigestRow } from "../../core/bomb.ts";
import type { Transition } from "../../core/effects.ts";
import type { Org, PersonId } from "../../core/org.ts";
import type { Quarter } from "../../core/quarter.ts";
import { orgDocument, sameDocument } from "../org-document.ts";
import { bombEvents, bombs, outbox } from "../schema.ts";
import type {
  Advanced,
  AdvanceOptions,
  BombFilter,
  Decided,
  FormerPerson,
  JobClaim,
  Landed,
  Landing,
  OrgReconciler,
  OrgWritten,
  OutboxRow,
  PlatformAddresses,
  QuarterData,
  QueuedMessage,
  Store,
  StoredOrg,
  TimelineRow,
  WriteMeta,
} from "../store.ts";
import { countOpenBombs, listOpenBombs } from "./bomb-queries.ts";
import {
  dueBombIds,
  earliestDueAt,
  findBombBySourceKey,
  inSavepoint,
  insertBomb,
  inTransaction,
  loadBomb,
  loadTimeline,
  nextBombId,
  saveTransition,
} from "./bomb-store.ts";
import { closeDatabase, type Db, type OpenOptions, openDatabase } from "./database.ts";
import { digestRows } from "./digest-rows.ts";
import {
  claimJob,
  inUseBefore,
  isJobClaimed,
  messageLanding,
  queueJobMessages,
  recordJobDetail,
} from "./job-store.ts";
import {
  currentOrgRevision,
  latestOrgDocument,
  loadStoredOrg,
  storedAddresses,
  storedPeople,
  withdrawMessagesTo,
  writeOrgRevision,
} from "./org-store.ts";
import * as outboxStore from "./outbox-store.ts";
import { channelLandedFor, landedMessages } from "./outbox-store.ts";

/** Opens (creating and migrating as needed) the SQLite store at `path`, or ":memory:". */
export function openSqliteStore(path: string, options: OpenOptions = {}): SqliteStore {
  return new SqliteStore(openDatabase(path, options));
}

/** The SQLite store. `db` is for tests and the store's own modules only: src/ goes through `Store`. */
export class SqliteStore implements Store {
  /** The drizzle handle; tests read tables through it, the app never does. */
  readonly db: Db;

  /** A store over an open database. */
  constructor(db: Db) {
    this.db = db;
  }

  async reportBomb<R>(
    sourceKey: string | null,
    decide: (id: number, earlier: Bomb | null) => Decided<R>,
    meta: WriteMeta,
  ): Promise<R> {
    const db = this.db;
    return inTransaction(db, () => {
      const earlier = sourceKey === null ? null : findBombBySourceKey(db, sourceKey);
      const decided = decide(earlier?.id ?? nextBombId(db), earlier);
      if (decided.write !== null && earlier === null) {
        insertBomb(db, decided.write, meta, sourceKey);
      }
      return decided.result;
    });
  }

  async actOnBomb<R>(
    id: number,
    decide: (bomb: Bomb | null) => Decided<R>,
    meta: WriteMeta,
  ): Promise<{ result: R; written: boolean }> {
    const db = this.db;
    return inTransaction(db, () => {
      const bomb = loadBomb(db, id);
      const decided = decide(bomb);
      if (decided.write === null || bomb === null)
        return { result: decided.result, written: false };
      return {
        result: decided.result,
        written: saveTransition(db, bomb.version, decided.write, meta),
      };
    });
  }

  async advanceDue(
    now: number,
    options: AdvanceOptions,
    step: (bomb: Bomb) => Transition | null,
    stuck: (id: number, version: number, error: string) => QueuedMessage[],
  ): Promise<Advanced> {
    const db = this.db;
    const { batchSize } = options;
    const result: Advanced = { transitions: [], stuck: [], more: false };
    const meta: WriteMeta = { via: "scheduler", recordedAt: now };
    // The bomb is read inside the transaction: another pass may have advanced it since the ids
    // were listed.
    const apply = (id: number): Transition | null => {
      const bomb = loadBomb(db, id);
      if (bomb === null) return null;
      const transition = step(bomb);
      if (transition === null) return null;
      return saveTransition(db, bomb.version, transition, meta) ? transition : null;
    };
    const plan = (id: number): Transition | null => {
      const bomb = loadBomb(db, id);
      return bomb === null ? null : step(bomb);
    };
    const isolated = (
      id: number,
      run: () => Transition | null,
      report: (error: string) => boolean,
    ): Transition | null => {
      try {
        return run();
      } catch (thrown) {
        const error = thrown instanceof Error ? thrown.message : String(thrown);
        result.stuck.push({ id, error, first: report(error) });
        return null;
      }
    };
    // The batch in one transaction. A bomb that throws rolls it all back; the batch is then done
    // again with a savepoint per bomb, so that only the bad one is undone. Savepoints cost about
    // a quarter of a pass's time: the usual pass goes without them.
    const applyBatch = (batch: number[]): (Transition | null)[] => {
      try {
        return inTransaction(db, () => batch.map(apply));
      } catch {
        return inTransaction(db, () =>
          batch.map((id) =>
            isolated(
              id,
              () => inSavepoint(db, () => apply(id)),
              (error) => reportStuck(db, id, error, now, stuck),
            ),
          ),
        );
      }
    };
    const seen = new Set<number>();
    for (let batches = 0; ; batches++) {
      const ids = dueBombIds(db, now, batchSize + seen.size).filter((id) => !seen.has(id));
      if (ids.length === 0) break;
      const batch = ids.slice(0, batchSize);
      for (const id of batch) seen.add(id);
      const applied = options.dryRun
        ? batch.map((id) =>
            isolated(
              id,
              () => plan(id),
              () => false,
            ),
          )
        : applyBatch(batch);
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
    addresses: PlatformAddresses,
    meta: { now: number; via: string },
    plan: (before: ReadonlyMap<PersonId, FormerPerson>) => OrgReconciler,
  ): Promise<OrgWritten> {
    const db = this.db;
    const { now } = meta;
    return inTransaction(db, () => {
      const latest = latestOrgDocument(db);
      const unchanged = { transitions: [], withdrawn: 0, unreadable: [] };
      if (latest !== null && sameDocument(latest.document, orgDocument(org, addresses.byPerson))) {
        return { revision: latest.revision, changed: false, ...unchanged };
      }
      const before = storedPeople(db);
      const revision = (latest?.revision ?? 0) + 1;
      writeOrgRevision(db, revision, org, addresses, { appliedAt: now, via: meta.via });
      const reconciler = plan(before);
      const transitions: Transition[] = [];
      const unreadable: { id: number; error: string }[] = [];
      for (const row of openBombsNamingOutsiders(db)) {
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
        if (!saveTransition(db, bomb.version, transition, { via: "system", recordedAt: now }))
          continue;
        transitions.push(transition);
      }
      const left = [...before.keys()].filter((p) => !org.people.has(p));
      const withdrawn = withdrawMessagesTo(db, left, now, (p) => reconciler.withdrawnBecause(p));
      return { revision, changed: true, transitions, withdrawn, unreadable };
    });
  }

  async orgRevision(): Promise<number> {
    return currentOrgRevision(this.db);
  }

  async storedOrg(): Promise<StoredOrg | null> {
    return loadStoredOrg(this.db);
  }

  async addressesOn(platform: string): Promise<Map<PersonId, string>> {
    return storedAddresses(this.db, platform);
  }

  async conversationsOn(platform: string): Promise<Map<string, string>> {
    const rows = this.db.$client
      .prepare(
        "SELECT address, conversation FROM addresses WHERE platform = ? AND conversation IS NOT NULL",
      )
      .all(platform) as { address: string; conversation: string }[];
    return new Map(rows.map((r) => [r.address, r.conversation]));
  }

  async keepConversation(platform: string, address: string, conversation: string): Promise<void> {
    this.db.$client
      .prepare("UPDATE addresses SET conversation = ? WHERE platform = ? AND address = ?")
      .run(conversation, platform, address);
  }

  async loadBomb(id: number): Promise<Bomb | null> {
    return loadBomb(this.db, id);
  }

  async loadTimeline(bombId: number): Promise<TimelineRow[]> {
    return loadTimeline(this.db, bombId);
  }

  async listOpenBombs(filter: BombFilter, limit?: number): Promise<Bomb[]> {
    return listOpenBombs(this.db, filter, limit);
  }

  async countOpenBombs(filter: BombFilter): Promise<number> {
    return countOpenBombs(this.db, filter);
  }

  async bombsInStates(states: readonly string[]): Promise<Bomb[]> {
    if (states.length === 0) return [];
    // Straight from the driver: drizzle's row mapping was a tenth of a 10,000-bomb digest's load.
    const rows = this.db.$client
      .prepare(`SELECT data FROM bombs WHERE state IN (${states.map(() => "?").join(", ")})`)
      .raw()
      .all(...states) as [string][];
    return rows.map((r) => bombSchema.parse(JSON.parse(r[0])));
  }

  async digestRows(): Promise<DigestRow[]> {
    return digestRows(this.db);
  }

  async earliestDueAt(): Promise<number | null> {
    return earliestDueAt(this.db);
  }

  async quarterData(quarter: Quarter): Promise<QuarterData> {
    const client = this.db.$client;
    // Bombs opened before the quarter's end and not already finished before it began.
    const ids = `SELECT bomb_id FROM bomb_events WHERE kind = 'opened' AND at < @end
      EXCEPT SELECT bomb_id FROM bomb_events WHERE kind IN ('closed', 'defused') AND at < @start`;
    const bounds = { start: quarter.start, end: quarter.end };
    const bombRows = client
      .prepare(`SELECT data FROM bombs WHERE id IN (${ids}) ORDER BY id`)
      .all(bounds) as { data: string }[];
    const eventRows = client
      .prepare(
        `SELECT bomb_id AS bombId, at, actor, kind, data, holder FROM bomb_events
         WHERE bomb_id IN (${ids}) AND at < @end ORDER BY bomb_id, id`,
      )
      .all(bounds) as {
      bombId: number;
      at: number;
      actor: string | null;
      kind: string;
      data: string;
      holder: string | null;
    }[];
    return {
      bombs: bombRows.map((r) => bombSchema.parse(JSON.parse(r.data))),
      events: eventRows.map((e) => ({ ...e, data: JSON.parse(e.data) as unknown })),
    };
  }

  async bombMessages(
    bombId: number,
  ): Promise<{ version: number; recipient: string; kind: string }[]> {
    return this.db.$client
      .prepare(
        "SELECT version, recipient, kind FROM outbox WHERE bomb_id = ? AND kind != 'refresh' ORDER BY id",
      )
      .all(bombId) as { version: number; recipient: string; kind: string }[];
  }

  async jobClaimed(job: string, period: string): Promise<boolean> {
    return isJobClaimed(this.db, job, period);
  }

  async inUseBefore(instant: number): Promise<boolean> {
    return inUseBefore(this.db, instant);
  }

  async claimJob(claim: JobClaim): Promise<boolean> {
    const db = this.db;
    return inTransaction(db, () => {
      // A period that passed before the bot was ever at work was not missed: nothing is owed.
      if (claim.inUseBefore !== null && !inUseBefore(db, claim.inUseBefore)) return false;
      if (!claimJob(db, claim.job, claim.period, claim.now)) return false;
      queueJobMessages(db, claim.messages, claim.now);
      recordJobDetail(db, claim.job, claim.period, claim.detail);
      return true;
    });
  }

  async deliverableRows(now: number, limit: number): Promise<OutboxRow[]> {
    return outboxStore.deliverableRows(this.db, now, limit);
  }

  async nextOutboxAttemptAt(): Promise<number | null> {
    return outboxStore.nextOutboxAttemptAt(this.db);
  }

  async claimRow(row: OutboxRow, leaseUntil: number, now: number): Promise<boolean> {
    return outboxStore.claimRow(this.db, row, leaseUntil, now);
  }

  async postponeRow(row: OutboxRow, until: number): Promise<void> {
    outboxStore.postponeRow(this.db, row, until);
  }

  async markSent(
    row: OutboxRow,
    now: number,
    landed: readonly Landing[],
    platform: string,
  ): Promise<void> {
    outboxStore.markSent(this.db, row, now, landed, platform);
  }

  async markRetry(
    row: OutboxRow,
    retryAt: number,
    error: string,
    outcomeUnknown: boolean,
  ): Promise<void> {
    outboxStore.markRetry(this.db, row, retryAt, error, outcomeUnknown);
  }

  async markFailed(
    row: OutboxRow,
    now: number,
    error: string,
    alerts: readonly QueuedMessage[],
  ): Promise<void> {
    outboxStore.markFailed(this.db, row, now, error, () => queueMessages(this.db, alerts, now));
  }

  async markDropped(row: OutboxRow, now: number, data: Record<string, unknown>): Promise<void> {
    outboxStore.markDropped(this.db, row, now, data);
  }

  async landedMessages(bombId: number): Promise<Landed[]> {
    return landedMessages(this.db, bombId);
  }

  async relandMessage(id: number, fresh: readonly Landing[]): Promise<void> {
    outboxStore.relandMessage(this.db, id, fresh);
  }

  async channelLandedFor(recipient: string): Promise<string | null> {
    return channelLandedFor(this.db, recipient);
  }

  async messageLanding(dedupeKey: string): Promise<{ status: string; at: Landing | null } | null> {
    return messageLanding(this.db, dedupeKey);
  }

  async backup(target: string): Promise<{ totalPages: number }> {
    return this.db.$client.backup(target);
  }

  async healthy(): Promise<boolean> {
    try {
      this.db.get(sql`SELECT 1`);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    closeDatabase(this.db);
  }
}

/** Queues messages; a dedupe key already queued is left as it is. Call inside a transaction. */
function queueMessages(db: Db, messages: readonly QueuedMessage[], now: number): void {
  if (messages.length === 0) return;
  db.insert(outbox)
    .values(
      messages.map((m) => ({
        dedupeKey: m.dedupeKey,
        bombId: m.bombId ?? null,
        version: m.version ?? 0,
        recipient: m.recipient,
        kind: m.kind,
        params: m.params,
        createdAt: now,
        nextAttemptAt: m.nextAttemptAt,
      })),
    )
    .onConflictDoNothing()
    .run();
}

/**
 * Every open bomb that names someone no longer in the people table. The SQL only narrows the
 * reading: `involved` lists everyone a bomb has named (holders, owners, rungs reached), so a bomb
 * that names nobody outside the org is never parsed.
 */
function openBombsNamingOutsiders(db: Db): { id: number; version: number; data: string }[] {
  return db.$client
    .prepare(
      `SELECT id, version, data FROM bombs
       WHERE state IN ('triage', 'pending', 'accepted', 'resolved')
         AND (holder NOT IN (SELECT id FROM people)
           OR EXISTS (SELECT 1 FROM json_each(bombs.data, '$.involved') AS named
                      WHERE named.value NOT IN (SELECT id FROM people)))
       ORDER BY id`,
    )
    .all() as { id: number; version: number; data: string }[];
}

/**
 * Tells the loyalty managers, once per version of the bomb, that it cannot be advanced, and
 * writes it on its timeline. "Once" lives in the outbox's unique key, so it holds across passes,
 * restarts and processes; a bomb that changes (someone acts on it) and fails again is new news.
 */
function reportStuck(
  db: Db,
  id: number,
  error: string,
  now: number,
  alerts: (id: number, version: number, error: string) => QueuedMessage[],
): boolean {
  const row = db.select({ version: bombs.version }).from(bombs).where(eq(bombs.id, id)).get();
  const version = row?.version ?? 0;
  let first = false;
  for (const m of alerts(id, version, error)) {
    const inserted = db
      .insert(outbox)
      .values({
        dedupeKey: m.dedupeKey,
        bombId: m.bombId ?? null,
        version: m.version ?? version,
        recipient: m.recipient,
        kind: m.kind,
        params: m.params,
        createdAt: now,
        nextAttemptAt: m.nextAttemptAt,
      })
      .onConflictDoNothing()
      .run();
    if (inserted.changes > 0) first = true;
  }
  const written = db
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
    db.insert(bombEvents)
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
