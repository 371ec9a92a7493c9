/**
 * Reads and writes bombs with their timeline and outbox. A transition is written whole or not at
 * all, and only over the version it was computed from (optimistic concurrency).
 */
import type Sqlite from "better-sqlite3";
import { and, asc, eq, isNotNull, lte, sql } from "drizzle-orm";
import { type Bomb, bombSchema, currentHolder, nextDueAt } from "../../core/bomb.ts";
import type { TimelineEvent, Transition } from "../../core/effects.ts";
import { dedupeKey } from "../outbox-keys.ts";
import { bombEvents, bombs } from "../schema.ts";
import { refreshKind, type WriteMeta } from "../store.ts";
import type { Db } from "./database.ts";

/** Runs `fn` in one IMMEDIATE transaction: the write lock is taken up front, so no upgrade deadlocks. */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

const savepointsByDb = new WeakMap<Db, Record<"begin" | "release" | "undo", Sqlite.Statement>>();

/**
 * Runs `fn` inside a savepoint of the open transaction: if it throws, what it wrote is undone and
 * the error goes on, the rest of the transaction stays. Prepared once per connection.
 */
export function inSavepoint<T>(db: Db, fn: () => T): T {
  let savepoint = savepointsByDb.get(db);
  if (savepoint === undefined) {
    savepoint = {
      begin: db.$client.prepare("SAVEPOINT one_bomb"),
      release: db.$client.prepare("RELEASE one_bomb"),
      undo: db.$client.prepare("ROLLBACK TO one_bomb"),
    };
    savepointsByDb.set(db, savepoint);
  }
  savepoint.begin.run();
  try {
    const result = fn();
    savepoint.release.run();
    return result;
  } catch (error) {
    savepoint.undo.run();
    savepoint.release.run();
    throw error;
  }
}

/**
 * Runs `fn` in a transaction that is always rolled back: a dry run that writes on the way (an org
 * change before the pass it plans) and leaves nothing behind.
 */
export function rehearse<T>(db: Db, fn: () => T): T {
  const rollback = Symbol("rollback");
  let result: { value: T } | null = null;
  try {
    db.$client.transaction(() => {
      result = { value: fn() };
      throw rollback;
    })();
  } catch (error) {
    if (error !== rollback) throw error;
  }
  if (result === null) throw new Error("rehearse: nothing ran");
  return (result as { value: T }).value;
}

/** The id the next bomb will get; call inside the transaction that inserts it. */
export function nextBombId(db: Db): number {
  const row = db
    .select({ max: sql<number | null>`max(${bombs.id})` })
    .from(bombs)
    .get();
  return (row?.max ?? 0) + 1;
}

/** Loads and validates one bomb; null when there is none with that id. */
export function loadBomb(db: Db, id: number): Bomb | null {
  const row = statementsOf(db).loadBomb.get(id);
  return row ? bombSchema.parse(JSON.parse(row[0])) : null;
}

/** Inserts a new bomb with its first events and messages; `sourceKey` makes a retried report find it. */
export function insertBomb(
  db: Db,
  transition: Transition,
  meta: WriteMeta,
  sourceKey: string | null = null,
): void {
  db.insert(bombs)
    .values({
      ...columnsOf(transition.bomb, meta.recordedAt),
      sourceKey,
      createdAt: meta.recordedAt,
    })
    .run();
  appendEffects(db, transition, meta);
}

/** The bomb a report with this source key already created, if any. */
export function findBombBySourceKey(db: Db, sourceKey: string): Bomb | null {
  const row = db
    .select({ data: bombs.data })
    .from(bombs)
    .where(eq(bombs.sourceKey, sourceKey))
    .get();
  return row ? bombSchema.parse(row.data) : null;
}

/**
 * Writes a transition over the version it was computed from. Returns false, writing nothing,
 * when someone else changed the bomb first (a double click, a concurrent pass).
 */
export function saveTransition(
  db: Db,
  fromVersion: number,
  transition: Transition,
  meta: WriteMeta,
): boolean {
  const columns = columnsOf(transition.bomb, meta.recordedAt);
  const result = statementsOf(db).updateBomb.run({
    ...columns,
    data: JSON.stringify(columns.data),
    fromVersion,
  });
  if (result.changes === 0) return false;
  appendEffects(db, transition, meta);
  return true;
}

/** Ids of bombs with something due at or before `now`, earliest first. */
export function dueBombIds(db: Db, now: number, limit: number): number[] {
  return db
    .select({ id: bombs.id })
    .from(bombs)
    .where(and(isNotNull(bombs.nextDueAt), lte(bombs.nextDueAt, now)))
    .orderBy(asc(bombs.nextDueAt), asc(bombs.id))
    .limit(limit)
    .all()
    .map((r) => r.id);
}

/** The earliest instant anything is due, or null. */
export function earliestDueAt(db: Db): number | null {
  const row = db
    .select({ at: sql<number | null>`min(${bombs.nextDueAt})` })
    .from(bombs)
    .where(isNotNull(bombs.nextDueAt))
    .get();
  return row?.at ?? null;
}

/** A bomb's timeline, oldest first. */
export function loadTimeline(db: Db, bombId: number) {
  return db
    .select()
    .from(bombEvents)
    .where(eq(bombEvents.bombId, bombId))
    .orderBy(asc(bombEvents.id))
    .all();
}

function columnsOf(bomb: Bomb, now: number) {
  return {
    id: bomb.id,
    state: bomb.state,
    departmentId: bomb.departmentId,
    holder: currentHolder(bomb),
    nextDueAt: nextDueAt(bomb),
    version: bomb.version,
    data: bomb,
    updatedAt: now,
  };
}

/**
 * The statements a pass runs for every bomb, prepared once per connection and run on the driver
 * itself: building the SQL and preparing it anew on every call was most of a pass's time, and
 * drizzle's placeholder filling and column mapping around each run a fifth of what was left.
 * They write exactly the columns drizzle wrote (JSON columns as JSON.stringify, as its json
 * mode does).
 */
const preparedByDb = new WeakMap<Db, ReturnType<typeof prepareStatements>>();

function statementsOf(db: Db) {
  let statements = preparedByDb.get(db);
  if (statements === undefined) {
    statements = prepareStatements(db);
    preparedByDb.set(db, statements);
  }
  return statements;
}

function prepareStatements(db: Db) {
  const client = db.$client;
  return {
    loadBomb: client.prepare<[number], [string]>("SELECT data FROM bombs WHERE id = ?").raw(),
    // The id stays out of SET: the WHERE names the row.
    updateBomb: client.prepare(
      `UPDATE bombs SET state = @state, department_id = @departmentId, holder = @holder,
         next_due_at = @nextDueAt, version = @version, data = @data, updated_at = @updatedAt
       WHERE id = @id AND version = @fromVersion`,
    ),
    insertEvent: client.prepare(
      `INSERT INTO bomb_events (bomb_id, version, at, recorded_at, actor, via, kind, data, holder)
       VALUES (@bombId, @version, @at, @recordedAt, @actor, @via, @kind, @data, @holder)`,
    ),
    insertOutbox: client.prepare(
      `INSERT INTO outbox (dedupe_key, bomb_id, version, recipient, kind, params, created_at,
         next_attempt_at)
       VALUES (@dedupeKey, @bombId, @version, @recipient, @kind, @params, @createdAt,
         @nextAttemptAt)
       ON CONFLICT (dedupe_key) DO NOTHING`,
    ),
  };
}

function appendEffects(db: Db, transition: Transition, meta: WriteMeta): void {
  const { bomb, events, messages } = transition;
  if (events.length === 0 && messages.length === 0) return;
  const statements = statementsOf(db);
  for (const e of events) {
    const row = eventRow(bomb, e, meta);
    statements.insertEvent.run({ ...row, data: JSON.stringify(row.data) });
  }
  const rows = messages.map((m) => ({
    dedupeKey: dedupeKey(m),
    bombId: m.bombId,
    version: m.version,
    recipient: m.to,
    kind: m.kind as string,
    params: m.params,
    createdAt: meta.recordedAt,
    nextAttemptAt: m.notBefore,
  }));
  // After the new messages: brings every earlier message of the bomb up to date, so no stale
  // button stays live. Not held by quiet hours: an edit in place notifies nobody.
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
  for (const row of rows) {
    statements.insertOutbox.run({ ...row, params: JSON.stringify(row.params) });
  }
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
    data: e.data,
    // Who had to act after it, as the core decided: the report's "held by" reads this.
    holder: e.holder === undefined ? currentHolder(bomb) : e.holder,
  };
}
