/**
 * The use cases people trigger: load the bomb, ask the core, save state, timeline and outbox in
 * one transaction. Nothing here decides who may do what; the core does.
 */
import type { Bomb, ComplaintInput } from "../core/bomb.ts";
import { report } from "../core/commands/report.ts";
import { type Rejection, reject } from "../core/errors.ts";
import type { PersonId } from "../core/org.ts";
import { onlyReachable } from "../core/org-change.ts";
import { type Command, decide } from "../core/transitions.ts";
import type { Via } from "../store/store.ts";
import type { Services } from "./services.ts";

/** A use case's outcome: the bomb as it now stands, or why nothing changed. */
export type ActionResult = { ok: true; bomb: Bomb } | Rejection;

/** Who does it, when, and through which door. */
export interface Actor {
  person: PersonId;
  now: number;
  via: Via;
}

/**
 * Files a complaint: a new bomb in triage, or opened at once by a loyalty manager. The same
 * `sourceKey` (a Slack view id) twice returns the first bomb: a retried submission makes none.
 */
export function reportBomb(
  svc: Services,
  actor: Actor,
  input: ComplaintInput & { departmentId: string | null },
  sourceKey: string | null = null,
): Promise<ActionResult> {
  return svc.store.reportBomb<ActionResult>(
    sourceKey,
    (id, earlier) => {
      if (earlier !== null) return { write: null, result: { ok: true, bomb: earlier } };
      const decision = report(id, input, contextOf(svc, actor));
      if (!decision.ok) return { write: null, result: decision };
      return { write: onlyReachable(decision, svc.org), result: { ok: true, bomb: decision.bomb } };
    },
    { via: actor.via, recordedAt: actor.now },
  );
}

/** Applies a person's command to bomb `id`. */
export async function actOnBomb(
  svc: Services,
  id: number,
  actor: Actor,
  command: Command,
): Promise<ActionResult> {
  const { result, written } = await svc.store.actOnBomb<ActionResult>(
    id,
    (bomb) => {
      if (bomb === null) return { write: null, result: reject("not_found", { id }) };
      const decision = decide(bomb, command, contextOf(svc, actor));
      if (!decision.ok) return { write: null, result: decision };
      // Nobody outside the org is written to (someone who left, still named as the reporter).
      return { write: onlyReachable(decision, svc.org), result: { ok: true, bomb: decision.bomb } };
    },
    { via: actor.via, recordedAt: actor.now },
  );
  // Inside its transaction nobody can have moved the version; checked all the same.
  if (result.ok && !written) return reject("busy", { id });
  return result;
}

function contextOf(svc: Services, actor: Actor) {
  return { now: actor.now, org: svc.org, calendar: svc.calendar, actor: actor.person };
}
