/** Who is who in Slack: the org's people and their Slack user ids, both ways. */
import type { PersonId } from "../core/org.ts";

/** Maps org people to Slack users and back. */
export interface Directory {
  /** The Slack user id of a person, once resolved (org file `slack:` or `users.lookupByEmail`). */
  slackIdOf(person: PersonId): string | null;
  /** The org person behind a Slack user id; null for someone outside the org file. */
  personOf(slackId: string): PersonId | null;
}

/** A directory over a fixed list of pairs. */
export function directoryOf(pairs: Iterable<readonly [PersonId, string]>): Directory {
  const bySlack = new Map<string, PersonId>();
  const byPerson = new Map<PersonId, string>();
  for (const [person, slackId] of pairs) {
    byPerson.set(person, slackId);
    bySlack.set(slackId, person);
  }
  return {
    slackIdOf: (person) => byPerson.get(person) ?? null,
    personOf: (slackId) => bySlack.get(slackId) ?? null,
  };
}
