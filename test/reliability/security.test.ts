/**
 * Who gets in and what leaks out: requests without a valid, fresh signature are refused with
 * 401 and change nothing; a signed click or submission from someone without the role is refused
 * and logged; the bot token and the signing secret never reach stdout or stderr of `serve`,
 * `tick` or `org import`, even at LOG_LEVEL=debug with Slack refusing the token; `bomba backup`
 * copies the database consistently while `serve` writes to it.
 * (test/e2e/guards.test.ts covers a forged signature and a replay on each kind of request.)
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "../../src/store/sqlite/database.ts";
import {
  REFERENCE_CLOCK,
  runBomba,
  SIGNING_SECRET,
  STRANGER,
  slackIds,
  waitFor,
} from "../e2e/harness.ts";
import { fixturePeople, orgYaml } from "../fixtures/org.ts";
import {
  blockActionPayload,
  signBody,
  slashCommandFields,
  stateValue,
  viewSubmissionPayload,
} from "../support/signed-request.ts";
import { STAND_IN_BOT_TOKEN } from "../support/slack-stand-in.ts";
import {
  answerOf,
  baseEnv,
  createWorkspace,
  openBombIn,
  reportInput,
  type ServeRun,
  seedWorkspace,
  startServe,
  stateOf,
  type Workspace,
} from "./bot-process.ts";
import { ledgerProblems, summary } from "./ledger.ts";

const MONDAY = Date.parse(REFERENCE_CLOCK);
const FORM = "application/x-www-form-urlencoded";
const seen = {
  refused401: 0,
  kinds: 0,
  logged: [] as string[],
  outputBytes: 0,
  leaks: 0,
  backups: [] as string[],
};

/** Ways a request may fail to prove it comes from Slack, now. */
const badSignatures: Record<
  string,
  (body: string) => { body: string; headers: Record<string, string> }
> = {
  "no signature header": (body) => ({
    body,
    headers: { "x-slack-request-timestamp": nowSeconds() },
  }),
  "no timestamp header": (body) => ({
    body,
    headers: { "x-slack-signature": signBody(SIGNING_SECRET, body, Number(nowSeconds())) },
  }),
  "body altered after signing": (body) => ({
    body: body.replace(/U0ANA|U0NACHO/g, "U0CARLOS"),
    headers: signed(body, Number(nowSeconds())),
  }),
  "signed with another secret": (body) => ({
    body,
    headers: { ...signed(body, Number(nowSeconds()), `${SIGNING_SECRET}x`) },
  }),
  "replayed 5 min 1 s later": (body) => ({
    body,
    headers: signed(body, Number(nowSeconds()) - 301),
  }),
  "another signature version": (body) => {
    const headers = signed(body, Number(nowSeconds()));
    return {
      body,
      headers: {
        ...headers,
        "x-slack-signature": headers["x-slack-signature"]?.replace(/^v0=/, "v1=") ?? "",
      },
    };
  },
};

function nowSeconds(): string {
  return String(Math.floor(Date.now() / 1000));
}

function signed(body: string, ts: number, secret = SIGNING_SECRET): Record<string, string> {
  return {
    "x-slack-request-timestamp": String(ts),
    "x-slack-signature": signBody(secret, body, ts),
  };
}

describe("requests that are not Slack's", () => {
  let ws: Workspace;
  let serve: ServeRun;

  beforeAll(async () => {
    ws = await createWorkspace();
    await seedWorkspace(ws, async (svc) => {
      await openBombIn(svc, MONDAY - 3_600_000, "logistica", "Norte S.A.");
    });
    serve = await startServe(ws, MONDAY);
    await serve.healthy();
    await waitFor(() => ws.read((db) => pending(db) === 0), "an empty outbox");
  }, 30_000);

  afterAll(async () => {
    await serve?.stop();
    await ws?.remove();
  });

  it("answers 401 to every bad signature on a command, a click and a report, changing nothing", async () => {
    const bodies = {
      command: new URLSearchParams(
        Object.entries(slashCommandFields({ user_id: slackIds.ana, text: "list all" })).map(
          ([k, v]): [string, string] => [k, String(v)],
        ),
      ).toString(),
      click: new URLSearchParams({
        payload: JSON.stringify(
          blockActionPayload({ userId: slackIds.ana, actionId: "bomba_defuse", value: "1" }),
        ),
      }).toString(),
      report: new URLSearchParams({
        payload: JSON.stringify(viewSubmissionPayload(reportInput("V0FORGED", "Falso S.A."))),
      }).toString(),
    };
    const before = ws.read(stateOf);
    const calls = ws.standIn.calls.length;
    for (const [kind, bend] of Object.entries(badSignatures)) {
      seen.kinds += 1;
      for (const [what, body] of Object.entries(bodies)) {
        const request = bend(body);
        const answer = await answerOf(
          fetch(serve.eventsUrl, {
            method: "POST",
            headers: { "content-type": FORM, ...request.headers },
            body: request.body,
          }),
        );
        expect(answer.status, `${kind}: ${what}`).toBe(401);
        seen.refused401 += 1;
      }
    }
    // The genuine request is served: the refusals were about the signature alone.
    expect((await serve.command(slackIds.ana, "ayuda")).status).toBe(200);
    expect(ws.read(stateOf)).toBe(before);
    expect(ws.standIn.calls.slice(calls).filter((c) => c.method !== "response_url")).toEqual([]);
  });

  it("refuses and logs a signed click from someone without the role", async () => {
    const before = ws.read(stateOf);
    // Nacho holds bomb 1 but may not defuse it; a stranger may not accept it.
    expect((await serve.click(slackIds.nacho, "bomba_defuse", "1")).status).toBe(200);
    expect((await serve.click(STRANGER, "bomba_accept", "1")).status).toBe(200);
    const lines = await waitFor(() => {
      const found = serve
        .stderr()
        .split("\n")
        .filter((l) => /WARN .*refused bomba_/.test(l));
      return found.length >= 2 && found;
    }, "two WARN lines");
    expect(lines.join("\n")).toContain("refused bomba_defuse on bomb #1 by nacho@example.com");
    expect(lines.join("\n")).toContain(`refused bomba_accept on bomb #1 by slack:${STRANGER}`);
    seen.logged.push(...lines.map((l) => l.replace(/^\S+ /, "")));
    expect(ws.read(stateOf)).toBe(before);
  });

  it("refuses and logs a signed submission from someone without the role", async () => {
    const before = ws.read(stateOf);
    const logged = serve.stderr().length;
    const answer = await serve.submit({
      userId: slackIds.nacho,
      callbackId: "bomba_defuse",
      privateMetadata: { bombId: 1 },
      viewId: "V0NOROLE",
      values: { reason: stateValue.text("Quiero quitármela de encima.") },
    });
    expect(answer.json?.response_action).toBe("update");
    const line = await waitFor(
      () =>
        serve
          .stderr()
          .slice(logged)
          .split("\n")
          .find((l) => /WARN .*bomba_defuse.*bomb #1.*nacho@example\.com/.test(l)),
      "a WARN line for the refused submission",
      2_000,
    );
    seen.logged.push(line.replace(/^\S+ /, ""));
    expect(ws.read(stateOf)).toBe(before);
  });
});

describe("secrets in what the processes print", () => {
  let ws: Workspace;
  const secretParts = [STAND_IN_BOT_TOKEN, STAND_IN_BOT_TOKEN.slice(5), SIGNING_SECRET];

  beforeAll(async () => {
    ws = await createWorkspace();
    await seedWorkspace(ws, async (svc) => {
      await openBombIn(svc, MONDAY - 3_600_000, "logistica", "Norte S.A.");
    });
  });

  afterAll(async () => {
    await ws?.remove();
  });

  function leaks(output: string): string[] {
    seen.outputBytes += output.length;
    const found = secretParts.filter((s) => output.includes(s));
    seen.leaks += found.length;
    return found;
  }

  it("serve at LOG_LEVEL=debug, Slack refusing the token mid-run: neither token nor secret printed", async () => {
    const serve = await startServe(ws, MONDAY, { LOG_LEVEL: "debug" });
    try {
      await serve.healthy();
      ws.standIn.fail("*", { kind: "error", error: "invalid_auth" });
      await serve.submit(reportInput("V0LEAK1", "Fuga S.A."));
      await serve.click(slackIds.nacho, "bomba_accept", "1");
      await serve.command(slackIds.ana, "ver 1");
      await waitFor(() => /listener failed/.test(serve.stderr()), "the failed views.open logged");
    } finally {
      await serve.stop();
      ws.standIn.reset();
    }
    const output = serve.running.output();
    expect(output).toMatch(/DEBUG/);
    expect(output).toMatch(/invalid_auth/);
    expect(leaks(output)).toEqual([]);
  }, 30_000);

  it("serve, tick and org import with a token Slack does not know, at LOG_LEVEL=debug", async () => {
    const wrong = "xoxb-9999999999-not-the-right-one";
    const env = baseEnv(ws, { SLACK_BOT_TOKEN: wrong, LOG_LEVEL: "debug" });
    secretParts.push(wrong, wrong.slice(5));
    const serve = await startServe(ws, MONDAY, { SLACK_BOT_TOKEN: wrong, LOG_LEVEL: "debug" });
    const ticking = runBomba(["tick", "--at", "2026-12-17T10:05:00+01:00"], env, ws.dir).done;
    // Someone new: the import must ask Slack, which refuses the token.
    const newcomer = join(ws.dir, "org-newcomer.yaml");
    writeFileSync(
      newcomer,
      orgYaml({
        people: [
          ...fixturePeople(),
          {
            email: "pepe@example.com",
            name: "Pepe Gil",
            title: "Comercial",
            reportsTo: "raul@example.com",
          },
        ],
      }),
    );
    const importing = runBomba(["org", "import", newcomer], env, ws.dir).done;
    const badEnvRun = runBomba(
      ["serve"],
      baseEnv(ws, {
        SLACK_BOT_TOKEN: "xoxp-1234-user-token-by-mistake",
        SLACK_SIGNING_SECRET: "short",
        LOG_LEVEL: "debug",
      }),
      ws.dir,
    ).done;
    const [served, ticked, imported, badEnv] = await Promise.all([
      serve.running.done,
      ticking,
      importing,
      badEnvRun,
    ]);
    expect(served.code).toBe(1);
    expect(ticked.code).toBe(0);
    expect(imported.code).not.toBe(0);
    expect(badEnv.code).toBe(2);
    secretParts.push("xoxp-1234-user-token-by-mistake", "user-token-by-mistake");
    for (const run of [served, ticked, imported, badEnv]) {
      expect(leaks(run.stdout + run.stderr), run.stdout + run.stderr).toEqual([]);
    }
    expect(served.stderr).toMatch(/invalid_auth/);
    expect(ticked.stdout).toMatch(/, [1-9]\d* por reintentar,/);
  }, 30_000);
});

describe("bomba backup while serve writes", () => {
  let ws: Workspace;

  beforeAll(async () => {
    ws = await createWorkspace();
    await seedWorkspace(ws, () => {});
  });

  afterAll(async () => {
    await ws?.remove();
  });

  it("copies a consistent state: sound, and a moment of the source's history", async () => {
    const serve = await startServe(ws, MONDAY);
    const copies = [1, 2, 3].map((i) => join(ws.dir, `backup-${i}.db`));
    try {
      await serve.healthy();
      let writing = true;
      let reports = 0;
      const writer = (async () => {
        while (writing) {
          reports += 1;
          const answer = await serve.submit(
            reportInput(
              `V0BACKUP${reports}`,
              `Copia ${reports} S.A.`,
              reports % 2 === 0 ? "logistica" : "comercial",
            ),
          );
          expect(answer.status).toBe(200);
        }
      })();
      await waitFor(() => reports > 5, "a few reports");
      for (const copy of copies) {
        const run = await runBomba(["backup", copy], baseEnv(ws), ws.dir).done;
        expect(run.code, run.stderr).toBe(0);
      }
      writing = false;
      await writer;
    } finally {
      await serve.stop();
    }
    const source = openDatabase(ws.dbFile);
    try {
      const events = source.$client
        .prepare("SELECT id, bomb_id, version, kind, data FROM bomb_events ORDER BY id")
        .all() as { id: number }[];
      const bombs = new Map(
        (
          source.$client.prepare("SELECT id, version, data FROM bombs").all() as {
            id: number;
            version: number;
            data: string;
          }[]
        ).map((b) => [b.id, b]),
      );
      for (const file of copies) {
        const copy = openDatabase(file);
        try {
          expect(copy.$client.pragma("integrity_check", { simple: true })).toBe("ok");
          expect(ledgerProblems(copy)).toEqual([]);
          // A moment of the source: its timeline is a prefix of the source's, and every bomb
          // it holds is the source's bomb as it was then (the same, or an earlier version).
          const copied = copy.$client
            .prepare("SELECT id, bomb_id, version, kind, data FROM bomb_events ORDER BY id")
            .all();
          expect(copied).toEqual(events.slice(0, copied.length));
          const copiedBombs = copy.$client.prepare("SELECT id, version, data FROM bombs").all() as {
            id: number;
            version: number;
            data: string;
          }[];
          for (const b of copiedBombs) {
            const now = bombs.get(b.id);
            expect(now).toBeDefined();
            if (now?.version === b.version) expect(b.data).toBe(now.data);
            else expect(b.version).toBeLessThan(now?.version ?? 0);
          }
          seen.backups.push(`${copiedBombs.length}/${bombs.size}`);
        } finally {
          closeDatabase(copy);
        }
      }
    } finally {
      closeDatabase(source);
    }
    summary(
      "security",
      `${seen.kinds} kinds of bad signature (${Object.keys(badSignatures).join(", ")}) × ` +
        `command/click/report: ${seen.refused401} × 401, 0 changes; ${seen.logged.length} ` +
        `role refusals logged ("${seen.logged[0] ?? ""}"); token and signing secret found ` +
        `${seen.leaks} times in ${Math.round(seen.outputBytes / 1024)} KB of serve/tick/org import ` +
        `output (LOG_LEVEL=debug, invalid_auth, bad env); ${seen.backups.length} online backups ` +
        `during writes: integrity ok, each a moment of the source (bombs ${seen.backups.join(", ")})`,
    );
  }, 40_000);
});

function pending(db: import("better-sqlite3").Database): number {
  return (
    db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }
  ).n;
}
