/**
 * Resolve: the owner (or a holder, or whoever the overdue climb reached) says how the complaint
 * was solved and when and by whom the customer was visited. The loyalty managers then verify.
 */
import type { BombIn } from "../bomb.ts";
import { checkPerson, isIsoDate, required } from "../checks.ts";
import { actorOf, type Context, today } from "../context.ts";
import { type Done, done, event, message } from "../effects.ts";
import { type Rejection, reject } from "../errors.ts";
import { type PersonId, unique } from "../org.ts";
import { resolversOf } from "../roles.ts";

/** Resolves a bomb: the solution and the visit as it happened. */
export interface Resolve {
  type: "resolve";
  solution: string;
  visitedOn: string;
  visitedBy: PersonId;
}

/** Marks a pending or accepted bomb solved, for the loyalty managers to verify. */
export function resolve(
  bomb: BombIn<"accepted" | "pending">,
  command: Resolve,
  ctx: Context,
): Done | Rejection {
  if (!resolversOf(bomb, ctx.org).includes(actorOf(ctx))) return reject("only_owner_or_holder");
  const solution = required(command.solution, "solution");
  if (typeof solution !== "string") return solution;
  const badVisitor = checkPerson(command.visitedBy, "visited_by", ctx);
  if (badVisitor) return badVisitor;
  if (!isIsoDate(command.visitedOn)) return reject("field_required", {}, "visited_on");
  if (command.visitedOn > today(ctx)) return reject("visited_in_future", {}, "visited_on");
  const resolved: BombIn<"resolved"> = {
    ...bomb,
    commitment: bomb.state === "accepted" ? bomb.commitment : null,
    version: bomb.version + 1,
    state: "resolved",
    involved: unique([...bomb.involved, actorOf(ctx), command.visitedBy]),
    resolution: {
      by: actorOf(ctx),
      at: ctx.now,
      solution,
      visitedOn: command.visitedOn,
      visitedBy: command.visitedBy,
    },
  };
  const params = { solution, visitedOn: command.visitedOn, visitedBy: command.visitedBy };
  const messages = ctx.org.loyaltyManagers.map((lm) =>
    message(ctx, resolved, lm, "bomb_resolved", params),
  );
  return done(resolved, [event(ctx, "resolved", params)], messages);
}
