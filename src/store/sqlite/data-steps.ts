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

const steps: readonly DataStep[] = [addressesAndDeliveries];

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
