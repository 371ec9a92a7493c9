/** The org file names a Teams channel as Teams gives it: "team id/channel id" or its link. */
import { describe, expect, it } from "vitest";
import { parseOrg } from "../../src/org/load-org.ts";
import { orgYaml } from "../fixtures/org.ts";

const TEAM = "8d0e6c1a-4a0b-4f7e-9a55-1d2b3c4d5e6f";
const LINK =
  "https://teams.microsoft.com/l/channel/19%3aa1b2c3d4e5f6%40thread.tacv2/Fidelizaci%C3%B3n?groupId=8d0e6c1a-4a0b-4f7e-9a55-1d2b3c4d5e6f&tenantId=11111111-1111-4111-8111-111111111111";

describe("a Teams channel in the org file", () => {
  it.each([
    ["team id/channel id", `${TEAM}/19:a1b2c3d4e5f6@thread.tacv2`],
    ["the channel's link", LINK],
  ])("%s is accepted for the digest and the report", (_name, channel) => {
    const parsed = parseOrg(orgYaml({ digest: { channel, at: "09:00" }, report: { channel } }));
    expect(parsed.ok).toBe(true);
  });

  it.each([
    ["a team without a channel id", `${TEAM}/general`],
    ["a link to something else", "https://example.com/l/channel/19%3ax%40thread.tacv2/X"],
  ])("%s is refused", (_name, channel) => {
    const parsed = parseOrg(orgYaml({ digest: { channel, at: "09:00" } }));
    expect(parsed.ok).toBe(false);
  });
});
