/**
 * Who may do what: the people who may act on a bomb in each state, where it may be forwarded,
 * who takes over from someone who left, the commands each person may give and who may read it.
 * The commands enforce these rules; the chat surfaces ask them what to offer, so both agree.
 */
import { type Bomb, type Commitment, currentHolder, isOpen } from "./bomb.ts";
import type { Context } from "./context.ts";
import {
  chainAbove,
  isLoyaltyManager,
  type Org,
  type PersonId,
  subordinatesOf,
  unique,
} from "./org.ts";

/** The names of the commands a person may give a bomb (one file each under `commands/`). */
export type CommandType =
  | "activate"
  | "dismiss"
  | "forward"
  | "accept"
  | "resolve"
  | "verify"
  | "reopen"
  | "defuse"
  | "reassign";

/** People who may act as holder of a pending bomb: the holder, those it passed through, the CEO. */
export function holdersOf(bomb: Bomb, org: Org): PersonId[] {
  if (bomb.state !== "pending") return [];
  return unique([bomb.assignment.holder, ...bomb.assignment.passedThrough, org.ceo]);
}

/**
 * People who may resolve a bomb: while pending its holders; once accepted the owner, whoever
 * its overdue climb reached on the owner's current chain, its holders when it was accepted (while
 * the commitment stays with one of them: a reassignment elsewhere takes it from them), the CEO.
 */
export function resolversOf(bomb: Bomb, org: Org): PersonId[] {
  if (bomb.state === "pending") return holdersOf(bomb, org);
  if (bomb.state !== "accepted") return [];
  const { owner } = bomb.commitment;
  const { holder, passedThrough } = bomb.assignment;
  const atAcceptance = [holder, ...passedThrough, org.ceo];
  const holders = atAcceptance.includes(owner) ? atAcceptance : [];
  return unique([owner, ...overdueClimb(bomb.commitment, org).reached, ...holders, org.ceo]);
}

/**
 * Where an overdue commitment's climb stands on the owner's chain as it is now (after a
 * reassignment or an org change): those of the chain it reached, and the next rung, above the
 * highest one reached (null at the top). Rungs are people, never positions: a rung added below
 * one already reached is not climbed back down to, and someone no longer on the chain is no
 * rung. An owner outside the org has no chain: the climb goes up from whoever takes over from
 * them (the loyalty managers).
 */
export function overdueClimb(
  commitment: Pick<Commitment, "owner" | "overdueReached">,
  org: Org,
): { reached: PersonId[]; next: PersonId | null } {
  const { owner, overdueReached } = commitment;
  const start = org.people.has(owner) ? null : (org.loyaltyManagers[0] ?? org.ceo);
  const chain =
    start === null ? chainAbove(org, owner) : unique([start, ...chainAbove(org, start)]);
  let highest = -1;
  chain.forEach((person, i) => {
    if (overdueReached.includes(person)) highest = i;
  });
  const reached = chain.slice(0, highest + 1).filter((p) => overdueReached.includes(p));
  return { reached, next: chain[highest + 1] ?? null };
}

/**
 * Whom a pending bomb may be forwarded to: the holder's chain (superiors and subordinates)
 * and the other departments' links, never the holder.
 */
export function forwardTargets(bomb: Bomb, org: Org): PersonId[] {
  if (bomb.state !== "pending") return [];
  const holder = bomb.assignment.holder;
  const links = [...org.departments.values()].map((d) => d.link);
  return unique([...chainAbove(org, holder), ...subordinatesOf(org, holder), ...links]).filter(
    (p) => p !== holder,
  );
}

/**
 * Who should take over a bomb whose holder or owner is no longer in the org: their nearest
 * former superior still in it, else the first loyalty manager. Null when nothing must move.
 */
export function successorFor(
  bomb: Bomb,
  org: Org,
  formerSuperior: (person: PersonId) => PersonId | null,
): PersonId | null {
  const movable =
    bomb.state === "pending" ||
    bomb.state === "accepted" ||
    (bomb.state === "resolved" && bomb.commitment !== null);
  if (!movable) return null;
  const current = currentHolder(bomb);
  if (current === null || org.people.has(current)) return null;
  const seen = new Set<PersonId>();
  for (let p = formerSuperior(current); p !== null && !seen.has(p); p = formerSuperior(p)) {
    if (org.people.has(p)) return p;
    seen.add(p);
  }
  return org.loyaltyManagers[0] ?? org.ceo;
}

/**
 * The commands a person may give a bomb now: what buttons to show them, and what a click of
 * theirs may open. The same rules `decide` enforces.
 */
export function allowedCommands(bomb: Bomb, person: PersonId, org: Org): CommandType[] {
  const manager = isLoyaltyManager(org, person);
  const mayDefuse = isOpen(bomb) && (manager || person === org.ceo);
  const allowed: CommandType[] = [];
  switch (bomb.state) {
    case "triage":
      if (manager) allowed.push("activate", "dismiss");
      break;
    case "pending":
      if (holdersOf(bomb, org).includes(person)) allowed.push("accept", "forward", "resolve");
      break;
    case "accepted":
      if (resolversOf(bomb, org).includes(person)) allowed.push("resolve");
      break;
    case "resolved":
      if (manager) allowed.push("verify", "reopen");
      break;
    default:
      break;
  }
  if (mayDefuse) allowed.push("defuse");
  return allowed;
}

/** True when the one acting is a loyalty manager. */
export function isActorLoyaltyManager(ctx: Context): boolean {
  return ctx.actor !== null && isLoyaltyManager(ctx.org, ctx.actor);
}

/** True when the one acting may act as holder of this pending bomb. */
export function isActorHolder(bomb: Bomb, ctx: Context): boolean {
  return ctx.actor !== null && holdersOf(bomb, ctx.org).includes(ctx.actor);
}

function inCharge(org: Org, person: PersonId): boolean {
  if (isLoyaltyManager(org, person) || person === org.ceo) return true;
  return [...org.departments.values()].some((d) => d.director === person);
}

/** Who may read what: a bomb's customer data is for those involved and the people in charge. */
export const maySee = {
  /** Loyalty managers, the CEO and the directors may list every bomb. */
  everything: inCharge,
  /** Those in charge, and everyone involved in that bomb. */
  bomb: (org: Org, person: PersonId, bomb: Bomb): boolean =>
    inCharge(org, person) || bomb.involved.includes(person),
};
