/**
 * Who is who on one chat platform: the org's people and their addresses there, both ways, and
 * the "platform:address" ids of the people outside the org (a visitor, a member who reports).
 */
import { externalPerson, isExternalPerson, type PersonId } from "../core/org.ts";

/** Maps people to their addresses on one platform and back. */
export interface Directory {
  /** The platform whose addresses these are ("slack", "teams", "memory"). */
  readonly platform: string;
  /**
   * Where to reach a person on this platform: an org person's stored address (org file or
   * directory lookup), the address inside an external id of this platform, else null.
   */
  addressOf(person: PersonId): string | null;
  /** The org person at an address; null for someone outside the org file. */
  personOf(address: string): PersonId | null;
  /** The person at an address: the org person, else the external "platform:address" id. */
  personAt(address: string): PersonId;
}

/** A directory over a fixed list of (person, address) pairs on `platform`. */
export function directoryOf(
  platform: string,
  pairs: Iterable<readonly [PersonId, string]>,
): Directory {
  const byAddress = new Map<string, PersonId>();
  const byPerson = new Map<PersonId, string>();
  for (const [person, address] of pairs) {
    byPerson.set(person, address);
    byAddress.set(address, person);
  }
  const prefix = `${platform}:`;
  const personOf = (address: string) => byAddress.get(address) ?? null;
  return {
    platform,
    addressOf: (person) => {
      const known = byPerson.get(person);
      if (known !== undefined) return known;
      // Someone outside the org is reachable only on the platform their id names.
      return isExternalPerson(person) && person.startsWith(prefix)
        ? person.slice(prefix.length)
        : null;
    },
    personOf,
    personAt: (address) => personOf(address) ?? externalPerson(platform, address),
  };
}
