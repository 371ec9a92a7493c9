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
  storedSlackIds,
  storeOrg,
  type Unresolved,
} from "./org-sync.ts";
import type { Services } from "./services.ts";

/** A loaded org: the services over it, its directory, and whom Slack did not know. */
export interface Booted {
  svc: Services;
  directory: Directory;
  unresolved: Unresolved[];
}

/** Resolves and stores `org` (unless `lookup` is null: stored ids only) and returns the services. */
export async function bootOrg(
  db: Db,
  org: Org,
  lookup: LookupByEmail | null,
  now: number,
): Promise<Booted> {
  const known = storedSlackIds(db);
  const { ids, unresolved } = await resolveSlackIds(org, known, lookup ?? (async () => null));
  storeOrg(db, org, ids, now);
  return { svc: { db, org, calendar: calendarFor(org) }, directory: loadDirectory(db), unresolved };
}
