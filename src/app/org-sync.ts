/**
 * Everyone's Slack id for an org, and the directory of the stored people. Looking people up in
 * Slack is the caller's edge (`lookup`); this module only decides whom to look up.
 */
import type { Org, PersonId } from "../core/org.ts";
import type { Store } from "../store/store.ts";
import { type Directory, directoryOf } from "./directory.ts";

/**
 * The chat platform whose addresses the org change looks up and the directory maps: Slack, the
 * one adapter there is; the chat port (issue 11) will say it (`ChatPort.platform`).
 */
export const chatPlatform = "slack";

/** Finds the platform's user of an e-mail: the id, null when Slack has no such user, or throws on failure. */
export type LookupByEmail = (email: string) => Promise<string | null>;

/** Whom Slack could not find. */
export interface Unresolved {
  person: PersonId;
  email: string;
  /** The person's index in the file's `people` list, to point at its line. */
  index: number;
}

/**
 * Addresses on `platform` (Slack ids by default) for everyone: from the file, from what was
 * stored before, else looked up by e-mail.
 */
export async function resolveSlackIds(
  org: Org,
  known: ReadonlyMap<PersonId, string>,
  lookup: LookupByEmail,
  platform: string = chatPlatform,
): Promise<{ ids: Map<PersonId, string>; unresolved: Unresolved[] }> {
  const ids = new Map<PersonId, string>();
  const unresolved: Unresolved[] = [];
  let index = 0;
  for (const person of org.people.values()) {
    const stored = person.addresses[platform] ?? known.get(person.id) ?? null;
    const found = stored ?? (person.email === null ? null : await lookup(person.email));
    if (found !== null) ids.set(person.id, found);
    else if (person.email !== null)
      unresolved.push({ person: person.id, email: person.email, index });
    index += 1;
  }
  return { ids, unresolved };
}

/** The directory of the stored people on `platform`. */
export async function loadDirectory(
  store: Store,
  platform: string = chatPlatform,
): Promise<Directory> {
  return directoryOf(platform, await store.addressesOn(platform));
}
