/**
 * Reopen: a loyalty manager finds the customer not satisfied with a resolved bomb; it goes back
 * to its owner with a new committed date, severity, visit and plan kept.
 */
import type { Bomb, BombIn, Severity } from "../bomb.ts";
import { checkDueDate, required } from "../checks.ts";
import { actorOf, type Context } from "../context.ts";
import { type Done, done, event, message } from "../effects.ts";
import { type Rejection, reject } from "../errors.ts";
import { isActorLoyaltyManager } from "../roles.ts";
import { commit } from "./accept.ts";

/** Reopens a resolved bomb: the new committed date and why. */
export interface Reopen {
  type: "reopen";
  dueDate: string;
  note: string;
}

/**
 * The severity a bomb is reopened with: its commitment's; minor when it was solved without one.
 * The reopen form's latest allowed date follows it.
 */
export function reopenSeverity(bomb: Bomb): Severity {
  return "commitment" in bomb && bomb.commitment ? bomb.commitment.severity : "minor";
}

/** Gives a resolved bomb back to its owner, accepted again with a new date. */
export function reopen(bomb: BombIn<"resolved">, command: Reopen, ctx: Context): Done | Rejection {
  if (!isActorLoyaltyManager(ctx)) return reject("only_loyalty_managers");
  const note = required(command.note, "note");
  if (typeof note !== "string") return note;
  // Solved without a commitment: the reopened one is the resolver's, minor, visit as recorded.
  const previous = bomb.commitment ?? {
    severity: reopenSeverity(bomb),
    owner: bomb.resolution.by,
    visitBy: bomb.resolution.visitedBy,
    visitOn: bomb.resolution.visitedOn,
    plan: note,
  };
  const { severity, visitBy, visitOn, plan } = previous;
  // Someone who has left the org cannot own it again: the loyalty manager who reopens it does,
  // until they reassign it.
  const owner = ctx.org.people.has(previous.owner) ? previous.owner : actorOf(ctx);
  const badDue = checkDueDate(command.dueDate, severity, ctx);
  if (badDue) return badDue;
  const { resolution: _previous, ...rest } = bomb;
  const reopened: BombIn<"accepted"> = {
    ...rest,
    version: bomb.version + 1,
    state: "accepted",
    commitment: commit(severity, command.dueDate, owner, ctx, { visitBy, visitOn, plan }),
  };
  const params = { dueDate: command.dueDate, note };
  return done(
    reopened,
    [event(ctx, "reopened", params)],
    [message(ctx, reopened, owner, "bomb_reopened", params)],
  );
}
