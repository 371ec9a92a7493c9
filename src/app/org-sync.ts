/**
 * Puts a loaded org into the database with everyone's Slack id, and builds the directory from
 * it. Looking people up in Slack is the caller's edge (`lookup`); this module only decides.
 */
import { asc } from "drizzle-orm";
import type { Org, PersonId } from "../core/org.ts";
import type { Db } from "../store/database.ts";
import { departments, people } from "../store/schema.ts";
import { type Directory, directoryOf } from "./directory.ts";

/** Finds the Slack user of an e-mail: the id, null when Slack has no such user, or throws on failure. */
export type LookupByEmail = (email: string) => Promise<string | null>;

/** Whom Slack could not find. */
export interface Unresolved {
  person: PersonId;
  email: string;
  /** The person's index in the file's `people` list, to point at its line. */
  index: number;
}

/** Slack ids for everyone: from the file, from what was stored before, else looked up by e-mail. */
export async function resolveSlackIds(
  org: Org,
  known: ReadonlyMap<PersonId, string>,
  lookup: LookupByEmail,
): Promise<{ ids: Map<PersonId, string>; unresolved: Unresolved[] }> {
  const ids = new Map<PersonId, string>();
  const unresolved: Unresolved[] = [];
  let index = 0;
  for (const person of org.people.values()) {
    const stored = person.slackId ?? known.get(person.id) ?? null;
    const found = stored ?? (person.email === null ? null : await lookup(person.email));
    if (found !== null) ids.set(person.id, found);
    else if (person.email !== null)
      unresolved.push({ person: person.id, email: person.email, index });
    index += 1;
  }
  return { ids, unresolved };
}

/** The Slack ids stored by the last import. */
export function storedSlackIds(db: Db): Map<PersonId, string> {
  const rows = db.select({ id: people.id, slackId: people.slackId }).from(people).all();
  return new Map(rows.flatMap((r) => (r.slackId ? [[r.id, r.slackId] as const] : [])));
}

/** The people as last stored: who reported to whom, and their names. */
export function storedPeople(db: Db): Map<PersonId, { reportsTo: PersonId | null; name: string }> {
  const rows = db
    .select({ id: people.id, reportsTo: people.reportsTo, name: people.name })
    .from(people)
    .all();
  return new Map(rows.map((r) => [r.id, { reportsTo: r.reportsTo, name: r.name }]));
}

/** Replaces the stored people and departments with the org's, in one transaction. */
export function storeOrg(db: Db, org: Org, ids: ReadonlyMap<PersonId, string>, now: number): void {
  db.$client
    .transaction(() => {
      db.delete(people).run();
      db.delete(departments).run();
      const personRows = [...org.people.values()].map((p) => ({
        id: p.id,
        email: p.email,
        slackId: ids.get(p.id) ?? p.slackId,
        name: p.name,
        title: p.title,
        reportsTo: p.reportsTo,
        updatedAt: now,
      }));
      if (personRows.length > 0) db.insert(people).values(personRows).run();
      const departmentRows = [...org.departments.values()].map((d) => ({ ...d, updatedAt: now }));
      if (departmentRows.length > 0) db.insert(departments).values(departmentRows).run();
    })
    .immediate();
}

/** The directory of the stored people. */
export function loadDirectory(db: Db): Directory {
  const rows = db
    .select({ id: people.id, slackId: people.slackId })
    .from(people)
    .orderBy(asc(people.id))
    .all();
  return directoryOf(rows.flatMap((r) => (r.slackId ? [[r.id, r.slackId] as const] : [])));
}
