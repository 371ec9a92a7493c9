/**
 * One-time data steps run right after the SQL migrations: moves of data the SQL alone cannot
 * make (or that a regenerated migration would lose). Each is named by a row in `meta`, written in
 * the same transaction as its work, so it runs once per database, whatever crashes or processes
 * race: the check is made again under the write lock.
 */
import type Sqlite from "better-sqlite3";

interface DataStep {
  /** Its row in `meta`. */
  key: string;
  run(client: Sqlite.Database): void;
}

/**
 * Issue 11: people are people, addresses are per platform. Release 0.1.0 kept each person's Slack
 * id in `people.slack_id` and where each message landed in `slack_messages`; both move to the
 * neutral tables, the legacy ones are emptied (kept for a release, then dropped).
 */
const addressesAndDeliveries: DataStep = {
  key: "data:0004_addresses_deliveries",
  run(client) {
    client.exec(`
      INSERT OR IGNORE INTO addresses (person, platform, address, conversation, updated_at)
        SELECT id, 'slack', slack_id, NULL, updated_at FROM people
        WHERE slack_id IS NOT NULL AND slack_id != '';
      UPDATE people SET slack_id = NULL WHERE slack_id IS NOT NULL;
      INSERT INTO deliveries
        (bomb_id, outbox_id, recipient, platform, conversation, message_ref, part, kind, created_at)
        SELECT m.bomb_id, m.outbox_id, m.recipient, 'slack', m.channel, m.ts,
          CASE WHEN json_valid(o.params) AND json_type(o.params, '$.part') = 'integer'
                 AND json_extract(o.params, '$.part') > 0
               THEN json_extract(o.params, '$.part') ELSE 1 END,
          m.kind, m.created_at
        FROM slack_messages m LEFT JOIN outbox o ON o.id = m.outbox_id
        ORDER BY m.id;
      DELETE FROM slack_messages;
    `);
  },
};

/** Where a bomb, an event or a message names a person (bomb.ts, effects.ts and the events' data). */
const personKeys = new Set([
  "reporter",
  "involved",
  "holder",
  "passedThrough",
  "owner",
  "visitBy",
  "overdueReached",
  "by",
  "visitedBy",
  "from",
  "to",
  "reached",
]);

/** A platform user id as release 0.1.0 stored it for someone outside the org file. */
const rawPlatformUser = /^[UW][A-Z0-9]{2,}$/;

/** The kinds of the jobs' rows, and the channel key each sent "#name" or channel id becomes. */
const channelKeyOfKind: Readonly<Record<string, string>> = {
  digest: "channel:digest",
  report: "channel:report",
  report_files: "channel:report",
};

/** A recipient the org file wrote as a channel: "#name", or a channel id. */
const rawChannel = /^#|^[CG][A-Z0-9]{2,}$/;

/**
 * Issue 11: the core names people, never platform users. Release 0.1.0 kept the raw Slack id of
 * anyone outside the org file (a workspace member who reported, a visitor picked in a people
 * picker), and jobs' rows went to "#name". Each raw id becomes the org person whose Slack address
 * it is now (they may have joined since), else "slack:U…"; each channel recipient becomes the key
 * of its row's kind ("channel:digest", "channel:report"), which the adapter resolves through the
 * org file at delivery. Only person-valued fields are touched: free text (a customer called "UPS")
 * stays as written.
 */
const personKeysStep: DataStep = {
  key: "data:0005_person_keys",
  run(client) {
    const byAddress = new Map(
      (
        client.prepare("SELECT person, address FROM addresses WHERE platform = 'slack'").all() as {
          person: string;
          address: string;
        }[]
      ).map((r) => [r.address, r.person]),
    );
    const person = (id: string) =>
      rawPlatformUser.test(id) ? (byAddress.get(id) ?? `slack:${id}`) : id;
    const column = (value: string | null) => (value === null ? null : person(value));
    const rewrite = (value: unknown, named: boolean): unknown => {
      if (typeof value === "string") return named ? person(value) : value;
      if (Array.isArray(value)) return value.map((v) => rewrite(v, named));
      if (value !== null && typeof value === "object") {
        return Object.fromEntries(
          Object.entries(value).map(([k, v]) => [k, rewrite(v, personKeys.has(k))]),
        );
      }
      return value;
    };
    // Text that is not JSON is left as it is: nothing of ours can be named in it.
    const json = (text: string) => {
      try {
        const next = JSON.stringify(rewrite(JSON.parse(text), false));
        return next === JSON.stringify(JSON.parse(text)) ? text : next;
      } catch {
        return text;
      }
    };
    const recipient = (kind: string, to: string) => {
      const channel = channelKeyOfKind[kind];
      return channel !== undefined && rawChannel.test(to) ? channel : person(to);
    };

    const bombs = client.prepare("SELECT id, holder, data FROM bombs").all() as {
      id: number;
      holder: string | null;
      data: string;
    }[];
    const setBomb = client.prepare("UPDATE bombs SET holder = ?, data = ? WHERE id = ?");
    for (const b of bombs) {
      const holder = column(b.holder);
      const data = json(b.data);
      if (holder !== b.holder || data !== b.data) setBomb.run(holder, data, b.id);
    }

    const events = client.prepare("SELECT id, actor, holder, data FROM bomb_events").all() as {
      id: number;
      actor: string | null;
      holder: string | null;
      data: string;
    }[];
    const setEvent = client.prepare(
      "UPDATE bomb_events SET actor = ?, holder = ?, data = ? WHERE id = ?",
    );
    for (const e of events) {
      const next = [column(e.actor), column(e.holder), json(e.data)] as const;
      if (next[0] !== e.actor || next[1] !== e.holder || next[2] !== e.data) {
        setEvent.run(...next, e.id);
      }
    }

    const rows = client.prepare("SELECT id, kind, recipient, params FROM outbox").all() as {
      id: number;
      kind: string;
      recipient: string;
      params: string;
    }[];
    const setRow = client.prepare("UPDATE outbox SET recipient = ?, params = ? WHERE id = ?");
    const kindOf = new Map<number, string>();
    for (const r of rows) {
      kindOf.set(r.id, r.kind);
      const to = recipient(r.kind, r.recipient);
      const params = json(r.params);
      if (to !== r.recipient || params !== r.params) setRow.run(to, params, r.id);
    }

    const landed = client
      .prepare("SELECT id, outbox_id, kind, recipient FROM deliveries")
      .all() as { id: number; outbox_id: number | null; kind: string; recipient: string }[];
    const setLanded = client.prepare("UPDATE deliveries SET recipient = ? WHERE id = ?");
    for (const d of landed) {
      const kind = (d.outbox_id === null ? undefined : kindOf.get(d.outbox_id)) ?? d.kind;
      const to = recipient(kind, d.recipient);
      if (to !== d.recipient) setLanded.run(to, d.id);
    }
  },
};

const steps: readonly DataStep[] = [addressesAndDeliveries, personKeysStep];

/** True when a data step has not run on this database yet (it has been migrated first). */
export function dataStepsPending(client: Sqlite.Database): boolean {
  const table = client
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
    .get();
  if (table === undefined) return true;
  const done = client.prepare("SELECT 1 FROM meta WHERE key = ?");
  return steps.some((step) => done.get(step.key) === undefined);
}

/** Runs every data step not yet done, each in one IMMEDIATE transaction with its `meta` row. */
export function runDataSteps(client: Sqlite.Database): void {
  const done = client.prepare("SELECT 1 FROM meta WHERE key = ?");
  const mark = client.prepare("INSERT INTO meta (key, value) VALUES (?, 'done')");
  for (const step of steps) {
    if (done.get(step.key) !== undefined) continue;
    client
      .transaction(() => {
        // Another process may have done it while this one waited for the lock.
        if (done.get(step.key) !== undefined) return;
        step.run(client);
        mark.run(step.key);
      })
      .immediate();
  }
}
