/**
 * Reassign: a bomb moves to someone else. The system does it when someone leaves the org
 * (`actor` null); a loyalty manager may too.
 */
import { type Bomb, type BombIn, type Commitment, currentHolder } from "../bomb.ts";
import type { Context } from "../context.ts";
import { type Done, done, event, message } from "../effects.ts";
import { type Rejection, reject } from "../errors.ts";
import { isLoyaltyManager, type PersonId, unique } from "../org.ts";

/** Reassigns a bomb to a person of the org, with the reason. */
export interface Reassign {
  type: "reassign";
  to: PersonId;
  reason: string;
}

/**
 * Moves a bomb to someone else: the holder of a pending bomb, the owner of an accepted one (or
 * of a resolved one, who owns it again if it is reopened).
 */
export function reassign(
  bomb: BombIn<"pending" | "accepted"> | (BombIn<"resolved"> & { commitment: Commitment }),
  command: Reassign,
  ctx: Context,
): Done | Rejection {
  if (ctx.actor !== null && !isLoyaltyManager(ctx.org, ctx.actor)) {
    return reject("only_loyalty_managers");
  }
  if (!ctx.org.people.has(command.to)) {
    return reject("unknown_person", { person: command.to }, "target");
  }
  const stillHere = (p: PersonId) => ctx.org.people.has(p);
  const assignment = {
    ...bomb.assignment,
    passedThrough: bomb.assignment.passedThrough.filter(stillHere),
  };
  const common = { version: bomb.version + 1, involved: unique([...bomb.involved, command.to]) };
  const from = currentHolder(bomb) ?? "";
  const reassigned: Bomb =
    bomb.state === "pending"
      ? { ...bomb, ...common, assignment: { ...assignment, holder: command.to } }
      : {
          ...bomb,
          ...common,
          assignment,
          commitment: {
            ...bomb.commitment,
            owner: command.to,
            overdueReached: bomb.commitment.overdueReached.filter(stillHere),
          },
        };
  const params = { from, to: command.to, reason: command.reason };
  const told = unique([command.to, ...ctx.org.loyaltyManagers]);
  const messages = told.map((to) => message(ctx, reassigned, to, "bomb_reassigned", params));
  return done(reassigned, [event(ctx, "reassigned", params)], messages);
}
