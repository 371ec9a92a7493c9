/**
 * `bomba org import` on Teams, against the Graph stand-in over loopback: every e-mail resolved
 * through Graph and stored as the person's Teams address, the app installed for whoever lacks it,
 * and, all or nothing, whom Graph cannot find or the app cannot reach named by line.
 */
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordingIo } from "../../src/cli/io.ts";
import { runOrgImport } from "../../src/cli/org-import.ts";
import { closeDatabase, openDatabase } from "../../src/store/sqlite/database.ts";
import { tempDir, writeOrgFile } from "../fixtures/bomb-db.ts";
import { P } from "../fixtures/org-chart.ts";
import {
  startTeamsStandIn,
  TEAMS_STAND_IN_IDENTITY,
  type TeamsStandIn,
  type TeamsUser,
} from "../support/teams-stand-in.ts";

const everyone = Object.values(P);
const idOf = (email: string): string =>
  `cccccccc-0000-4000-8000-${String(everyone.indexOf(email as (typeof everyone)[number]) + 1).padStart(12, "0")}`;

describe("bomba org import on Teams", () => {
  let standIn: TeamsStandIn;
  let dir: ReturnType<typeof tempDir>;
  const saved = { ...process.env };
  beforeAll(async () => {
    const users: TeamsUser[] = everyone.map((email) => ({
      id: idOf(email),
      displayName: email,
      mail: email,
      // Nacho has never had the app; the guest Vera cannot be given it.
      ...(email === P.nacho ? { installed: false } : {}),
      ...(email === P.vera ? { installed: false, canInstall: false } : {}),
    }));
    standIn = await startTeamsStandIn({ users });
  });
  afterAll(() => standIn.close());
  beforeEach(() => {
    dir = tempDir();
    standIn.reset();
    delete process.env.SLACK_BOT_TOKEN;
    process.env.TEAMS_CLIENT_ID = TEAMS_STAND_IN_IDENTITY.clientId;
    process.env.TEAMS_CLIENT_SECRET = TEAMS_STAND_IN_IDENTITY.clientSecret;
    process.env.TEAMS_TENANT_ID = TEAMS_STAND_IN_IDENTITY.tenantId;
    process.env.TEAMS_LOGIN_URL = standIn.loginUrl;
    process.env.TEAMS_SERVICE_URL = standIn.serviceUrl;
    process.env.TEAMS_OPENID_METADATA_URL = standIn.openIdMetadataUrl;
    process.env.GRAPH_API_URL = standIn.graphUrl;
    process.env.BOMBA_DB = join(dir.path, "bomba.db");
  });
  afterEach(() => {
    process.env = { ...saved };
    dir.remove();
  });

  function stored(): { people: number; teams: Map<string, string> } {
    const db = openDatabase(join(dir.path, "bomba.db"));
    try {
      const people = (db.$client.prepare("SELECT count(*) AS n FROM people").get() as { n: number })
        .n;
      const rows = db.$client
        .prepare("SELECT person, address FROM addresses WHERE platform = 'teams'")
        .all() as { person: string; address: string }[];
      return { people, teams: new Map(rows.map((r) => [r.person, r.address])) };
    } finally {
      closeDatabase(db);
    }
  }

  it("stores everyone's Entra id as their Teams address and installs the app for whoever lacks it", async () => {
    standIn.users.delete(idOf(P.vera));
    standIn.users.set(idOf(P.vera), { id: idOf(P.vera), displayName: "Vera", mail: P.vera });
    const io = recordingIo();
    expect(await runOrgImport([writeOrgFile(dir.path)], io), io.stderr.join("\n")).toBe(0);
    const { people, teams } = stored();
    expect(people).toBe(everyone.length);
    for (const email of everyone) expect(teams.get(email)).toBe(idOf(email));
    expect(standIn.users.get(idOf(P.nacho))?.installed).toBe(true);
    const installs = standIn.callsTo("graph", "POST", /installedApps$/);
    expect(installs.map((call) => call.path)).toEqual([expect.stringContaining(idOf(P.nacho))]);
    expect(io.stdout.join("\n")).toMatch(/1 persona/);
  });

  it("names by line whom Graph does not know and whom the app cannot reach, and stores nothing", async () => {
    standIn.users.delete(idOf(P.pedro));
    const io = recordingIo();
    const file = writeOrgFile(dir.path);
    expect(await runOrgImport([file], io)).toBe(1);
    const lines = io.stderr;
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      new RegExp(`^${file}:\\d+  people\\[\\d+\\]\\.email: .*${P.vera}.*Forbidden`),
    );
    expect(lines[1]).toMatch(new RegExp(`^${file}:\\d+  people\\[\\d+\\]\\.email: .*${P.pedro}`));
    expect(lines[2]).toBe("No se ha importado nada.");
    expect(stored().people).toBe(0);
  });

  it("says in one line when Graph cannot be used, and stores nothing", async () => {
    process.env.TEAMS_CLIENT_SECRET = "not-the-secret~0000000000";
    const io = recordingIo();
    expect(await runOrgImport([writeOrgFile(dir.path)], io)).toBe(1);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/^Microsoft Graph: /);
    expect(io.stderr[0]).not.toContain("not-the-secret");
    expect(stored().people).toBe(0);
  });
});
