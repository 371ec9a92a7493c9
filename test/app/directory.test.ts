/** The directory: org people ↔ their addresses on one platform, and the ids of everyone else. */
import { describe, expect, it } from "vitest";
import { directoryOf } from "../../src/app/directory.ts";

describe("directoryOf", () => {
  const directory = directoryOf("slack", [["ana@example.com", "U0ANA"]]);

  it("maps an org person to their address and back", () => {
    expect(directory.addressOf("ana@example.com")).toBe("U0ANA");
    expect(directory.personOf("U0ANA")).toBe("ana@example.com");
    expect(directory.personAt("U0ANA")).toBe("ana@example.com");
  });

  it("names someone outside the org by a platform:address id, reachable on that platform only", () => {
    expect(directory.personOf("U0STRANGER")).toBeNull();
    expect(directory.personAt("U0STRANGER")).toBe("slack:U0STRANGER");
    expect(directory.addressOf("slack:U0STRANGER")).toBe("U0STRANGER");
    expect(directory.addressOf("teams:8f2e-41aa")).toBeNull();
    expect(directory.addressOf("U0STRANGER")).toBeNull();
    expect(directory.addressOf("gone@example.com")).toBeNull();
  });
});
