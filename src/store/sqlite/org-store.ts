/**
 * The org in force, as the store keeps it: a numbered revision holding the whole org and
 * everyone's Slack id as one JSON document, plus the `people` and `departments` tables the
 * queries join on. Every write here runs inside the caller's transaction.
 */
import { asc, desc, sql } from "drizzle-orm";
import type { Org, PersonId } from "../../core/org.ts";
import { addressRows, orgDocument, orgOfDocument } from "../org-document.ts";
import { addresses, departments, orgRevisions, people } from "../schema.ts";
import { type PlatformAddresses, refreshKind, type StoredOrg } from "../store.ts";
import type { Db } from "./database.ts";

const statements = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db) {
  return {
    revision: db
      .select({ revision: sql<number | null>`max(${orgRevisions.revision})` })
      .from(orgRevisions)
      .prepare(),
  };
}

/**
 * The revision in force, or 0 when no org was ever stored. One primary-key lookup: a running
 * server asks it every pass and before every delivery.
 */
export function currentOrgRevision(db: Db): number {
  let prepared = statements.get(db);
  if (prepared === undefined) {
    prepared = prepare(db);
    statements.set(db, prepared);
  }
  return prepared.revision.get()?.revision ?? 0;
}

/** The revision in force with its raw document, or null when no org was ever stored. */
export function latestOrgDocument(db: Db): { revision: number; document: unknown } | null {
  const row = db
    .select({ revision: orgRevisions.revision, document: orgRevisions.document })
    .from(orgRevisions)
    .orderBy(desc(orgRevisions.revision))
    .limit(1)
    .get();
  return row ?? null;
}

/** The org in force, decoded; null when none was ever stored. */
export function loadStoredOrg(db: Db): StoredOrg | null {
  const latest = latestOrgDocument(db);
  if (latest === null) return null;
  return { revision: latest.revision, org: orgOfDocument(latest.document).org };
}

/**
 * Puts an org in force as revision `revision`: its document, and the people and departments
 * tables rewritten from it. Call inside the transaction that reconciles the bombs with it.
 */
export function writeOrgRevision(
  db: Db,
  revision: number,
  org: Org,
  addresses: PlatformAddresses,
  meta: { appliedAt: number; via: string },
): void {
  db.insert(orgRevisions)
    .values({ revision, document: orgDocument(org, addresses.byPerson), ...meta })
    .run();
  db.delete(people).run();
  db.delete(departments).run();
  const personRows = [...org.people.values()].map((p) => ({
    id: p.id,
    email: p.email,
    name: p.name,
    title: p.title,
    reportsTo: p.reportsTo,
    updatedAt: meta.appliedAt,
  }));
  if (personRows.length > 0) db.insert(people).values(personRows).run();
  const departmentRows = [...org.departments.values()].map((d) => ({
    ...d,
    updatedAt: meta.appliedAt,
  }));
  if (departmentRows.length > 0) db.insert(departments).values(departmentRows).run();
  writeAddresses(db, addresses.platform, org, addresses.byPerson, meta.appliedAt);
}

/**
 * Everyone's address on `platform`: the looked-up one, else the one the org file gives. A kept
 * address keeps its private conversation; a changed one loses it (it was with someone else).
 */
function writeAddresses(
  db: Db,
  platform: string,
  org: Org,
  found: ReadonlyMap<PersonId, string>,
  now: number,
): void {
  const rows = addressRows(org, found, platform);
  const keep = new Set(rows.map((r) => r.person));
  const stored = db
    .select({ person: addresses.person })
    .from(addresses)
    .where(sql`${addresses.platform} = ${platform}`)
    .all();
  const gone = db.$client.prepare("DELETE FROM addresses WHERE person = ? AND platform = ?");
  for (const { person } of stored) if (!keep.has(person)) gone.run(person, platform);
  const upsert = db.$client.prepare(
    `INSERT INTO addresses (person, platform, address, conversation, updated_at)
     VALUES (@person, @platform, @address, NULL, @now)
     ON CONFLICT (person, platform) DO UPDATE SET
       conversation = CASE WHEN addresses.address = excluded.address
                           THEN addresses.conversation END,
       address = excluded.address,
       updated_at = excluded.updated_at`,
  );
  for (const r of rows) upsert.run({ ...r, platform, now });
}

/** Everyone's stored address on `platform`, by person. */
export function storedAddresses(db: Db, platform: string): Map<PersonId, string> {
  const rows = db
    .select({ person: addresses.person, address: addresses.address })
    .from(addresses)
    .where(sql`${addresses.platform} = ${platform}`)
    .orderBy(asc(addresses.person))
    .all();
  return new Map(rows.map((r) => [r.person, r.address]));
}

/**
 * Takes back the messages still waiting for people who left: they would only fail, and alert
 * the loyalty managers about someone they removed themselves. Each is marked failed with `why`
 * and, when it is about a bomb, written on that bomb's timeline.
 */
export function withdrawMessagesTo(
  db: Db,
  recipients: readonly PersonId[],
  now: number,
  why: (person: PersonId) => string,
): number {
  // Set-based: a person who left may have thousands of messages waiting after a long outage.
  const waiting = `FROM outbox WHERE status = 'pending' AND kind != '${refreshKind}'
    AND recipient = @person`;
  const note = db.$client.prepare(
    `INSERT INTO bomb_events (bomb_id, version, at, recorded_at, actor, via, kind, data)
     SELECT bomb_id, version, @now, @now, NULL, 'system', 'delivery_failed',
       json_object('to', recipient, 'kind', kind, 'error', @error)
     ${waiting} AND bomb_id IS NOT NULL ORDER BY id`,
  );
  const fail = db.$client.prepare(
    `UPDATE outbox SET status = 'failed', last_error = @error, in_flight_since = NULL WHERE id IN (SELECT id ${waiting})`,
  );
  let withdrawn = 0;
  for (const person of recipients) {
    const error = why(person);
    note.run({ person, now, error });
    withdrawn += fail.run({ person, error }).changes;
  }
  return withdrawn;
}

/** The people as last stored (before a change is written): whom they reported to, their names. */
export function storedPeople(db: Db): Map<PersonId, { reportsTo: PersonId | null; name: string }> {
  const rows = db
    .select({ id: people.id, reportsTo: people.reportsTo, name: people.name })
    .from(people)
    .orderBy(asc(people.id))
    .all();
  return new Map(rows.map((r) => [r.id, { reportsTo: r.reportsTo, name: r.name }]));
}
