/**
 * `bomba serve` refuses to start on a bad environment or org file: one line naming the variable,
 * or every error of the file with its line, and a non-zero exit before it opens anything.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureDepartments, lineOf, orgYaml, peopleWith } from "../fixtures/org.ts";
import { STAND_IN_BOT_TOKEN } from "../support/slack-stand-in.ts";
import {
  type ChildRun,
  runBomba,
  SIGNING_SECRET,
  slackIds,
  startBot,
  stopChild,
  tempDir,
} from "./harness.ts";

describe("bomba serve start-up failures", () => {
  let dir: ReturnType<typeof tempDir>;
  let goodOrg: string;
  let dbFile: string;

  /** Runs `serve` with the given variables; it must end by itself (or is killed after 15 s). */
  async function serve(env: Record<string, string>): Promise<ChildRun> {
    const running = runBomba(["serve"], env, dir.path);
    const timer = setTimeout(() => void stopChild(running), 15_000);
    try {
      return await running.done;
    } finally {
      clearTimeout(timer);
    }
  }

  beforeAll(() => {
    dir = tempDir();
    goodOrg = join(dir.path, "org.yaml");
    writeFileSync(goodOrg, orgYaml());
    dbFile = join(dir.path, "bomba.db");
  });

  afterAll(() => {
    dir.remove();
  });

  it("names SLACK_SIGNING_SECRET in one line when it is missing (no app token)", async () => {
    const run = await serve({
      SLACK_BOT_TOKEN: STAND_IN_BOT_TOKEN,
      BOMBA_DB: dbFile,
      BOMBA_ORG: goodOrg,
      PORT: "3999",
    });
    expect(run.code).not.toBe(0);
    expect(run.signal).toBeNull();
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^SLACK_SIGNING_SECRET: /);
    expect(run.stdout).toBe("");
    expect(existsSync(dbFile)).toBe(false);
  });

  it("names a malformed variable in one line", async () => {
    const run = await serve({
      SLACK_BOT_TOKEN: STAND_IN_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      BOMBA_DB: dbFile,
      BOMBA_ORG: goodOrg,
      PORT: "not-a-port",
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^PORT: /)]);
    expect(existsSync(dbFile)).toBe(false);
  });

  it("exits 1 with every error of an invalid org file, each with its line", async () => {
    const broken = orgYaml({
      people: peopleWith("jorge@example.com", { reportsTo: "nadie@example.com" }),
      departments: [
        ...fixtureDepartments(),
        {
          id: "taller",
          name: "Taller",
          director: "luis@example.com",
          link: "fantasma@example.com",
        },
      ],
    });
    const orgFile = join(dir.path, "broken.yaml");
    writeFileSync(orgFile, broken);
    const run = await serve({
      SLACK_BOT_TOKEN: STAND_IN_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      BOMBA_DB: dbFile,
      BOMBA_ORG: orgFile,
      PORT: "3999",
    });
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line.startsWith(`${orgFile}:`)).toBe(true);
    const jorge = lineOf(broken, "jorge@example.com");
    const taller = lineOf(broken, '"taller"');
    expect(run.stderr).toContain(`${orgFile}:${jorge}  people[5].reportsTo: `);
    expect(run.stderr).toContain(`${orgFile}:${taller}  departments[2].link: `);
    expect(existsSync(dbFile)).toBe(false);
  });
});

describe("bomba serve stops cleanly", () => {
  it.each([["SIGTERM"], ["SIGINT"]] as const)(
    "on %s it finishes what it was doing and exits 0 by itself, not killed",
    async (signal) => {
      const bot = await startBot();
      let ended: ChildRun | undefined;
      try {
        const answer = await bot.command(slackIds.nacho, "ayuda");
        expect(answer.status).toBe(200);
        const exited = bot.serve.done;
        bot.serve.child.kill(signal);
        // The harness's stop would SIGKILL after 5 s: serve must be gone well before.
        const timer = setTimeout(() => bot.serve.child.kill("SIGKILL"), 10_000);
        try {
          ended = await exited;
        } finally {
          clearTimeout(timer);
        }
      } finally {
        await bot.stop();
      }
      expect(ended).toMatchObject({ code: 0, signal: null });
      expect(ended?.stderr).toBe("");
    },
  );
});
