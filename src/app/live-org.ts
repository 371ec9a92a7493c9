/**
 * The org of a long-running process, kept equal to the one in force in the store: when another
 * process (`bomba org import`, a `bomba tick`) puts a new org in force, the next look at it here
 * reloads the org, its calendar and the directory, without a restart.
 */
import { calendarFor } from "../org/org-calendar.ts";
import { type Directory, directoryOf } from "./directory.ts";
import type { Services } from "./services.ts";

/** An org that follows the store. */
export interface LiveOrg {
  /** The services; their `org` and `calendar` are replaced in place on a reload. */
  readonly svc: Services;
  /** Who is who on the chat platform, as of the last `refresh`. */
  directory(): Directory;
  /** Reloads if the org in force changed since the last look; the new revision, or null. */
  refresh(): Promise<number | null>;
}

/**
 * Follows the store from `revision`, the one `svc` and `directory` were built from. A stored
 * revision that cannot be read is reported once through `onError` and the current org kept.
 */
export function followStoredOrg(
  svc: Services,
  revision: number,
  directory: Directory,
  onError: (revision: number, error: unknown) => void,
): LiveOrg {
  let seen = revision;
  let current = directory;
  const refresh = async (): Promise<number | null> => {
    // One primary-key read: cheap enough to ask before every request, delivery and pass.
    const latest = await svc.store.orgRevision();
    if (latest === seen) return null;
    try {
      const stored = await svc.store.storedOrg();
      if (stored === null) return null;
      // Written with the revision, in its transaction: the addresses it was stored with.
      // The platform the directory was made for: Slack's or Teams' addresses.
      const platform = current.platform;
      const addresses = await svc.store.addressesOn(platform);
      const calendar = calendarFor(stored.org);
      svc.org = stored.org;
      svc.calendar = calendar;
      current = directoryOf(platform, addresses);
      seen = stored.revision;
      return stored.revision;
    } catch (error) {
      // Said once: the next look finds the same revision and keeps the org it has.
      seen = latest;
      onError(latest, error);
      return null;
    }
  };
  return {
    svc,
    directory() {
      return current;
    },
    refresh,
  };
}
