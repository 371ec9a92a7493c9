/**
 * `bomba serve` picks its platform from the environment: both platforms' credentials, neither,
 * or Teams with one credential missing or malformed is one line naming what to fix, and an exit
 * before anything is opened.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildRun, runBomba, SIGNING_SECRET, stopChild, tempDir } from "../e2e/harness.ts";
import { orgYaml } from "../fixtures/org.ts";
import { STAND_IN_BOT_TOKEN } from "../support/slack-stand-in.ts";
import { TEAMS_STAND_IN_IDENTITY } from "../support/teams-stand-in.ts";

const { clientId, clientSecret, tenantId } = TEAMS_STAND_IN_IDENTITY;
const TEAMS = {
  TEAMS_CLIENT_ID: clientId,
  TEAMS_CLIENT_SECRET: clientSecret,
  TEAMS_TENANT_ID: tenantId,
};

describe("bomba serve: which platform", () => {
  let dir: ReturnType<typeof tempDir>;
  let org: string;
  let db: string;

  async function serve(env: Record<string, string>): Promise<ChildRun> {
    const running = runBomba(["serve"], { BOMBA_DB: db, BOMBA_ORG: org, ...env }, dir.path);
    const timer = setTimeout(() => void stopChild(running), 15_000);
    try {
      return await running.done;
    } finally {
      clearTimeout(timer);
    }
  }

  beforeAll(() => {
    dir = tempDir();
    org = join(dir.path, "org.yaml");
    writeFileSync(org, orgYaml({ locale: "en" }));
    db = join(dir.path, "bomba.db");
  });
  afterAll(() => dir.remove());

  it.each([
    [
      "both platforms' credentials",
      { SLACK_BOT_TOKEN: STAND_IN_BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, ...TEAMS },
      /^SLACK_BOT_TOKEN and TEAMS_CLIENT_SECRET are both set: /,
    ],
    ["neither", {}, /^SLACK_BOT_TOKEN \(Slack\) or TEAMS_CLIENT_ID, /],
    [
      "Teams without its secret",
      { TEAMS_CLIENT_ID: clientId, TEAMS_TENANT_ID: tenantId },
      /^TEAMS_CLIENT_SECRET: required for Teams/,
    ],
    [
      "a tenant that is not a GUID",
      { ...TEAMS, TEAMS_TENANT_ID: "contoso.onmicrosoft.com" },
      /^TEAMS_TENANT_ID: must be the Directory \(tenant\) ID/,
    ],
    [
      "a metadata URL that is not the metadata document's",
      { ...TEAMS, TEAMS_OPENID_METADATA_URL: "https://login.botframework.com/v1/.well-known/keys" },
      /^TEAMS_OPENID_METADATA_URL: must be an http or https URL ending in \/openidconfiguration$/,
    ],
  ])("%s: one line, exit 2, nothing opened", async (_name, env, line) => {
    const run = await serve(env);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(line)]);
    expect(run.stdout).toBe("");
    expect(existsSync(db)).toBe(false);
  });

  it("says it in the org's language", async () => {
    writeFileSync(org, orgYaml({ locale: "es" }));
    try {
      const run = await serve({});
      expect(run.stderr.trimEnd().split("\n")).toEqual([
        expect.stringMatching(/^SLACK_BOT_TOKEN \(Slack\) o TEAMS_CLIENT_ID, .*hacen falta/),
      ]);
    } finally {
      writeFileSync(org, orgYaml({ locale: "en" }));
    }
  });
});
