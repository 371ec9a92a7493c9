import { describe, expect, it } from "vitest";
import { maySee } from "../../src/core/roles.ts";
import { ORG, P, pendingBomb } from "../fixtures/org-chart.ts";

describe("who may read what", () => {
  it.each([
    [P.ana, true],
    [P.ceo, true],
    [P.luis, true],
    [P.raul, true],
    [P.nacho, false],
    [P.pedro, false],
  ])("%s may list every bomb: %s", (person, expected) => {
    expect(maySee.everything(ORG, person)).toBe(expected);
  });

  it("a bomb is for those in charge and those involved in it", () => {
    const bomb = pendingBomb();
    expect(maySee.bomb(ORG, P.nacho, bomb)).toBe(true);
    expect(maySee.bomb(ORG, P.raul, bomb)).toBe(true);
    expect(maySee.bomb(ORG, P.pedro, bomb)).toBe(false);
    expect(maySee.bomb(ORG, P.sergio, bomb)).toBe(false);
  });
});
