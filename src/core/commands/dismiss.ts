/** Dismiss: a loyalty manager decides a report in triage is not a bomb, and says why. */
import type { BombIn } from "../bomb.ts";
import { checkLength } from "../checks.ts";
import { actorOf, type Context } from "../context.ts";
import { type Done, done, event, message } from "../effects.ts";
import { type Rejection, reject } from "../errors.ts";
import { isActorLoyaltyManager } from "../roles.ts";

/** Dismisses a report, with an optional reason the reporter is told. */
export interface Dismiss {
  type: "dismiss";
  reason: string;
}

/** Closes a report in triage as no bomb; the reporter hears why. */
export function dismiss(bomb: BombIn<"triage">, command: Dismiss, ctx: Context): Done | Rejection {
  if (!isActorLoyaltyManager(ctx)) return reject("only_loyalty_managers");
  const tooLong = checkLength(command.reason, "reason");
  if (tooLong) return tooLong;
  const dismissed: BombIn<"dismissed"> = {
    ...bomb,
    version: bomb.version + 1,
    state: "dismissed",
    dismissal: { by: actorOf(ctx), at: ctx.now, reason: command.reason.trim() },
  };
  const messages = [
    message(ctx, dismissed, bomb.reporter, "report_dismissed", { reason: command.reason.trim() }),
  ];
  return done(dismissed, [event(ctx, "dismissed", { reason: command.reason.trim() })], messages);
}
