/**
 * Loading an org into a running store: resolve Slack ids, store people and departments, build
 * the services. Shared by `serve`, `tick` and `org import`.
 */

import type { Org } from "../core/org.ts";
import { calendarFor } from "../org/org-calendar.ts";
import type { Db } from "../store/database.ts";
import type { Directory } from "./directory.ts";
import {
  type LookupByEmail,
  loadDirectory,
  resolveSlackIds,
  storedPeople,
  storedSlackIds,
  storeOrg,
  type Unresolved,
} from "./org-sync.ts";
import { reconcileOpenBombs } from "./reconcile.ts";

/** A loaded org: the services over it, its directory, whom Slack did not know, bombs moved. */
export interface Booted {
  stored: true;
  svc: { db: Db; org: Org; calendar: ReturnType<typeof calendarFor> };
  directory: Directory;
  unresolved: Unresolved[];
  /** Open bombs whose holder or owner left the org and went to someone else. */
  moved: number;
}

/**
 * Resolves and stores `org` (with `lookup` null: stored ids only) and returns the services.
 * With `allOrNothing`, anyone Slack does not know stops it before anything is stored.
 */
export async function bootOrg(
  db: Db,
  org: Org,
  lookup: LookupByEmail | null,
  now: number,
  allOrNothing = false,
): Promise<Booted | { stored: false; unresolved: Unresolved[] }> {
  const known = storedSlackIds(db);
  const { ids, unresolved } = await resolveSlackIds(org, known, lookup ?? (async () => null));
  if (allOrNothing && unresolved.length > 0) return { stored: false, unresolved };
  const before = storedPeople(db);
  storeOrg(db, org, ids, now);
  const svc = { db, org, calendar: calendarFor(org) };
  const moved = reconcileOpenBombs(
    svc,
    (p) => before.get(p)?.reportsTo ?? null,
    (p) => before.get(p)?.name ?? p,
    now,
  );
  return { stored: true, svc, directory: loadDirectory(db), unresolved, moved };
}
