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
import {
  findBombBySourceKey,
  insertBomb,
  inTransaction,
  loadBomb,
  nextBombId,
  saveTransition,
  type Via,
} from "../store/bomb-store.ts";
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
): ActionResult {
  return inTransaction(svc.db, () => {
    const existing = sourceKey === null ? null : findBombBySourceKey(svc.db, sourceKey);
    if (existing !== null) return { ok: true, bomb: existing };
    const id = nextBombId(svc.db);
    const decision = report(id, input, contextOf(svc, actor));
    if (!decision.ok) return decision;
    const addressed = onlyReachable(decision, svc.org);
    insertBomb(svc.db, addressed, { via: actor.via, recordedAt: actor.now }, sourceKey);
    return { ok: true, bomb: decision.bomb };
  });
}

/** Applies a person's command to bomb `id`. */
export function actOnBomb(svc: Services, id: number, actor: Actor, command: Command): ActionResult {
  return inTransaction(svc.db, () => {
    const bomb = loadBomb(svc.db, id);
    if (bomb === null) return reject("not_found", { id });
    const decision = decide(bomb, command, contextOf(svc, actor));
    if (!decision.ok) return decision;
    // Nobody outside the org is written to (someone who left, still named as the reporter).
    const addressed = onlyReachable(decision, svc.org);
    // Inside an IMMEDIATE transaction nobody can have moved the version; checked all the same.
    if (
      !saveTransition(svc.db, bomb.version, addressed, { via: actor.via, recordedAt: actor.now })
    ) {
      return reject("busy", { id });
    }
    return { ok: true, bomb: decision.bomb };
  });
}

function contextOf(svc: Services, actor: Actor) {
  return { now: actor.now, org: svc.org, calendar: svc.calendar, actor: actor.person };
}
