/**
 * The PostgreSQL database: the same tables, columns and indexes as `../schema.ts` (SQLite), in
 * pg-core. Every workflow instant is UTC epoch milliseconds written by the code, stored as int8
 * and read back as a JS number (int4 would overflow in January 1970). JSON is stored as text,
 * not jsonb: jsonb reorders keys (the org document is compared as text) and refuses "\u0000",
 * which a customer's complaint may contain. Bomb ids come from a sequence, so two instances
 * filing at once never pick the same one. SQLite's legacy column and table of Slack ids and
 * landings (kept there until its data step has run everywhere) have no place here: no PostgreSQL
 * database ever held release 0.1.0's data.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  customType,
  index,
  integer,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { openStates } from "../../core/bomb.ts";

/** An epoch-milliseconds column: int8, a number in JS. */
const ms = (name: string) => bigint(name, { mode: "number" });

/** A JSON column kept as text (see the file's note), encoded and decoded by drizzle. */
const jsonText = customType<{ data: unknown; driverData: string }>({
  dataType: () => "text",
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => JSON.parse(value) as unknown,
});

/**
 * The states of an open bomb, spelled as literals: PostgreSQL uses a partial index only when it
 * can prove the query's WHERE implies the index's, so the open lists' queries (store.ts) write
 * this same condition.
 */
export const openStatesCondition = sql.raw(
  `state IN (${openStates.map((s) => `'${s}'`).join(", ")})`,
);

/** Where new bomb ids come from. */
export const bombIds = pgSequence("bomb_ids", { startWith: 1 });

/** The org chart as last loaded. */
export const people = pgTable("people", {
  id: text("id").primaryKey(),
  email: text("email"),
  name: text("name").notNull(),
  title: text("title").notNull(),
  reportsTo: text("reports_to"),
  updatedAt: ms("updated_at").notNull(),
});

/** Where a person is reached on each chat platform (see `../schema.ts`). */
export const addresses = pgTable(
  "addresses",
  {
    person: text("person").notNull(),
    platform: text("platform").notNull(),
    address: text("address").notNull(),
    conversation: text("conversation"),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.person, t.platform] }),
    index("addresses_address").on(t.platform, t.address),
  ],
);

/** Every org ever put in force, newest last, as one JSON document. */
export const orgRevisions = pgTable("org_revisions", {
  revision: integer("revision").primaryKey(),
  document: jsonText("document").notNull(),
  appliedAt: ms("applied_at").notNull(),
  via: text("via").notNull(),
});

/** Departments as last loaded. */
export const departments = pgTable("departments", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  director: text("director").notNull(),
  link: text("link").notNull(),
  updatedAt: ms("updated_at").notNull(),
});

/** One row per bomb; `data` is the whole bomb, the other columns are derived for indexes. */
export const bombs = pgTable(
  "bombs",
  {
    id: integer("id").primaryKey(),
    state: text("state").notNull(),
    departmentId: text("department_id"),
    holder: text("holder"),
    nextDueAt: ms("next_due_at"),
    version: integer("version").notNull(),
    data: jsonText("data").notNull(),
    sourceKey: text("source_key"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("bombs_source_key").on(t.sourceKey),
    index("bombs_next_due_at").on(t.nextDueAt).where(sql`${t.nextDueAt} IS NOT NULL`),
    index("bombs_state").on(t.state),
    index("bombs_holder").on(t.holder),
    // The lists people ask for (`/bomba list`), in their order, over open bombs only: a list
    // walks its first rows in order (an ascending btree puts nulls last, as the list does) and a
    // count reads the index, never a sort of every row.
    index("bombs_open_holder")
      .on(t.holder, t.nextDueAt.asc().nullsLast(), t.id)
      .where(openStatesCondition),
    index("bombs_open_department")
      .on(t.departmentId, t.nextDueAt.asc().nullsLast(), t.id)
      .where(openStatesCondition),
    index("bombs_open").on(t.nextDueAt.asc().nullsLast(), t.id).where(openStatesCondition),
  ],
);

/** The append-only timeline. */
export const bombEvents = pgTable(
  "bomb_events",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    bombId: integer("bomb_id")
      .notNull()
      .references(() => bombs.id),
    version: integer("version").notNull(),
    at: ms("at").notNull(),
    recordedAt: ms("recorded_at").notNull(),
    actor: text("actor"),
    via: text("via").notNull(),
    kind: text("kind").notNull(),
    data: jsonText("data").notNull(),
    holder: text("holder"),
  },
  (t) => [index("bomb_events_bomb").on(t.bombId, t.id)],
);

/** Messages to deliver, written in the same transaction as the change that caused them. */
export const outbox = pgTable(
  "outbox",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    dedupeKey: text("dedupe_key").notNull(),
    bombId: integer("bomb_id").references(() => bombs.id),
    version: integer("version").notNull(),
    recipient: text("recipient").notNull(),
    kind: text("kind").notNull(),
    params: jsonText("params").notNull(),
    createdAt: ms("created_at").notNull(),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ms("next_attempt_at").notNull(),
    lastError: text("last_error"),
    sentAt: ms("sent_at"),
    inFlightSince: ms("in_flight_since"),
  },
  (t) => [
    uniqueIndex("outbox_dedupe_key").on(t.dedupeKey),
    index("outbox_due").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("outbox_bomb").on(t.bombId, t.id),
  ],
);

/** Where each delivered message landed (see `../schema.ts`). */
export const deliveries = pgTable(
  "deliveries",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    bombId: integer("bomb_id").references(() => bombs.id),
    outboxId: integer("outbox_id").references(() => outbox.id),
    recipient: text("recipient").notNull(),
    platform: text("platform").notNull(),
    conversation: text("conversation").notNull(),
    messageRef: text("message_ref").notNull(),
    part: integer("part").notNull().default(1),
    kind: text("kind").notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [
    index("deliveries_bomb").on(t.bombId),
    index("deliveries_outbox").on(t.outboxId),
    index("deliveries_recipient").on(t.recipient),
  ],
);

/** One-time data steps done on this database, by name. */
export const meta = pgTable("meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** Jobs that must run once per period, claimed by insert. */
export const jobRuns = pgTable(
  "job_runs",
  {
    job: text("job").notNull(),
    period: text("period").notNull(),
    startedAt: ms("started_at").notNull(),
    finishedAt: ms("finished_at"),
    status: text("status").notNull(),
    detail: text("detail"),
  },
  (t) => [primaryKey({ columns: [t.job, t.period] })],
);
