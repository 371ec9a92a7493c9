/**
 * What the reliability suites check after every fault: the store's own invariants (extending
 * `storeProblems`), and an audit of what reached Slack against what the outbox says was sent.
 * Plain functions over a database handle and the stand-in's call log; no vitest here.
 */
import type { Db } from "../../src/store/sqlite/database.ts";
import { storeProblems } from "../fixtures/bomb-db.ts";
import type { RecordedCall } from "../support/slack-stand-in.ts";

/** Kind of the outbox rows that re-render a bomb's earlier messages (chat.update, no post). */
const refresh = "refresh";
/** Outbox kinds that post no message: refreshes edit in place, the report's files are uploads. */
const notPosts = `'${refresh}', 'report_files'`;

/**
 * Every way the store disagrees with itself, `storeProblems` plus: a transition written twice, a
 * message that belongs to no recorded transition, a bomb without the refresh row of its current
 * version, a row given up without its timeline entry, a row recorded as landed twice, a row
 * sent or given up that is still marked in flight.
 */
export function ledgerProblems(db: Db): string[] {
  const client = db.$client;
  // The daily digest and the quarterly report queue rows about no bomb (`bomb_id` null), which
  // `storeProblems` takes for orphans: its check is made again here without them.
  const problems = storeProblems(db).filter((p) => !p.startsWith("outbox rows without their bomb"));
  const orphans = client
    .prepare(
      `SELECT o.dedupe_key FROM outbox o LEFT JOIN bombs b ON b.id = o.bomb_id
       WHERE o.bomb_id IS NOT NULL AND (b.id IS NULL OR o.version > b.version)`,
    )
    .all();
  if (orphans.length > 0)
    problems.push(`outbox rows without their bomb: ${JSON.stringify(orphans)}`);

  const doubled = client
    .prepare(
      `SELECT bomb_id, version, kind, count(*) AS n FROM bomb_events
       WHERE kind NOT IN ('delivery_failed', 'message_dropped')
       GROUP BY bomb_id, version, kind HAVING n > 1`,
    )
    .all() as { bomb_id: number; version: number; kind: string; n: number }[];
  for (const d of doubled) {
    problems.push(`bomb ${d.bomb_id}: ${d.n} "${d.kind}" events at version ${d.version}`);
  }

  const strays = client
    .prepare(
      `SELECT o.dedupe_key FROM outbox o WHERE o.kind != '${refresh}' AND o.bomb_id IS NOT NULL
       AND NOT EXISTS (
         SELECT 1 FROM bomb_events e WHERE e.bomb_id = o.bomb_id AND e.version = o.version)`,
    )
    .all() as { dedupe_key: string }[];
  for (const s of strays) problems.push(`outbox ${s.dedupe_key}: no transition at its version`);

  const unrefreshed = client
    .prepare(
      `SELECT b.id, b.version FROM bombs b WHERE NOT EXISTS (
         SELECT 1 FROM outbox o WHERE o.dedupe_key = b.id || ':' || b.version || ':${refresh}')`,
    )
    .all() as { id: number; version: number }[];
  for (const b of unrefreshed)
    problems.push(`bomb ${b.id}: no refresh row for version ${b.version}`);

  const badStatus = client
    .prepare(
      `SELECT dedupe_key, status FROM outbox
       WHERE status NOT IN ('pending', 'sent', 'failed', 'dropped')
         OR (status = 'sent' AND sent_at IS NULL)`,
    )
    .all() as { dedupe_key: string; status: string }[];
  for (const r of badStatus) problems.push(`outbox ${r.dedupe_key}: status ${r.status}`);

  const silentFailures = client
    .prepare(
      `SELECT o.dedupe_key FROM outbox o WHERE o.status = 'failed' AND o.kind != '${refresh}'
       AND o.bomb_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM bomb_events e WHERE e.bomb_id = o.bomb_id
         AND e.kind = 'delivery_failed' AND json_extract(e.data, '$.to') = o.recipient
         AND json_extract(e.data, '$.kind') = o.kind)`,
    )
    .all() as { dedupe_key: string }[];
  for (const r of silentFailures) {
    problems.push(`outbox ${r.dedupe_key}: given up without a timeline entry`);
  }

  const silentDrops = client
    .prepare(
      `SELECT o.dedupe_key FROM outbox o WHERE o.status = 'dropped' AND NOT EXISTS (
         SELECT 1 FROM bomb_events e WHERE e.bomb_id = o.bomb_id AND e.kind = 'message_dropped'
         AND json_extract(e.data, '$.to') = o.recipient AND json_extract(e.data, '$.kind') = o.kind
         AND json_extract(e.data, '$.version') = o.version)`,
    )
    .all() as { dedupe_key: string }[];
  for (const r of silentDrops)
    problems.push(`outbox ${r.dedupe_key}: dropped without a timeline entry`);

  const stillInFlight = client
    .prepare(
      "SELECT dedupe_key, status FROM outbox WHERE status != 'pending' AND in_flight_since IS NOT NULL",
    )
    .all() as { dedupe_key: string; status: string }[];
  for (const r of stillInFlight)
    problems.push(`outbox ${r.dedupe_key}: ${r.status}, yet in flight`);

  const landedTwice = client
    .prepare("SELECT outbox_id, count(*) AS n FROM deliveries GROUP BY outbox_id HAVING n > 1")
    .all() as { outbox_id: number; n: number }[];
  for (const r of landedTwice) problems.push(`outbox #${r.outbox_id}: landed ${r.n} times`);
  return problems;
}

/** One message the outbox recorded as landed in Slack. */
interface LandedRow {
  outboxId: number;
  bombId: number | null;
  recipient: string;
  kind: string;
  channel: string;
  ts: string;
}

/** What Slack received compared with what the outbox wrote. */
export interface DeliveryAudit {
  /** Outbox rows that post a message (not refreshes, not file uploads), by status. */
  messages: { sent: number; pending: number; failed: number };
  /** Successful `chat.postMessage` calls the stand-in answered. */
  posts: number;
  /** Sent rows with no post behind them: recorded as delivered, never delivered. */
  phantom: string[];
  /** Posts no row records: sent to Slack, then the process died before marking the row. */
  unrecorded: RecordedCall[];
  /** Bombs whose messages reached Slack in another order than they were written. */
  outOfOrder: string[];
}

/** Compares the outbox and `deliveries` with the posts the stand-in answered. */
export function auditDelivery(db: Db, calls: readonly RecordedCall[]): DeliveryAudit {
  return auditDeliveryRows((sql) => db.$client.prepare(sql).all(), calls);
}

/**
 * `auditDelivery` over any database: `all` runs a read (SQL both SQLite and PostgreSQL take, count
 * columns as numbers) and returns its rows.
 */
export function auditDeliveryRows(
  all: (sql: string) => unknown[],
  calls: readonly RecordedCall[],
): DeliveryAudit {
  const client = { prepare: (sql: string) => ({ all: () => all(sql) }) };
  const byStatus = client
    .prepare(
      `SELECT status, count(*) AS n FROM outbox WHERE kind NOT IN (${notPosts}) GROUP BY status`,
    )
    .all() as { status: string; n: number }[];
  const count = (status: string) => byStatus.find((r) => r.status === status)?.n ?? 0;
  const landed = client
    .prepare(
      `SELECT m.outbox_id AS "outboxId", o.bomb_id AS "bombId", o.recipient, o.kind,
         m.conversation AS channel, m.message_ref AS ts
       FROM deliveries m JOIN outbox o ON o.id = m.outbox_id`,
    )
    .all() as LandedRow[];
  const posts = calls.filter((c) => c.method === "chat.postMessage" && c.response?.ok === true);
  const postIndex = new Map(posts.map((c, i) => [keyOf(c.response?.channel, c.response?.ts), i]));
  const recorded = new Set(landed.map((r) => keyOf(r.channel, r.ts)));

  const phantom = landed
    .filter((r) => !postIndex.has(keyOf(r.channel, r.ts)))
    .map((r) => `outbox #${r.outboxId} (${r.kind} → ${r.recipient})`);
  const unrecorded = posts.filter((c) => !recorded.has(keyOf(c.response?.channel, c.response?.ts)));
  const sentWithoutLanding = client
    .prepare(
      `SELECT id, kind, recipient FROM outbox o WHERE status = 'sent' AND kind NOT IN (${notPosts})
       AND NOT EXISTS (SELECT 1 FROM deliveries m WHERE m.outbox_id = o.id)`,
    )
    .all() as { id: number; kind: string; recipient: string }[];
  for (const r of sentWithoutLanding) phantom.push(`outbox #${r.id} (${r.kind} → ${r.recipient})`);

  // Slack's arrival order is the order of the stand-in's log; per bomb it must follow the ids.
  const outOfOrder: string[] = [];
  const perBomb = new Map<number, LandedRow[]>();
  for (const row of landed) {
    if (row.bombId === null) continue;
    perBomb.set(row.bombId, [...(perBomb.get(row.bombId) ?? []), row]);
  }
  for (const [bombId, rows] of perBomb) {
    const arrived = rows
      .filter((r) => postIndex.has(keyOf(r.channel, r.ts)))
      .sort(
        (a, b) =>
          (postIndex.get(keyOf(a.channel, a.ts)) ?? 0) -
          (postIndex.get(keyOf(b.channel, b.ts)) ?? 0),
      )
      .map((r) => r.outboxId);
    if (arrived.some((id, i) => i > 0 && id < (arrived[i - 1] ?? 0))) {
      outOfOrder.push(`bomb ${bombId}: outbox ids arrived as ${arrived.join(", ")}`);
    }
  }
  return {
    messages: { sent: count("sent"), pending: count("pending"), failed: count("failed") },
    posts: posts.length,
    phantom,
    unrecorded,
    outOfOrder,
  };
}

/**
 * What reached Slack more than once: posts carrying the same outbox tag, and the same files
 * shared into the same conversation twice. Also the posts that carry no tag at all.
 */
export function sentTwice(calls: readonly RecordedCall[]): {
  posts: string[];
  files: string[];
  untagged: number;
} {
  const byTag = new Map<string, number>();
  let untagged = 0;
  for (const call of calls) {
    if (call.method !== "chat.postMessage" || call.response?.ok !== true) continue;
    const metadata = call.args.metadata as { event_payload?: { outbox_id?: unknown } } | undefined;
    const id = metadata?.event_payload?.outbox_id;
    if (typeof id !== "number") {
      untagged += 1;
      continue;
    }
    byTag.set(`outbox #${id}`, (byTag.get(`outbox #${id}`) ?? 0) + 1);
  }
  const shares = new Map<string, number>();
  for (const call of calls) {
    if (call.method !== "files.completeUploadExternal" || call.response?.ok !== true) continue;
    const files = (call.response.files ?? []) as { name?: string }[];
    const key = `${String(call.args.channel_id)}: ${files.map((f) => f.name).join(", ")}`;
    shares.set(key, (shares.get(key) ?? 0) + 1);
  }
  const twice = (counts: Map<string, number>) =>
    [...counts].filter(([, n]) => n > 1).map(([what, n]) => `${what} × ${n}`);
  return { posts: twice(byTag), files: twice(shares), untagged };
}

function keyOf(channel: unknown, ts: unknown): string {
  return `${String(channel)}/${String(ts)}`;
}

/** A small seeded generator (mulberry32), so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The seed of this run: `RELIABILITY_SEED` to replay one, else a fresh one. */
export function runSeed(): number {
  const given = Number(process.env.RELIABILITY_SEED);
  return Number.isSafeInteger(given) && given > 0 ? given : Date.now() % 2_147_483_647;
}

/** A count from the environment (to run a suite longer locally), else the default. */
export function envCount(name: string, fallback: number): number {
  const given = Number(process.env[name]);
  return Number.isSafeInteger(given) && given > 0 ? given : fallback;
}

/** Prints the suite's one summary line, which the README's table is made from. */
export function summary(suite: string, text: string): string {
  const line = `RELIABILITY ${suite}: ${text}`;
  console.log(line);
  return line;
}
