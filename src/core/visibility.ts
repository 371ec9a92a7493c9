/** Who may read what: a bomb's customer data is for those involved and the people in charge. */
import type { Bomb } from "./bomb.ts";
import { isLoyaltyManager, type Org, type PersonId } from "./org.ts";

function inCharge(org: Org, person: PersonId): boolean {
  if (isLoyaltyManager(org, person) || person === org.ceo) return true;
  return [...org.departments.values()].some((d) => d.director === person);
}

/** Visibility rules for lists and details. */
export const maySee = {
  /** Loyalty managers, the CEO and the directors may list every bomb. */
  everything: inCharge,
  /** Those in charge, and everyone involved in that bomb. */
  bomb: (org: Org, person: PersonId, bomb: Bomb): boolean =>
    inCharge(org, person) || bomb.involved.includes(person),
};
