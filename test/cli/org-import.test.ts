import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordingIo } from "../../src/cli/io.ts";
import { runOrgImport } from "../../src/cli/org-import.ts";
import { closeDatabase, openDatabase } from "../../src/store/sqlite/database.ts";
import { tempDir, writeOrgFile } from "../fixtures/bomb-db.ts";
import { P } from "../fixtures/org-chart.ts";
import {
  type SlackStandIn,
  STAND_IN_BOT_TOKEN,
  startSlackStandIn,
} from "../support/slack-stand-in.ts";

const everyone = Object.values(P);

describe("bomba org import", () => {
  let standIn: SlackStandIn;
  let dir: ReturnType<typeof tempDir>;
  const saved = { ...process.env };
  beforeAll(async () => {
    standIn = await startSlackStandIn({
      users: Object.fromEntries(everyone.map((e, i) => [e, `U${String(i + 1).padStart(6, "0")}`])),
    });
  });
  afterAll(() => standIn.close());
  beforeEach(() => {
    dir = tempDir();
    standIn.reset();
    process.env.SLACK_BOT_TOKEN = STAND_IN_BOT_TOKEN;
    process.env.SLACK_API_URL = standIn.url;
    process.env.BOMBA_DB = join(dir.path, "bomba.db");
  });
  afterEach(() => {
    process.env = { ...saved };
    dir.remove();
  });

  function storedPeople(): number {
    const db = openDatabase(join(dir.path, "bomba.db"));
    try {
      return (db.$client.prepare("SELECT count(*) AS n FROM people").get() as { n: number }).n;
    } finally {
      closeDatabase(db);
    }
  }

  it("resolves every e-mail and stores the org", async () => {
    const io = recordingIo();
    expect(await runOrgImport([writeOrgFile(dir.path)], io)).toBe(0);
    expect(storedPeople()).toBe(everyone.length);
    expect(standIn.callsTo("users.lookupByEmail")).toHaveLength(everyone.length);
  });

  it("names, by line, whom Slack does not know, and imports nothing", async () => {
    standIn.users.delete(P.pedro);
    const io = recordingIo();
    const file = writeOrgFile(dir.path);
    expect(await runOrgImport([file], io)).toBe(1);
    expect(io.stderr[0]).toMatch(
      new RegExp(`^${file}:\\d+  people\\[\\d+\\]\\.email: .*${P.pedro}`),
    );
    expect(storedPeople()).toBe(0);
  });

  it("says in one line when Slack refuses the token, and stores nothing", async () => {
    standIn.fail("users.lookupByEmail", { kind: "error", error: "invalid_auth" });
    const io = recordingIo();
    expect(await runOrgImport([writeOrgFile(dir.path)], io)).toBe(1);
    expect(io.stderr).toEqual(["Slack: invalid_auth"]);
    expect(storedPeople()).toBe(0);
  });
});
