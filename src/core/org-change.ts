/**
 * What a new org file does to the bombs: the org is the truth about people, so nobody outside it
 * stays a holder, an owner, a rung already reached or someone told about a bomb. Pure: the app
 * runs it over every open bomb in the transaction that puts the new org in force.
 */
import { type Bomb, currentHolder, isOpen } from "./bomb.ts";
import type { WorkCalendar } from "./calendar.ts";
import { event, type Transition } from "./effects.ts";
import { isExternalPerson, type Org, type PersonId } from "./org.ts";
import { successorFor } from "./roles.ts";
import { decide } from "./transitions.ts";

/** The org as it was before the change: who was in it, whom they reported to, their names. */
export interface FormerOrg {
  had(person: PersonId): boolean;
  superiorOf(person: PersonId): PersonId | null;
  nameOf(person: PersonId): string;
}

/** What reconciling needs: the new org, its calendar, the instant, and the sentence of why. */
export interface OrgChangeContext {
  org: Org;
  calendar: WorkCalendar;
  now: number;
  /** Why a bomb moved, in the org's words ("Nacho Pérez ya no está en el organigrama"). */
  leftOrg(name: string): string;
}

/**
 * True for someone a message may go to: a person of the org, or a platform user named by id (a
 * visitor picked in Slack, who was never in the org file). Anyone else has left, or never was.
 */
export function isReachable(org: Org, person: PersonId): boolean {
  return org.people.has(person) || isExternalPerson(person);
}

/** The transition without its messages to anyone `isReachable` refuses. */
export function onlyReachable<T extends Pick<Transition, "messages">>(transition: T, org: Org): T {
  const messages = transition.messages.filter((m) => isReachable(org, m.to));
  return messages.length === transition.messages.length ? transition : { ...transition, messages };
}

/**
 * One open bomb under a new org: its holder or owner, if they left, hands it to their nearest
 * former superior still in the org (or the loyalty managers), who are told why; and everyone who
 * left is taken off the people it climbed through, the rungs its overdue commitment reached and
 * the people told about it, so that closing, defusing or escalating it never writes to them.
 * Null when nothing about the bomb refers to someone who left.
 */
export function reconcileBomb(
  bomb: Bomb,
  ctx: OrgChangeContext,
  former: FormerOrg,
): Transition | null {
  if (!isOpen(bomb)) return null;
  // Someone the old file named only by Slack id left like anyone else; a visitor named by Slack
  // id, who was never in the file, stays.
  const stays = (p: PersonId) =>
    ctx.org.people.has(p) || (isReachable(ctx.org, p) && !former.had(p));
  const to = successorFor(bomb, ctx.org, former.superiorOf);
  let moved: Transition | null = null;
  if (to !== null) {
    const left = currentHolder(bomb) ?? "";
    const decision = decide(
      bomb,
      { type: "reassign", to, reason: ctx.leftOrg(former.nameOf(left)) },
      { org: ctx.org, calendar: ctx.calendar, now: ctx.now, actor: null },
    );
    if (decision.ok) moved = decision;
  }
  const base = moved?.bomb ?? bomb;
  const gone = [...peopleIn(base)].filter((p) => !stays(p));
  if (moved === null && gone.length === 0) return null;
  const pruned = withoutPeople(base, stays);
  const result: Bomb = moved === null ? { ...pruned, version: bomb.version + 1 } : pruned;
  const events = [...(moved?.events ?? [])];
  // A holder who left and was moved is named by the move; everyone else who left is named here.
  const named = moved === null ? gone : gone.filter((p) => p !== currentHolder(bomb));
  if (named.length > 0) {
    const clock = { now: ctx.now, actor: null };
    events.push(event(clock, "left_org", { people: named.map((p) => former.nameOf(p)) }));
  }
  return { bomb: result, events, messages: moved?.messages ?? [] };
}

/** Everyone a bomb names as told, climbed through or reached, holder and owner included. */
function peopleIn(bomb: Bomb): Set<PersonId> {
  const people = new Set<PersonId>(bomb.involved);
  if ("assignment" in bomb && bomb.assignment !== null) {
    for (const p of bomb.assignment.passedThrough) people.add(p);
  }
  if ("commitment" in bomb && bomb.commitment !== null) {
    for (const p of bomb.commitment.overdueReached) people.add(p);
  }
  return people;
}

function withoutPeople(bomb: Bomb, stays: (p: PersonId) => boolean): Bomb {
  const involved = bomb.involved.filter(stays);
  switch (bomb.state) {
    case "pending":
      return {
        ...bomb,
        involved,
        assignment: {
          ...bomb.assignment,
          passedThrough: bomb.assignment.passedThrough.filter(stays),
        },
      };
    case "accepted":
      return {
        ...bomb,
        involved,
        assignment: {
          ...bomb.assignment,
          passedThrough: bomb.assignment.passedThrough.filter(stays),
        },
        commitment: {
          ...bomb.commitment,
          overdueReached: bomb.commitment.overdueReached.filter(stays),
        },
      };
    case "resolved":
      return {
        ...bomb,
        involved,
        assignment: {
          ...bomb.assignment,
          passedThrough: bomb.assignment.passedThrough.filter(stays),
        },
        commitment:
          bomb.commitment === null
            ? null
            : {
                ...bomb.commitment,
                overdueReached: bomb.commitment.overdueReached.filter(stays),
              },
      };
    default:
      return { ...bomb, involved };
  }
}
