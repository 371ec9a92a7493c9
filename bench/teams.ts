/**
 * The Teams path of `npm run bench`: the ack latency of the two invokes a bomb's card makes (a
 * button that opens a dialog, `task/fetch`, and one that needs none, `Action.Execute`) at the real
 * `bomba serve` on Teams with 10,000 open bombs, beside a bare Teams SDK app (bench/bare-teams.ts)
 * answering the same invokes on the same machine, both from compiled JavaScript. Every request
 * carries a Bot Connector JWT signed with the key the stand-in publishes in its OpenID metadata,
 * as Teams' own requests do (one token for the whole run: Teams reuses its tokens for an hour).
 * Both run at once and take turns, a slice of the requests each, so that the load of a shared
 * machine falls on both alike.
 */
import type { ChildProcess } from "node:child_process";
import { createPrivateKey, createPublicKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { actions } from "../src/chat/ids.ts";
import { closeDatabase } from "../src/store/sqlite/database.ts";
import { TEAMS_STAND_IN_IDENTITY } from "../test/support/teams-stand-in.ts";
import { botToken } from "../test/support/teams-tokens.ts";
import { type PlannedRequest, percentile, runLoad, type Sample } from "./load.ts";
import {
  buildBundle,
  bundleBareApp,
  freePort,
  killChildren,
  log,
  outboxDrained,
  peakRssOf,
  spawnNode,
  stopChild,
  waitHealthy,
} from "./processes.ts";
import { REFERENCE_CLOCK, REFERENCE_NOW, seedOpenBombs, servicesFor } from "./seed.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TEAM = "8d0e6c1a-4a0b-4f7e-9a55-1d2b3c4d5e6f";
const CHANNEL = "19:bench0001@thread.tacv2";

/** Sizes of the Teams run. */
const sizes = {
  bombs: 10_000,
  fetches: 2_000,
  executes: 2_000,
  warmUpEach: 300,
  inFlight: 8,
  /** Requests each side takes in turn. */
  slice: 200,
};

/** SPEC §8's `teams`. */
export interface TeamsResults {
  bomba: { p50: number; p99: number };
  bare: { p50: number; p99: number };
  ratioP99: number;
}

interface StandIn {
  openIdMetadataUrl: string;
  loginUrl: string;
  serviceUrl: string;
  graphUrl: string;
  kid: string;
  privateKey: string;
  child: ChildProcess;
  stats(): Promise<Record<string, number>>;
}

/** Runs the Teams part in `dir`; notes go to `notes`. */
export async function teamsBench(
  orgFile: string,
  dir: string,
  notes: string[],
): Promise<TeamsResults> {
  // The org file with Teams channels (a Slack channel name means nothing to Teams).
  const org = join(dir, "org-teams.yaml");
  writeFileSync(
    org,
    readFileSync(orgFile, "utf8")
      .replace(/channel: "#[^"]*"/g, `channel: "${TEAM}/${CHANNEL}"`)
      .replace(/\{ slack: U[0-9A-Z]+,/g, "{ email: slack-only@example.com,"),
  );
  const db = join(dir, "teams.db");
  const started = performance.now();
  const svc = servicesFor(org, db);
  const seeded = seedOpenBombs(svc, {
    count: sizes.bombs,
    due: 0,
    acceptedEvery: 4,
    now: REFERENCE_NOW,
  });
  const emails = [...svc.org.people.values()].flatMap((p) => (p.email === null ? [] : [p.email]));
  closeDatabase(svc.store.db);
  log(
    `teams: seed ${sizes.bombs} open bombs: ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const users = emails.map((mail, i) => ({
    id: `dddddddd-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
    displayName: mail.split("@")[0] ?? mail,
    mail,
  }));
  const idOf = new Map(users.map((u) => [u.mail, u.id]));

  const bareBundle = await bundleBareApp(ROOT, "bench/bare-teams.ts", dir);
  const standIn = await startStandIn(users);
  try {
    const privateKey = createPrivateKey(standIn.privateKey);
    const token = botToken(
      { kid: standIn.kid, privateKey, publicKey: createPublicKey(privateKey) },
      { clientId: TEAMS_STAND_IN_IDENTITY.clientId, serviceUrl: standIn.serviceUrl },
    );
    const plan = invokePlan(seeded.pendingByHolder, idOf, standIn.serviceUrl, token);
    const env = teamsEnv(standIn);

    const servePort = await freePort();
    const serve = spawnNode(
      [join(ROOT, "bin/bomba.js"), "serve"],
      {
        ...env,
        PORT: String(servePort),
        BOMBA_DB: db,
        BOMBA_ORG: org,
        BOMBA_CLOCK: REFERENCE_CLOCK,
        LOG_LEVEL: "warn",
      },
      dir,
    );
    const barePort = await freePort();
    const bare = spawnNode([bareBundle], { ...env, PORT: String(barePort) }, dir);
    const bomba: Sample[] = [];
    const baseline: Sample[] = [];
    try {
      await waitHealthy(servePort, serve, 60_000);
      await waitHealthy(barePort, bare, 60_000);
      // The first start-up of the day queued the digest; its delivery is not what is measured.
      await outboxDrained(db, notes);
      const ours = `http://127.0.0.1:${servePort}/api/messages`;
      const theirs = `http://127.0.0.1:${barePort}/api/messages`;
      await answersRight(ours, plan.measured, notes, "bomba");
      await answersRight(theirs, plan.measured, notes, "bare");
      await runLoad(ours, plan.warmUp, sizes.inFlight);
      await runLoad(theirs, plan.warmUp, sizes.inFlight);
      await standIn.stats();
      // The machine is shared: the two take turns, a slice of the plan each, the one that goes
      // first alternating, so that a burst of someone else's load falls on both alike.
      for (let start = 0, turn = 0; start < plan.measured.length; start += sizes.slice, turn++) {
        const slice = plan.measured.slice(start, start + sizes.slice);
        const order = turn % 2 === 0 ? [ours, theirs] : [theirs, ours];
        for (const url of order) {
          const samples = await runLoad(url, slice, sizes.inFlight);
          (url === ours ? bomba : baseline).push(...samples);
        }
      }
      notes.push(
        `teams: bomba and bare measured in turns of ${sizes.slice} requests; peak RSS serve ${peakRssOf(serve).toFixed(0)} MB, bare SDK app ${peakRssOf(bare).toFixed(0)} MB`,
      );
      notes.push(`teams: stand-in calls during the run: ${JSON.stringify(await standIn.stats())}`);
    } finally {
      await stopChild(serve);
      await stopChild(bare);
    }

    for (const [name, samples] of [
      ["bomba", bomba],
      ["bare", baseline],
    ] as const) {
      const failed = samples.filter((s) => s.status !== 200).length;
      if (failed > 0) notes.push(`teams ${name}: ${failed} answers were not 200`);
      for (const kind of ["task/fetch", "Action.Execute"]) {
        const ms = samples.filter((s) => s.kind === kind).map((s) => s.ms);
        notes.push(
          `teams ${name} ${kind}: p50 ${percentile(ms, 50).toFixed(2)} ms, p99 ${percentile(ms, 99).toFixed(2)} ms, max ${Math.max(...ms).toFixed(1)} ms`,
        );
      }
    }
    const ours = latencyOf(bomba);
    const theirs = latencyOf(baseline);
    return { bomba: ours, bare: theirs, ratioP99: round(ours.p99 / theirs.p99, 3) };
  } finally {
    await stopChild(standIn.child);
  }
}

/**
 * Each pending bomb's holder presses a button of its card, alternately: "accept" (`task/fetch`:
 * the bot loads the bomb, checks the role and answers the accept dialog) and "dismiss"
 * (`Action.Execute`, `adaptiveCard/action`: refused for a bomb that is not a report in triage,
 * answered with the bomb's state; a click that changes nothing, so the run can repeat it).
 */
function invokePlan(
  pendingByHolder: Map<string, number[]>,
  idOf: Map<string, string>,
  serviceUrl: string,
  token: string,
): { warmUp: PlannedRequest[]; measured: PlannedRequest[] } {
  const holders = [...pendingByHolder.entries()].map(([person, ids]) => {
    const aad = idOf.get(person);
    if (aad === undefined) throw new Error(`no Teams id for ${person}`);
    return { aad, ids };
  });
  let sequence = 0;
  const make = (count: number): PlannedRequest[] =>
    Array.from({ length: count }, (_, i): PlannedRequest => {
      const holder = holders[Math.floor(i / 2) % holders.length];
      if (holder === undefined) throw new Error("no holders seeded");
      const bombId = holder.ids[Math.floor(i / 2 / holders.length) % holder.ids.length] ?? 1;
      const fetch = i % 2 === 0;
      const value = fetch
        ? { data: { msteams: { type: "task/fetch" }, action: actions.accept, bombId } }
        : {
            action: { type: "Action.Execute", verb: actions.triageDismiss, data: { bombId } },
            trigger: "manual",
          };
      return {
        kind: fetch ? "task/fetch" : "Action.Execute",
        build: () => {
          sequence += 1;
          const activity = {
            type: "invoke",
            name: fetch ? "task/fetch" : "adaptiveCard/action",
            value,
            id: `bench-${sequence}`,
            timestamp: new Date().toISOString(),
            channelId: "msteams",
            serviceUrl,
            from: { id: `29:${holder.aad}`, aadObjectId: holder.aad, name: "" },
            recipient: { id: `28:${TEAMS_STAND_IN_IDENTITY.clientId}`, name: "Correo Bomba" },
            conversation: {
              id: `a:bench-${holder.aad}`,
              conversationType: "personal",
              tenantId: TEAMS_STAND_IN_IDENTITY.tenantId,
            },
            channelData: { tenant: { id: TEAMS_STAND_IN_IDENTITY.tenantId } },
            locale: "es-ES",
          };
          return {
            body: JSON.stringify(activity),
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          };
        },
      };
    });
  return {
    warmUp: make(2 * sizes.warmUpEach),
    measured: make(sizes.fetches + sizes.executes),
  };
}

/**
 * Sends the plan's first invoke of each kind and checks the answer is the one measured (a
 * dialog; a message), so that the run never times a refusal (401) or an error page.
 */
async function answersRight(
  url: string,
  plan: readonly PlannedRequest[],
  notes: string[],
  name: string,
): Promise<void> {
  for (const kind of ["task/fetch", "Action.Execute"]) {
    const planned = plan.find((p) => p.kind === kind);
    if (planned === undefined) continue;
    const { body, headers } = planned.build();
    const response = await fetch(url, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const answer = (await response.json().catch(() => null)) as {
      task?: { type?: string; value?: { title?: string } };
      type?: string;
      value?: unknown;
    } | null;
    const shape =
      kind === "task/fetch"
        ? answer?.task?.type === "continue" && typeof answer.task.value?.title === "string"
        : answer?.type === "application/vnd.microsoft.activity.message";
    if (response.status !== 200 || !shape) {
      throw new Error(`${name} answered ${kind} with ${response.status} ${JSON.stringify(answer)}`);
    }
    const what =
      kind === "task/fetch"
        ? `the dialog "${answer?.task?.value?.title}"`
        : `"${String(answer?.value).slice(0, 60)}…"`;
    notes.push(`teams ${name} answers ${kind} with ${what}`);
  }
}

/** The `TEAMS_*` seams pointing at the stand-in. */
function teamsEnv(standIn: StandIn): Record<string, string> {
  return {
    TEAMS_CLIENT_ID: TEAMS_STAND_IN_IDENTITY.clientId,
    TEAMS_CLIENT_SECRET: TEAMS_STAND_IN_IDENTITY.clientSecret,
    TEAMS_TENANT_ID: TEAMS_STAND_IN_IDENTITY.tenantId,
    TEAMS_OPENID_METADATA_URL: standIn.openIdMetadataUrl,
    TEAMS_LOGIN_URL: standIn.loginUrl,
    TEAMS_SERVICE_URL: standIn.serviceUrl,
    GRAPH_API_URL: standIn.graphUrl,
  };
}

async function startStandIn(users: { id: string; mail: string; displayName: string }[]) {
  const child = spawnNode(
    [
      "--import",
      "tsx",
      "bench/teams-stand-in.ts",
      JSON.stringify({ users, channels: { [TEAM]: [CHANNEL] } }),
    ],
    {},
    ROOT,
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const waiting: ((line: string) => void)[] = [];
  lines.on("line", (line) => waiting.shift()?.(line));
  const nextLine = () => new Promise<string>((resolve) => waiting.push(resolve));
  const first = JSON.parse(await nextLine()) as Omit<StandIn, "child" | "stats">;
  const standIn: StandIn = {
    ...first,
    child,
    async stats() {
      const answer = nextLine();
      child.stdin?.write("stats\n");
      return (JSON.parse(await answer) as { calls: Record<string, number> }).calls;
    },
  };
  return standIn;
}

function latencyOf(samples: readonly Sample[]) {
  const ms = samples.map((s) => s.ms);
  return { p50: round(percentile(ms, 50), 2), p99: round(percentile(ms, 99), 2) };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

// Alone: `node --import tsx bench/teams.ts` prints the Teams numbers and writes nothing.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = mkdtempSync(join(tmpdir(), "bomba-bench-teams-"));
  const notes: string[] = [];
  try {
    buildBundle(ROOT);
    const results = await teamsBench(join(ROOT, "org.example.yaml"), dir, notes);
    process.stdout.write(
      `${JSON.stringify(results, null, 2)}\n${notes.map((n) => `- ${n}`).join("\n")}\n`,
    );
  } finally {
    killChildren();
    rmSync(dir, { recursive: true, force: true });
  }
}
