/**
 * Bad input, generated: slash-command text, button values, `private_metadata`, view state and org
 * files. Properties first on the parsers (fast-check, bounded, seeded), then a sample of the same
 * through the real `bomba serve` and the CLI: nothing throws or crashes, nothing changes state,
 * every refusal is a sentence from the catalog of the org's language.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeCommandProblem, parseCommandText } from "../../src/chat/command-text.ts";
import { inputs } from "../../src/chat/ids.ts";
import { maxTextLength } from "../../src/core/errors.ts";
import type { Locale } from "../../src/core/org.ts";
import { loadOrgFile, parseOrg } from "../../src/org/load-org.ts";
import { orgMessage } from "../../src/org/org-messages.ts";
import { slackSurface } from "../../src/slack/surface.ts";
import {
  parseAcceptSubmission,
  parseDefuseSubmission,
  parseForwardSubmission,
  parseOpenSubmission,
  parsePrivateMetadata,
  parseReopenSubmission,
  parseResolveSubmission,
  parseVerifySubmission,
  type Submission,
} from "../../src/slack/view-submissions.ts";
import { REFERENCE_CLOCK, runBomba, STRANGER, slackIds, waitFor } from "../e2e/harness.ts";
import { orgYaml } from "../fixtures/org.ts";
import { stateValue, viewSubmissionPayload } from "../support/signed-request.ts";
import {
  actAs,
  baseEnv,
  createWorkspace,
  email,
  openBombIn,
  outboxDrained,
  reportInput,
  type ServeRun,
  seedWorkspace,
  startServe,
  stateOf,
  type Workspace,
} from "./bot-process.ts";
import { runSeed, summary } from "./ledger.ts";
import { fixtureDirectory } from "./slack-sim.ts";

const seed = runSeed();
const MONDAY = Date.parse(REFERENCE_CLOCK);
const runs = { command: 400, metadata: 400, view: 150, org: 300 };
const seen = {
  command: 0,
  metadata: 0,
  view: 0,
  org: 0,
  orgRefused: 0,
  endpoint: { commands: 0, buttons: 0, metadata: 0, views: 0 },
  /** Comparisons of the whole state before and after, and how many found it changed. */
  stateChecks: 0,
  changed: 0,
  oversized: "",
};

// ---------------------------------------------------------------------------------------------
// Generators.

const commandWords = [
  "list",
  "lista",
  "listar",
  "show",
  "ver",
  "digest",
  "resumen",
  "report",
  "informe",
  "help",
  "ayuda",
  "?",
  "open",
  "abrir",
  "mine",
  "mías",
  "all",
  "todas",
  "logistica",
  "#12",
  "#0",
  "-1",
  "1e3",
  "0x10",
  "99999999999",
  "2026-Q4",
  "2026-Q5",
  "q9-2026",
  "Q1-2027",
  "LISTA",
  "Ver",
];

const commandText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 120 }),
  fc
    .array(fc.oneof(fc.constantFrom(...commandWords), fc.string({ maxLength: 10 })), {
      maxLength: 5,
    })
    .chain((words) =>
      fc.constantFrom(" ", "  ", "\t", "\n", " \u00a0 ").map((space) => words.join(space)),
    ),
);

const metadataText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.json(),
  fc
    .oneof(
      fc.anything(),
      fc.integer(),
      fc.constantFrom("12", "-3", "1.5", "1e2", "0x10", null, true, [], {}),
      fc.double(),
    )
    .map((bombId) => JSON.stringify({ bombId })),
  fc.record({ bombId: fc.nat(), extra: fc.anything() }).map((r) => `${JSON.stringify(r)}garbage`),
);

const allInputs = [...new Set(Object.values(inputs).flat())];
const choiceValues = ["minor", "major", "direct", "survey", "other", "satisfied", "unsatisfied"];

const elementState = fc.oneof(
  fc.anything(),
  fc.record(
    {
      type: fc.string({ maxLength: 8 }),
      value: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null), fc.integer(), fc.anything()),
    },
    { requiredKeys: [] },
  ),
  fc.record({
    selected_date: fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom("2026-02-30", "2026-13-01", "2026-12-14", "14/12/2026", ""),
      fc.anything(),
    ),
  }),
  fc.record({
    selected_option: fc.oneof(
      fc.anything(),
      fc.record({
        value: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...choiceValues)),
      }),
    ),
  }),
  fc.record({
    selected_user: fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom(slackIds.nacho, STRANGER),
    ),
  }),
);

const stateValues = fc.dictionary(
  fc.constantFrom(...allInputs, "x", "", "__proto__", "constructor"),
  fc.oneof(
    fc.dictionary(fc.constantFrom("value", "other", "__proto__"), elementState),
    fc.anything(),
  ),
);

const viewShape = fc.oneof(
  fc.anything(),
  fc.record({ state: fc.oneof(fc.anything(), fc.record({ values: fc.anything() })) }),
  fc.record({ state: fc.record({ values: stateValues }) }),
);

type Parser = (
  view: unknown,
  directory: typeof fixtureDirectory,
  locale: Locale,
) => Submission<unknown>;

const parsers: [keyof typeof inputs, Parser][] = [
  ["open", parseOpenSubmission],
  ["accept", parseAcceptSubmission],
  ["forward", parseForwardSubmission],
  ["resolve", parseResolveSubmission],
  ["verify", parseVerifySubmission],
  ["reopen", parseReopenSubmission],
  ["defuse", parseDefuseSubmission],
];

/** A sentence a person may read: not empty, no hole where a value was missing. */
function isSentence(text: unknown): boolean {
  return (
    typeof text === "string" && text.trim().length > 0 && !/undefined|\[object |NaN/.test(text)
  );
}

// Org files: the fixture text, broken line by line.
const snippets = [
  ": ",
  "- ",
  "{",
  "}",
  "[",
  "]",
  "\t",
  "&a ",
  "*a",
  "!!binary ",
  "null",
  "~",
  "---",
  "#",
  '"',
  "'",
  "\u0000",
  "💣",
  "reportsTo: nadie@example.com",
  "locale: fr",
  "timezone: Mars/Base",
  "answerWithin: { workingDays: -3 }",
  'dayStarts: "25:00"',
  "ceo: ana@example.com",
  "<<: *a",
  "people: []",
  "departments: ~",
  "  - { email: x }",
  "loyaltyManagers: [nadie@example.com]",
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete"), line: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate"), line: fc.nat() }),
  fc.record({ kind: fc.constant("swap"), line: fc.nat(), other: fc.nat() }),
  fc.record({
    kind: fc.constant("insert"),
    line: fc.nat(),
    at: fc.nat(),
    text: fc.constantFrom(...snippets),
  }),
  fc.record({
    kind: fc.constant("char"),
    line: fc.nat(),
    at: fc.nat(),
    text: fc.string({ unit: "binary", minLength: 1, maxLength: 2 }),
  }),
  fc.record({ kind: fc.constant("indent"), line: fc.nat(), at: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("truncate"), line: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, mutations: Mutation[]): string {
  let lines = text.split("\n");
  for (const m of mutations) {
    const i = m.line % Math.max(lines.length, 1);
    const line = lines[i] ?? "";
    switch (m.kind) {
      case "delete":
        lines.splice(i, 1);
        break;
      case "duplicate":
        lines.splice(i, 0, line);
        break;
      case "swap": {
        const j = m.other % lines.length;
        [lines[i], lines[j]] = [lines[j] ?? "", line];
        break;
      }
      case "insert":
      case "char": {
        const at = m.at % (line.length + 1);
        lines[i] = line.slice(0, at) + m.text + line.slice(m.kind === "char" ? at + 1 : at);
        break;
      }
      case "indent":
        lines[i] = " ".repeat(m.at) + line;
        break;
      case "truncate":
        lines = lines.slice(0, i);
        break;
    }
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------

describe("bad input into the parsers (fast-check)", () => {
  it("command text: never throws; a refusal names the problem in the org's language", () => {
    fc.assert(
      fc.property(commandText, (text) => {
        seen.command += 1;
        const parsed = parseCommandText(text);
        expect(["open", "list", "show", "digest", "report", "help", "invalid"]).toContain(
          parsed.kind,
        );
        if (parsed.kind === "show")
          expect(Number.isSafeInteger(parsed.id) && parsed.id > 0).toBe(true);
        if (parsed.kind !== "invalid") return;
        const es = describeCommandProblem(parsed, "es", slackSurface.command);
        const en = describeCommandProblem(parsed, "en", slackSurface.command);
        expect(isSentence(es), es).toBe(true);
        expect(isSentence(en), en).toBe(true);
        expect(es).not.toBe(en);
      }),
      { numRuns: runs.command, seed },
    );
  });

  it('private_metadata: never throws; only {"bombId": n} with n a positive integer is read', () => {
    fc.assert(
      fc.property(metadataText, (text) => {
        seen.metadata += 1;
        const meta = parsePrivateMetadata(text);
        if (meta === null) return;
        expect(Number.isSafeInteger(meta.bombId) && meta.bombId > 0).toBe(true);
        expect(JSON.parse(text).bombId).toBe(meta.bombId);
      }),
      { numRuns: runs.metadata, seed },
    );
    for (const value of [undefined, null, 12, {}, [], '{"bombId":0}']) {
      expect(parsePrivateMetadata(value)).toBeNull();
    }
  });

  it.each(parsers)(
    "view state of bomba_%s: never throws; errors name the modal's fields, in es and en",
    (modal, parse) => {
      const fields = new Set<string>(inputs[modal]);
      fc.assert(
        fc.property(viewShape, (view) => {
          seen.view += 1;
          const es = parse(view, fixtureDirectory, "es");
          const en = parse(view, fixtureDirectory, "en");
          expect(es.ok).toBe(en.ok);
          if (es.ok || en.ok) {
            // Accepted text is the text as typed, within the limit: never cut to fit.
            for (const value of Object.values(es.ok ? (es.value as object) : {})) {
              if (typeof value === "string")
                expect(value.length).toBeLessThanOrEqual(maxTextLength);
            }
            return;
          }
          expect(Object.keys(es.errors).length).toBeGreaterThan(0);
          expect(Object.keys(en.errors)).toEqual(Object.keys(es.errors));
          for (const [field, message] of Object.entries(es.errors)) {
            expect(fields.has(field), field).toBe(true);
            expect(isSentence(message), message).toBe(true);
            expect(en.errors[field]).not.toBe(message);
          }
        }),
        { numRuns: runs.view, seed },
      );
    },
  );

  it.each([
    ["es", orgYaml()],
    ["en", orgYaml({ locale: "en" })],
  ])(
    "org file (%s) mutated at random: never throws; every issue is a catalog sentence with its line",
    (locale, base) => {
      expect(parseOrg(base).ok).toBe(true);
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
          seen.org += 1;
          const text = mutate(base, mutations);
          const result = parseOrg(text);
          if (result.ok) return;
          seen.orgRefused += 1;
          expect(result.issues.length).toBeGreaterThan(0);
          // Once the YAML reads, its locale line speaks for it (a broken YAML falls back to es).
          const readable = result.issues.every((i) => !i.code.startsWith("yaml"));
          if (readable && /^locale: "?en"?$/m.test(text) && locale === "en") {
            expect(result.locale).toBe("en");
          }
          const lines = text.split("\n").length;
          for (const issue of result.issues) {
            expect(isSentence(issue.message), issue.message).toBe(true);
            expect(issue.message).toBe(orgMessage(result.locale, issue.code, issue.params));
            if (issue.line !== null) {
              expect(issue.line).toBeGreaterThanOrEqual(1);
              expect(issue.line).toBeLessThanOrEqual(lines + 1);
            }
          }
        }),
        { numRuns: runs.org, seed },
      );
    },
  );
});

// ---------------------------------------------------------------------------------------------

describe("bad input through bomba serve and the CLI", () => {
  let ws: Workspace;
  let serve: ServeRun;
  let before = "";

  /** The whole state is what it was. */
  function expectUnchanged(state: string): void {
    const now = ws.read(stateOf);
    seen.stateChecks += 1;
    if (now !== state) seen.changed += 1;
    expect(now).toBe(state);
  }

  /** Waits for the outbox to drain, so that delivery does not count as a change. */
  async function settled(): Promise<void> {
    await outboxDrained(ws, 10_000);
  }

  beforeAll(async () => {
    ws = await createWorkspace();
    await seedWorkspace(ws, async (svc) => {
      await openBombIn(svc, MONDAY - 3_600_000, "logistica", "Norte S.A.");
      const two = await openBombIn(svc, MONDAY - 3_600_000, "comercial", "Sur S.L.");
      await actAs(svc, two.id, email.sergio, MONDAY - 1_800_000, {
        type: "accept",
        severity: "minor",
        dueDate: "2026-12-18",
        visitBy: email.sergio,
        visitOn: "2026-12-15",
        plan: "Llamar al cliente.",
      });
      await openBombIn(svc, MONDAY - 3_600_000, null, "En triage S.A.");
    });
    serve = await startServe(ws, MONDAY);
    await serve.healthy();
    await settled();
    before = ws.read(stateOf);
  }, 40_000);

  afterAll(async () => {
    await serve?.stop();
    await ws?.remove();
    const e = seen.endpoint;
    summary(
      "bad-input",
      `seed ${seed}: ${seen.command} command texts, ${seen.metadata} private_metadata, ` +
        `${seen.view} view states (7 modals × es/en), ${seen.org} org-file mutations ` +
        `(${seen.orgRefused} refused) through the parsers: 0 throws, every refusal a catalog ` +
        `sentence (es ≠ en); through bomba serve: ${e.commands} commands, ${e.buttons} button ` +
        `values, ${e.metadata} private_metadata, ${e.views} view states: state changed at ` +
        `${seen.changed} of ${seen.stateChecks} checks, 0 listener failures; ${seen.oversized}`,
    );
  });

  it("answers random command text privately and changes nothing", async () => {
    const texts = fc.sample(commandText, { numRuns: 30, seed });
    const users = [STRANGER, slackIds.nacho, slackIds.ana];
    for (const [i, text] of texts.entries()) {
      const answer = await serve.command(users[i % users.length] as string, text);
      seen.endpoint.commands += 1;
      expect(answer.status, text).toBe(200);
      if (parseCommandText(text).kind === "open") continue;
      expect(answer.json?.response_type, text).toBe("ephemeral");
      expect(isSentence(answer.json?.text), `${text} → ${answer.text}`).toBe(true);
    }
    await settled();
    expectUnchanged(before);
  }, 30_000);

  it("answers buttons with garbled values privately and changes nothing", async () => {
    const known = ws.read(
      (db) => (db.prepare("SELECT max(id) AS n FROM bombs").get() as { n: number }).n,
    );
    // A value that reads as an existing bomb's id is that bomb's button, not garbage.
    const values = fc
      .sample(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 30 }),
          fc.integer().map(String),
          fc.constantFrom("", "0", "-1", "1.5", "NaN", "Infinity", "99999999999999999999"),
        ),
        { numRuns: 40, seed },
      )
      .filter((v) => {
        const n = Number(v);
        return !(Number.isInteger(n) && n >= 1 && n <= known);
      });
    const actionIds = [
      "bomba_accept",
      "bomba_forward",
      "bomba_defuse",
      "bomba_triage_dismiss",
      "bomba_verify",
    ];
    const postsBefore = ws.standIn.callsTo("chat.postEphemeral").length;
    for (const [i, value] of values.entries()) {
      const user = i % 2 === 0 ? slackIds.ana : STRANGER;
      const answer = await serve.click(user, actionIds[i % actionIds.length] as string, value);
      seen.endpoint.buttons += 1;
      expect(answer.status).toBe(200);
    }
    const answered = await waitFor(() => {
      const calls = ws.standIn.callsTo("chat.postEphemeral").slice(postsBefore);
      return calls.length >= values.length && calls;
    }, "a private answer to every click");
    for (const call of answered) expect(String(call.args.text)).toMatch(/^No existe la bomba #/);
    await settled();
    expectUnchanged(before);
  }, 30_000);

  it("refuses a modal whose private_metadata is garbled, with a sentence, and changes nothing", async () => {
    const garbled = fc
      .sample(metadataText, { numRuns: 40, seed })
      .filter((m) => m.trim() !== "" && parsePrivateMetadata(m) === null)
      .slice(0, 15);
    for (const [i, metadata] of garbled.entries()) {
      const answer = await serve.submit(
        i % 2 === 0
          ? {
              userId: slackIds.ana,
              callbackId: "bomba_defuse",
              privateMetadata: metadata,
              viewId: `V0META${i}`,
              values: { reason: stateValue.text("El cliente retira la queja.") },
            }
          : { ...reportInput(`V0META${i}`, "Garbled S.A."), privateMetadata: metadata },
      );
      seen.endpoint.metadata += 1;
      expect(answer.status).toBe(200);
      expect(answer.json?.response_action, `${metadata} → ${answer.text}`).toBe("update");
      expect(JSON.stringify(answer.json)).toContain("No existe la bomba");
    }
    await settled();
    expectUnchanged(before);
  }, 30_000);

  it("answers garbled view state with the parser's errors under each field, and changes nothing", async () => {
    const callbacks = parsers.map(([modal, parse]) => ({ callbackId: `bomba_${modal}`, parse }));
    const states = fc
      .sample(stateValues, { numRuns: 80, seed })
      .map((values, i) => ({
        values,
        ...(callbacks[i % callbacks.length] as (typeof callbacks)[number]),
      }))
      .filter(({ values, parse }) => !parse({ state: { values } }, fixtureDirectory, "es").ok)
      .slice(0, 30);
    for (const [i, { values, callbackId, parse }] of states.entries()) {
      const payload = viewSubmissionPayload({
        userId: STRANGER,
        callbackId,
        privateMetadata: callbackId === "bomba_open" ? "" : { bombId: 1 },
        viewId: `V0STATE${i}`,
        values: {},
      });
      // Garbled state as it comes, past the builder's typed inputs.
      (payload.view.state as { values: unknown }).values = values;
      const answer = await serve.interact(payload);
      seen.endpoint.views += 1;
      expect(answer.status).toBe(200);
      const expected = parse({ state: { values } }, fixtureDirectory, "es");
      expect(answer.json).toEqual({
        response_action: "errors",
        errors: expected.ok ? {} : expected.errors,
      });
    }
    await settled();
    expectUnchanged(before);
  }, 30_000);

  it("refuses a 10,000-character complaint by field, naming the limit; stores 3,000 whole", async () => {
    const tooLong = "x".repeat(10_000);
    for (const field of ["customer", "contact", "complaint"] as const) {
      const input = reportInput(
        `V0LONG-${field}`,
        field === "customer" ? tooLong : "Largo S.A.",
        "logistica",
        field === "complaint" ? tooLong : "Queja normal.",
      );
      if (field === "contact") input.values.contact = stateValue.text(tooLong);
      const answer = await serve.submit(input);
      expect(answer.json).toEqual({
        response_action: "errors",
        errors: { [field]: `Demasiado largo: 10000 caracteres (máximo ${maxTextLength}).` },
      });
    }
    await settled();
    expectUnchanged(before);
    const refusal = `Demasiado largo: 10000 caracteres (máximo ${maxTextLength}).`;

    const exact = `${"Queja muy detallada. ".repeat(150)}`.slice(0, maxTextLength - 1).concat("!");
    expect(exact).toHaveLength(maxTextLength);
    const accepted = await serve.submit(reportInput("V0EXACT", "Exacta S.A.", "logistica", exact));
    expect(accepted).toMatchObject({ status: 200, text: "" });
    const stored = ws.read(
      (db) =>
        db
          .prepare(
            "SELECT id, json_extract(data, '$.complaint') AS complaint FROM bombs WHERE source_key = 'view:V0EXACT'",
          )
          .get() as {
          id: number;
          complaint: string;
        },
    );
    expect(stored.complaint).toBe(exact);
    // And its messages still fit Slack: delivered, not refused as invalid_blocks.
    await settled();
    const failed = ws.read((db) =>
      db
        .prepare("SELECT kind, last_error FROM outbox WHERE bomb_id = ? AND status != 'sent'")
        .all(stored.id),
    );
    expect(failed).toEqual([]);
    seen.oversized =
      `10,000-character customer/contact/complaint refused by field ("${refusal}"), ` +
      `${maxTextLength} characters stored whole and delivered`;
    before = ws.read(stateOf);
  }, 30_000);

  it("refuses a broken org file at import and at start-up, in the file's language, touching nothing", async () => {
    const broken = fc
      .sample(fc.array(mutation, { minLength: 1, maxLength: 3 }), { numRuns: 60, seed })
      .map((m) => mutate(orgYaml(), m))
      .filter((text) => !parseOrg(text).ok)
      .slice(0, 2);
    expect(broken).toHaveLength(2);
    await serve.stop();
    const stored = ws.read(stateOf);
    const files = broken.map((text, i) => {
      const file = join(ws.dir, `broken-${i}.yaml`);
      writeFileSync(file, text);
      return file;
    });
    const brokenFile = files[0] as string;
    const [ended, ...imports] = await Promise.all([
      startServe(ws, MONDAY, { BOMBA_ORG: brokenFile }).then((restart) => restart.running.done),
      ...files.map((file) => runBomba(["org", "import", file], baseEnv(ws), ws.dir).done),
    ]);
    for (const [i, run] of imports.entries()) {
      expect(run.code).toBe(1);
      // What the command reads: the file's bytes first (a stray control character is named on
      // its own, before the YAML), then its text.
      const result = loadOrgFile(files[i] as string);
      for (const issue of result.ok ? [] : result.issues)
        expect(run.stderr).toContain(issue.message);
    }
    expect(ended.code).toBe(1);
    for (const line of ended.stderr.trimEnd().split("\n"))
      expect(line.startsWith(`${brokenFile}`)).toBe(true);
    expectUnchanged(stored);
    expect(serve.stderr()).not.toMatch(/listener failed|internal error|TypeError/);
  }, 30_000);
});
