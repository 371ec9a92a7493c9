/** Verify: a loyalty manager checks with the customer and closes a resolved bomb. */
import type { BombIn, Satisfaction } from "../bomb.ts";
import { checkLength } from "../checks.ts";
import { actorOf, type Context } from "../context.ts";
import { type Done, done, event, message } from "../effects.ts";
import { type Rejection, reject } from "../errors.ts";
import { isActorLoyaltyManager } from "../roles.ts";

/** Closes a resolved bomb: how satisfied the customer is, and an optional note. */
export interface Verify {
  type: "verify";
  satisfaction: Satisfaction;
  note: string;
}

/** Closes a resolved bomb; everyone involved is told. */
export function verify(bomb: BombIn<"resolved">, command: Verify, ctx: Context): Done | Rejection {
  if (!isActorLoyaltyManager(ctx)) return reject("only_loyalty_managers");
  const tooLong = checkLength(command.note, "note");
  if (tooLong) return tooLong;
  const note = command.note.trim();
  const closed: BombIn<"closed"> = {
    ...bomb,
    version: bomb.version + 1,
    state: "closed",
    verification: { by: actorOf(ctx), at: ctx.now, satisfaction: command.satisfaction, note },
  };
  const params = { satisfaction: command.satisfaction, note };
  const messages = closed.involved.map((to) => message(ctx, closed, to, "bomb_closed", params));
  return done(closed, [event(ctx, "closed", params)], messages);
}
