/**
 * Bringing an org file into a process: look everyone up in Slack (network, outside any
 * transaction), then put it in force through `changeOrg` and build the services over it.
 * Shared by `serve`, `tick` and `org import`.
 */

import type { Org } from "../core/org.ts";
import { calendarFor } from "../org/org-calendar.ts";
import type { Store } from "../store/store.ts";
import { type Directory, directoryOf } from "./directory.ts";
import { changeOrg, type OrgChange, type OrgVia } from "./org-change.ts";
import { chatPlatform, type LookupByEmail, resolveSlackIds, type Unresolved } from "./org-sync.ts";
import type { Services } from "./services.ts";

/** A loaded org: the services over it, its directory, whom Slack did not know, what changed. */
export interface Booted {
  stored: true;
  svc: Services;
  directory: Directory;
  unresolved: Unresolved[];
  /** Open bombs whose holder or owner left the org and went to someone else. */
  moved: number;
  /** The whole change (revision, transitions), or what was already in force. */
  change: OrgChange;
}

/** Options of `bootOrg`. */
export interface BootOptions {
  /** Which command is loading it; recorded with the revision. */
  via: OrgVia;
  /** Anyone Slack does not know stops it before anything is stored (`org import`). */
  allOrNothing?: boolean;
  /** Whose addresses: the chat port's platform (Slack when absent). */
  platform?: string;
}

/**
 * Everyone's Slack id: from the file, as stored before, else looked up (with `lookup` null, not
 * looked up). Network I/O: call it before, never inside, the transaction that stores the org.
 */
export async function resolveOrgIds(
  store: Store,
  org: Org,
  lookup: LookupByEmail | null,
  platform: string = chatPlatform,
) {
  return resolveSlackIds(
    org,
    await store.addressesOn(platform),
    lookup ?? (async () => null),
    platform,
  );
}

/**
 * Resolves `org`'s Slack ids (with `lookup` null: the file's and the stored ones only), puts it in
 * force and returns the services.
 */
export async function bootOrg(
  store: Store,
  org: Org,
  lookup: LookupByEmail | null,
  now: number,
  options: BootOptions = { via: "serve" },
): Promise<Booted | { stored: false; unresolved: Unresolved[] }> {
  const platform = options.platform ?? chatPlatform;
  const { ids, unresolved } = await resolveOrgIds(store, org, lookup, platform);
  if (options.allOrNothing === true && unresolved.length > 0) return { stored: false, unresolved };
  const change = await changeOrg(store, org, ids, now, options.via, platform);
  return {
    stored: true,
    svc: { store, org, calendar: calendarFor(org) },
    directory: directoryOf(platform, ids),
    unresolved,
    moved: change.moved,
    change,
  };
}
