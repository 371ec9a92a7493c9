/**
 * After a new org file is stored: every open bomb whose holder or owner left goes to their
 * nearest former superior still in the org (or the loyalty managers), with a message saying why.
 * Loading a new file never leaves a bomb with nobody.
 */
import { and, inArray, notInArray } from "drizzle-orm";
import { bombSchema, currentHolder } from "../core/bomb.ts";
import type { PersonId } from "../core/org.ts";
import { decide, successorFor } from "../core/transitions.ts";
import { catalog } from "../i18n/catalog.ts";
import { inTransaction, saveTransition } from "../store/bomb-store.ts";
import { bombs, people } from "../store/schema.ts";
import type { Services } from "./services.ts";

/** Moves the bombs of people who left; `formerSuperior` answers from the org as it was before. */
export function reconcileOpenBombs(
  svc: Services,
  formerSuperior: (person: PersonId) => PersonId | null,
  formerName: (person: PersonId) => string,
  now: number,
): number {
  const words = catalog(svc.org.locale).words;
  return inTransaction(svc.db, () => {
    const present = svc.db.select({ id: people.id }).from(people);
    const orphans = svc.db
      .select({ data: bombs.data })
      .from(bombs)
      .where(
        and(
          inArray(bombs.state, ["pending", "accepted", "resolved"]),
          notInArray(bombs.holder, present),
        ),
      )
      .all()
      .map((r) => bombSchema.parse(r.data));
    let moved = 0;
    for (const bomb of orphans) {
      const to = successorFor(bomb, svc.org, formerSuperior);
      if (to === null) continue;
      const left = currentHolder(bomb) ?? "";
      const reason = words.leftOrg({ person: formerName(left) });
      const decision = decide(bomb, { type: "reassign", to, reason }, { ...svc, now, actor: null });
      if (
        decision.ok &&
        saveTransition(svc.db, bomb.version, decision, { via: "system", recordedAt: now })
      ) {
        moved += 1;
      }
    }
    return moved;
  });
}
