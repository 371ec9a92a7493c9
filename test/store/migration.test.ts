/**
 * Databases written before issue 11 open with nothing lost: the SQL migrations add `addresses`,
 * `deliveries` and `meta`, and the one-time data step moves each person's Slack id and every
 * record of where a message landed into them. Two committed files: `release-0.1.0.db`, written
 * by release 0.1.0 (e00cb73: bombs 1..7 in every state, a raw Slack reporter and visitor, outbox
 * rows sent, pending and failed, digest and report jobs), and `main-2026-11-30.db`, written by
 * main just before the change (fc75615: the same kinds of rows plus an org revision and dropped
 * rows), both by throwaway scripts over the fixture org.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "../../src/store/sqlite/database.ts";
import { SqliteStore } from "../../src/store/sqlite/store.ts";
import { tempDir } from "../fixtures/bomb-db.ts";

const dir = tempDir("bomba-migration-");
afterAll(() => dir.remove());

const fixtures = [
  { name: "release 0.1.0", file: "release-0.1.0.db" },
  { name: "main before issue 11", file: "main-2026-11-30.db" },
] as const;

interface Before {
  bombs: { id: number; version: number; data: string }[];
  events: { id: number; bomb_id: number; kind: string; actor: string | null; data: string }[];
  outbox: {
    id: number;
    dedupe_key: string;
    recipient: string;
    kind: string;
    status: string;
    params: string;
  }[];
  landed: {
    outbox_id: number;
    bomb_id: number | null;
    recipient: string;
    channel: string;
    ts: string;
    kind: string;
  }[];
  slackIds: Map<string, string>;
}

/** What the file holds, read with plain SQL before anything of ours opens it. */
function readBefore(file: string): Before {
  const client = new Sqlite(file, { readonly: true });
  try {
    const all = <T>(sql: string) => client.prepare(sql).all() as T[];
    return {
      bombs: all("SELECT id, version, data FROM bombs ORDER BY id"),
      events: all("SELECT id, bomb_id, kind, actor, data FROM bomb_events ORDER BY id"),
      outbox: all("SELECT id, dedupe_key, recipient, kind, status, params FROM outbox ORDER BY id"),
      landed: all(
        "SELECT outbox_id, bomb_id, recipient, channel, ts, kind FROM slack_messages ORDER BY id",
      ),
      slackIds: new Map(
        all<{ id: string; slack_id: string }>(
          "SELECT id, slack_id FROM people WHERE slack_id IS NOT NULL",
        ).map((r) => [r.id, r.slack_id]),
      ),
    };
  } finally {
    client.close();
  }
}

/** The raw Slack ids of people outside the org file in the fixtures: a reporter and a visitor. */
const strangers = ["U0VISITOR", "U0STRANGER"];

/**
 * What data step 0005 makes of a text: each raw Slack id of a stranger (as a whole JSON string
 * or a whole column value) becomes "slack:U…"; `joined` names the ones that are now an org
 * person's address, who become that person.
 */
function personIds(text: string, joined: ReadonlyMap<string, string> = new Map()): string {
  let out = text;
  for (const id of strangers) {
    const to = joined.get(id) ?? `slack:${id}`;
    out = out === id ? to : out.replaceAll(`"${id}"`, `"${to}"`);
  }
  return out;
}

/** A job row's "#name" recipient as the channel key of its kind. */
function channelKey(kind: string, recipient: string): string {
  if (!recipient.startsWith("#")) return recipient;
  return kind === "digest" ? "channel:digest" : "channel:report";
}

/** The rows as data step 0005 leaves them. */
function afterPersonKeys(before: Before, joined: ReadonlyMap<string, string> = new Map()) {
  const id = (text: string | null) => (text === null ? null : personIds(text, joined));
  const kindOf = new Map(before.outbox.map((o) => [o.id, o.kind]));
  return {
    bombs: before.bombs.map((b) => ({ ...b, data: personIds(b.data, joined) })),
    events: before.events.map((e) => ({
      ...e,
      actor: id(e.actor),
      data: personIds(e.data, joined),
    })),
    outbox: before.outbox.map((o) => ({
      ...o,
      recipient: channelKey(o.kind, personIds(o.recipient, joined)),
      params: personIds(o.params, joined),
    })),
    landed: before.landed.map((l) => ({
      ...l,
      recipient: channelKey(kindOf.get(l.outbox_id) ?? l.kind, personIds(l.recipient, joined)),
    })),
  };
}

describe.each(fixtures)("a database written by $name", ({ file }) => {
  const copy = join(dir.path, file);
  copyFileSync(join(import.meta.dirname, "../fixtures", file), copy);
  const before = readBefore(copy);

  it("holds what the test checks (bombs, events, outbox rows, landings, Slack ids)", () => {
    expect(before.bombs.length).toBeGreaterThanOrEqual(7);
    expect(before.events.length).toBeGreaterThan(20);
    expect(new Set(before.outbox.map((r) => r.status))).toEqual(
      new Set(["sent", "pending", "failed", ...(file.startsWith("main") ? ["dropped"] : [])]),
    );
    expect(before.landed.length).toBeGreaterThan(4);
    expect(before.slackIds.size).toBeGreaterThan(5);
    // Raw Slack ids of strangers and "#name" recipients: what data step 0005 rewrites.
    const raw = JSON.stringify(before);
    for (const id of strangers) expect(raw).toContain(`"${id}"`);
    expect(before.outbox.some((o) => o.kind === "digest" && o.recipient.startsWith("#"))).toBe(
      true,
    );
  });

  it("opens migrated, and finds every bomb, event, outbox row and message reference", async () => {
    const db = openDatabase(copy);
    const store = new SqliteStore(db);
    try {
      const client = db.$client;
      // Nothing of the workflow changed but the names of strangers and channels.
      const after = afterPersonKeys(before);
      expect(client.prepare("SELECT id, version, data FROM bombs ORDER BY id").all()).toEqual(
        after.bombs,
      );
      expect(
        client.prepare("SELECT id, bomb_id, kind, actor, data FROM bomb_events ORDER BY id").all(),
      ).toEqual(after.events);
      expect(
        client
          .prepare("SELECT id, dedupe_key, recipient, kind, status, params FROM outbox ORDER BY id")
          .all(),
      ).toEqual(after.outbox);
      // No raw Slack user id or "#name" is left where a person or a channel key belongs.
      const raw = /^[UW][A-Z0-9]{2,}$|^#/;
      for (const column of [
        "SELECT holder AS v FROM bombs",
        "SELECT actor AS v FROM bomb_events",
        "SELECT holder AS v FROM bomb_events",
        "SELECT recipient AS v FROM outbox",
        "SELECT recipient AS v FROM deliveries",
      ]) {
        const values = (client.prepare(column).all() as { v: string | null }[]).map((r) => r.v);
        expect(
          values.filter((v) => v !== null && raw.test(v)),
          column,
        ).toEqual([]);
      }
      // Every bomb reads back through the store, with its whole timeline.
      for (const row of before.bombs) {
        const bomb = await store.loadBomb(row.id);
        expect(bomb?.version, `bomb ${row.id}`).toBe(row.version);
        const timeline = await store.loadTimeline(row.id);
        expect(timeline.map((e) => e.id)).toEqual(
          before.events.filter((e) => e.bomb_id === row.id).map((e) => e.id),
        );
      }
      // Every landing is a delivery now, on Slack, and the store finds it where it was.
      const deliveries = client
        .prepare(
          `SELECT outbox_id, bomb_id, recipient, conversation AS channel, message_ref AS ts, kind
           FROM deliveries WHERE platform = 'slack' ORDER BY id`,
        )
        .all();
      expect(deliveries).toEqual(after.landed);
      expect(client.prepare("SELECT count(*) AS n FROM slack_messages").get()).toEqual({ n: 0 });
      for (const bombId of new Set(before.landed.map((l) => l.bomb_id))) {
        if (bombId === null) continue;
        const landed = await store.landedMessages(bombId);
        expect(landed.map((l) => [l.conversation, l.ref])).toEqual(
          before.landed.filter((l) => l.bomb_id === bombId).map((l) => [l.channel, l.ts]),
        );
      }
      for (const l of before.landed) {
        const key = before.outbox.find((o) => o.id === l.outbox_id)?.dedupe_key ?? "";
        expect((await store.messageLanding(key))?.at).toMatchObject({
          conversation: l.channel,
          ref: l.ts,
        });
      }
      // Everyone's Slack id is their address on Slack; the legacy column is emptied.
      expect(await store.addressesOn("slack")).toEqual(before.slackIds);
      expect(
        client.prepare("SELECT count(*) AS n FROM people WHERE slack_id IS NOT NULL").get(),
      ).toEqual({ n: 0 });
      expect(client.prepare("SELECT key FROM meta ORDER BY key").all()).toEqual([
        { key: "data:0004_addresses_deliveries" },
        { key: "data:0005_person_keys" },
      ]);
    } finally {
      closeDatabase(db);
    }
  });

  it("runs the data step once: opening again moves nothing twice", () => {
    const db = openDatabase(copy);
    try {
      const n = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
      expect(n("SELECT count(*) AS n FROM deliveries")).toBe(before.landed.length);
      expect(n("SELECT count(*) AS n FROM addresses")).toBe(before.slackIds.size);
    } finally {
      closeDatabase(db);
    }
  });
});

describe("a raw Slack id that is now an org person's address", () => {
  it("becomes that person's key in bombs, events and outbox rows", async () => {
    const copy = join(dir.path, "joined.db");
    copyFileSync(join(import.meta.dirname, "../fixtures/main-2026-11-30.db"), copy);
    // The visitor joined the org file since: their Slack id is an org person's address now.
    const client = new Sqlite(copy);
    client
      .prepare(
        `INSERT INTO people (id, email, slack_id, name, title, reports_to, updated_at)
         VALUES ('vicente@example.com', 'vicente@example.com', 'U0VISITOR', 'Vicente Ruiz',
                 'Técnico', 'nacho@example.com', 0)`,
      )
      .run();
    client.close();
    const before = readBefore(copy);
    const joined = new Map([["U0VISITOR", "vicente@example.com"]]);
    const after = afterPersonKeys(before, joined);
    const db = openDatabase(copy);
    try {
      const all = (sql: string) => db.$client.prepare(sql).all();
      expect(all("SELECT id, version, data FROM bombs ORDER BY id")).toEqual(after.bombs);
      expect(all("SELECT id, bomb_id, kind, actor, data FROM bomb_events ORDER BY id")).toEqual(
        after.events,
      );
      expect(
        all("SELECT id, dedupe_key, recipient, kind, status, params FROM outbox ORDER BY id"),
      ).toEqual(after.outbox);
      const data = after.bombs.map((b) => b.data).join("\n");
      expect(data).toContain('"visitBy":"vicente@example.com"');
      expect(data).toContain('"reporter":"slack:U0STRANGER"');
      expect(after.outbox.find((o) => o.kind === "visit_assigned")?.recipient).toBe(
        "vicente@example.com",
      );
    } finally {
      closeDatabase(db);
    }
  });
});

describe("a read-only open of a database the data step has not reached", () => {
  it("moves the data in a copy in memory and leaves the file as it was", async () => {
    const copy = join(dir.path, "read-only.db");
    copyFileSync(join(import.meta.dirname, "../fixtures/main-2026-11-30.db"), copy);
    const before = readBefore(copy);
    const db = openDatabase(copy, { readOnly: true });
    try {
      expect(await new SqliteStore(db).addressesOn("slack")).toEqual(before.slackIds);
    } finally {
      closeDatabase(db);
    }
    expect(readBefore(copy)).toEqual(before);
  });
});
