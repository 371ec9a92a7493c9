/** The org file names a Teams channel as Teams gives it: "team id/channel id" or its link. */
import { describe, expect, it } from "vitest";
import { formatOrgIssue, parseOrg } from "../../src/org/load-org.ts";
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

describe("a channel neither platform knows", () => {
  it.each([
    ["es", ["canal no válido", "#fidelizacion", "Obtener vínculo al canal", "19:"]],
    ["en", ["invalid channel", "#customer-loyalty", "Get link to channel", "19:"]],
  ] as const)(
    "is refused in %s with both platforms' forms, for a Slack org and a Teams org alike",
    (locale, words) => {
      const channel = `${TEAM}/general`;
      const parsed = parseOrg(orgYaml({ locale, digest: { channel, at: "09:00" } }));
      if (parsed.ok) throw new Error("a bad channel was accepted");
      const lines = parsed.issues.map((issue) => formatOrgIssue("org.yaml", issue, locale));
      const line = lines.find((l) => l.includes("digest.channel"));
      expect(line, lines.join("\n")).toBeDefined();
      for (const word of words) expect(line).toContain(word);
      // Not a Slack-only sentence: the file may be a Teams org's.
      expect(line).not.toMatch(/canal de Slack|Slack channel/);
    },
  );
});
