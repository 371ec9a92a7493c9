/**
 * The database, one table per concept. camelCase here, snake_case in SQL; every workflow time is
 * UTC epoch milliseconds written by the code (never CURRENT_TIMESTAMP), so tests control time.
 */
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { openStates } from "../core/bomb.ts";

/**
 * "The bomb is open" as SQL literals: a partial index is used only by a query whose WHERE says
 * the same thing in constants (bound parameters do not count).
 */
export const openStatesCondition = `state IN (${openStates.map((s) => `'${s}'`).join(", ")})`;

const openStatesSql = sql.raw(openStatesCondition);

/** The org chart as last loaded. */
export const people = sqliteTable("people", {
  id: text("id").primaryKey(),
  email: text("email"),
  /**
   * Legacy (release 0.1.0 and main before issue 11): the person's Slack id, moved to `addresses`
   * by the data step (`sqlite/data-steps.ts`); no longer written. Dropped in a later release.
   */
  slackId: text("slack_id"),
  name: text("name").notNull(),
  title: text("title").notNull(),
  reportsTo: text("reports_to"),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Where a person is reached on each chat platform: the platform's own id for them (a Slack user
 * id, a Teams object id), filled by the org change through the platform's directory lookup, and
 * the private conversation with them once one was opened (Teams must keep it).
 */
export const addresses = sqliteTable(
  "addresses",
  {
    person: text("person").notNull(),
    platform: text("platform").notNull(),
    address: text("address").notNull(),
    conversation: text("conversation"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.person, t.platform] }),
    index("addresses_address").on(t.platform, t.address),
  ],
);

/**
 * Every org ever put in force, newest last: the whole org and everyone's Slack id as one JSON
 * document. The highest revision is the org every process works with; a running server reads
 * that number each pass (a primary-key lookup) and reloads when it moved.
 */
export const orgRevisions = sqliteTable("org_revisions", {
  revision: integer("revision").primaryKey(),
  document: text("document", { mode: "json" }).notNull(),
  appliedAt: integer("applied_at").notNull(),
  /** Which command put it in force: `import`, `serve` or `tick`. */
  via: text("via").notNull(),
});

/** Departments as last loaded. */
export const departments = sqliteTable("departments", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  director: text("director").notNull(),
  link: text("link").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * One row per bomb. `data` is the whole bomb (validated with the core's zod schema on read);
 * the other columns are derived from it for indexes and lists, and rewritten with it.
 */
export const bombs = sqliteTable(
  "bombs",
  {
    id: integer("id").primaryKey(),
    state: text("state").notNull(),
    departmentId: text("department_id"),
    holder: text("holder"),
    nextDueAt: integer("next_due_at"),
    version: integer("version").notNull(),
    data: text("data", { mode: "json" }).notNull(),
    /** What created it (e.g. the Slack view id of the report modal): a retried report finds it. */
    sourceKey: text("source_key"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("bombs_source_key").on(t.sourceKey),
    // Partial: closed bombs never enter the index, so an idle pass reads nothing.
    index("bombs_next_due_at").on(t.nextDueAt).where(sql`${t.nextDueAt} IS NOT NULL`),
    index("bombs_state").on(t.state),
    index("bombs_holder").on(t.holder),
    // The lists people ask for (`/bomba list`), in their order, over open bombs only: a list
    // reads its first rows in order and a count reads the index, never a sort of every row. The
    // queries must spell the states as these literals (bomb-queries.ts) for SQLite to use them.
    index("bombs_open_holder")
      .on(t.holder, sql`${t.nextDueAt} IS NULL`, t.nextDueAt, t.id)
      .where(openStatesSql),
    index("bombs_open_department")
      .on(t.departmentId, sql`${t.nextDueAt} IS NULL`, t.nextDueAt, t.id)
      .where(openStatesSql),
    index("bombs_open").on(sql`${t.nextDueAt} IS NULL`, t.nextDueAt, t.id).where(openStatesSql),
  ],
);

/** The append-only timeline: who did what to which bomb, when and from where. */
export const bombEvents = sqliteTable(
  "bomb_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bombId: integer("bomb_id")
      .notNull()
      .references(() => bombs.id),
    version: integer("version").notNull(),
    at: integer("at").notNull(),
    recordedAt: integer("recorded_at").notNull(),
    actor: text("actor"),
    via: text("via").notNull(),
    kind: text("kind").notNull(),
    data: text("data", { mode: "json" }).notNull(),
    /**
     * Who had to act on the bomb right after this event, as the core decided (the holder while
     * pending, the owner once accepted); null when nobody had to. The quarterly report reads
     * "held by" here instead of replaying the rules. Null on rows written before it existed.
     */
    holder: text("holder"),
  },
  (t) => [index("bomb_events_bomb").on(t.bombId, t.id)],
);

/** Messages to deliver, written in the same transaction as the change that caused them. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** bomb:version:kind:recipient — a transition's message exists once, whatever retries happen. */
    dedupeKey: text("dedupe_key").notNull(),
    bombId: integer("bomb_id").references(() => bombs.id),
    version: integer("version").notNull(),
    recipient: text("recipient").notNull(),
    kind: text("kind").notNull(),
    params: text("params", { mode: "json" }).notNull(),
    createdAt: integer("created_at").notNull(),
    /** pending → sent | failed (permanent error) | dropped (no longer true when due). */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Quiet hours and back-off: not delivered before this instant. */
    nextAttemptAt: integer("next_attempt_at").notNull(),
    lastError: text("last_error"),
    sentAt: integer("sent_at"),
    /**
     * When the current attempt handed the row to Slack; cleared once Slack's answer is recorded.
     * Still set when a row is taken again, it means the last attempt's outcome is unknown (the
     * process died mid-call, or the call got no answer): the message may be in Slack already,
     * so it is looked for by its tag before it is posted again.
     */
    inFlightSince: integer("in_flight_since"),
  },
  (t) => [
    uniqueIndex("outbox_dedupe_key").on(t.dedupeKey),
    index("outbox_due").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("outbox_bomb").on(t.bombId, t.id),
  ],
);

/**
 * Where each delivered message landed, so it can be updated in place later: the platform, the
 * conversation, the platform's reference of the message (Slack's ts, a Teams activity id) and
 * which part of a message split in several it is.
 */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bombId: integer("bomb_id").references(() => bombs.id),
    outboxId: integer("outbox_id").references(() => outbox.id),
    recipient: text("recipient").notNull(),
    platform: text("platform").notNull(),
    conversation: text("conversation").notNull(),
    messageRef: text("message_ref").notNull(),
    part: integer("part").notNull().default(1),
    kind: text("kind").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("deliveries_bomb").on(t.bombId),
    index("deliveries_outbox").on(t.outboxId),
    index("deliveries_recipient").on(t.recipient),
  ],
);

/** One-time data steps done on this database (see `sqlite/data-steps.ts`), by name. */
export const meta = sqliteTable("meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/**
 * Legacy (release 0.1.0 and main before issue 11): where each bomb's messages landed in Slack.
 * Copied into `deliveries` by the data step and no longer written; dropped in a later release.
 */
export const slackMessages = sqliteTable(
  "slack_messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bombId: integer("bomb_id").references(() => bombs.id),
    outboxId: integer("outbox_id").references(() => outbox.id),
    recipient: text("recipient").notNull(),
    channel: text("channel").notNull(),
    ts: text("ts").notNull(),
    kind: text("kind").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("slack_messages_bomb").on(t.bombId)],
);

/** Jobs that must run once per period (a digest a day, a report a quarter), claimed by insert. */
export const jobRuns = sqliteTable(
  "job_runs",
  {
    job: text("job").notNull(),
    period: text("period").notNull(),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at"),
    status: text("status").notNull(),
    detail: text("detail"),
  },
  (t) => [primaryKey({ columns: [t.job, t.period] })],
);

/** A stored bomb row. */
export type BombRow = typeof bombs.$inferSelect;
/** A stored timeline row. */
export type BombEventRow = typeof bombEvents.$inferSelect;
/** A stored outbox row. */
export type OutboxRow = typeof outbox.$inferSelect;
