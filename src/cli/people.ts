/** How the CLI names people: "Nacho Pérez (Jefe de tráfico nacional)", or just the name. */
import { displayName, type Org, type PersonId } from "../core/org.ts";

/** The person's name, or how they are named outside the org (a visitor's address, an id). */
export function nameOf(org: Org, id: PersonId): string {
  return displayName(org, id);
}

/** Name and title, for the person a line is about. */
export function nameAndTitle(org: Org, id: PersonId): string {
  const person = org.people.get(id);
  return person ? `${person.name} (${person.title})` : id;
}
