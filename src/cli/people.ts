/** How the CLI names people: "Nacho Pérez (Jefe de tráfico nacional)", or just the name. */
import type { Org, PersonId } from "../core/org.ts";

/** The person's name, or their id when they are not in the org. */
export function nameOf(org: Org, id: PersonId): string {
  return org.people.get(id)?.name ?? id;
}

/** Name and title, for the person a line is about. */
export function nameAndTitle(org: Org, id: PersonId): string {
  const person = org.people.get(id);
  return person ? `${person.name} (${person.title})` : id;
}
