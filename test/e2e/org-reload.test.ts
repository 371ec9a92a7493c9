/**
 * `bomba org import` while the real `bomba serve` runs on the same database: serve must work
 * with the new org from its next look at it, without a restart. Its forward form offers the new
 * link and nobody who left, a message to a new person is delivered, and nobody who left is
 * written to. (test/reliability/org-changes.test.ts restarts serve on a changed file instead.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureDepartments, fixturePeople, orgYaml } from "../fixtures/org.ts";
import {
  actAs,
  baseEnv,
  createWorkspace,
  email,
  openBombIn,
  outboxDrained,
  type ServeRun,
  seedWorkspace,
  startServe,
  type Workspace,
} from "../reliability/bot-process.ts";
import { summary } from "../reliability/ledger.ts";
import { stateValue } from "../support/signed-request.ts";
import {
  postsTo,
  REFERENCE_CLOCK,
  runBomba,
  selectValues,
  slackIds,
  waitForDm,
  waitForModal,
} from "./harness.ts";

const MONDAY = Date.parse(REFERENCE_CLOCK);
const HOUR = 3_600_000;
const PILAR = { email: "pilar@example.com", slackId: "U0PILAR" };

/** Marcos leaves (Jorge reports to Nacho); Pilar joins sales and is its link instead of Sergio. */
function reorganised(): string {
  const people = fixturePeople()
    .filter((p) => p.email !== email.marcos)
    .map((p) => (p.email === email.jorge ? { ...p, reportsTo: email.nacho } : p));
  people.push({
    email: PILAR.email,
    name: "Pilar Soto",
    title: "Jefa de cuentas clave",
    reportsTo: email.raul,
  });
  const departments = fixtureDepartments().map((d) =>
    d.id === "comercial" ? { ...d, link: PILAR.email } : d,
  );
  return orgYaml({ people, departments });
}

describe("bomba org import under a running bomba serve", () => {
  let ws: Workspace;
  let serve: ServeRun;
  const ids: Record<string, number> = {};
  const seen = { offered: "not checked", toPilarMs: 0, toLeaver: 0, failed: 0 };
  let importedAt = 0;

  beforeAll(async () => {
    ws = await createWorkspace();
    ws.standIn.users.set(PILAR.email, PILAR.slackId);
    await seedWorkspace(ws, async (svc) => {
      ids.nacho = (await openBombIn(svc, MONDAY, "logistica", "Pendiente Nacho")).id;
      ids.sergio = (await openBombIn(svc, MONDAY, "comercial", "Aceptada Sergio")).id;
      await actAs(svc, ids.sergio, email.sergio, MONDAY, {
        type: "accept",
        severity: "minor",
        dueDate: "2026-12-22",
        visitBy: email.marcos,
        visitOn: "2026-12-16",
        plan: "Marcos lleva el pedido y explica el retraso.",
      });
    });
    serve = await startServe(ws, MONDAY + HOUR);
    await serve.healthy();
    await outboxDrained(ws);

    ws.writeOrg(reorganised());
    const imported = await runBomba(["org", "import", ws.orgFile], baseEnv(ws), ws.dir).done;
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    importedAt = performance.now();
  }, 60_000);

  afterAll(async () => {
    await serve?.stop();
    await ws?.remove();
    summary(
      "org-reload",
      `bomba org import while bomba serve ran (link changed to a new ` +
        `person, one person left), no restart: in the next forward form ${seen.offered}; ` +
        `the forward DM to the new person was delivered ${seen.toPilarMs} ms after the import ` +
        `ended; ${seen.toLeaver} messages to the person who left, ${seen.failed} given up`,
    );
  });

  it("offers the new link in the forward form, and nobody who left or is no longer a link", async () => {
    const views = ws.standIn.callsTo("views.open").length;
    const clicked = await serve.click(slackIds.nacho, "bomba_forward", String(ids.nacho));
    expect(clicked.status).toBe(200);
    const modal = await waitForModal(ws.standIn, "bomba_forward", views);
    const targets = selectValues(modal, "target");
    const yesNo = (id: string) => (targets.includes(id) ? "yes" : "no");
    seen.offered =
      `the new link: ${yesNo(PILAR.slackId)}, the former link: ${yesNo(slackIds.sergio)}, ` +
      `the person who left: ${yesNo(slackIds.marcos)}`;
    expect(targets).toContain(PILAR.slackId);
    expect(targets).not.toContain(slackIds.sergio);
    expect(targets).not.toContain(slackIds.marcos);
  });

  it("delivers a message to the new person", async () => {
    const answer = await serve.submit({
      userId: slackIds.nacho,
      callbackId: "bomba_forward",
      privateMetadata: { bombId: ids.nacho },
      viewId: "V0RELOAD1",
      values: {
        target: stateValue.staticSelect(PILAR.slackId),
        note: stateValue.text("Es de un cliente de cuentas clave."),
      },
    });
    expect(answer).toMatchObject({ status: 200, text: "" });
    await waitForDm(ws.standIn, PILAR.slackId, "te reenvía la bomba");
    seen.toPilarMs = Math.round(performance.now() - importedAt);
    const holder = ws.read(
      (db) =>
        db.prepare("SELECT holder FROM bombs WHERE id = ?").get(ids.nacho) as { holder: string },
    );
    expect(holder.holder).toBe(PILAR.email);
  });

  it("writes to nobody who left: defusing a bomb Marcos was to visit tells the others only", async () => {
    const marcosBefore = postsTo(ws.standIn, slackIds.marcos).length;
    const answer = await serve.submit({
      userId: slackIds.ana,
      callbackId: "bomba_defuse",
      privateMetadata: { bombId: ids.sergio },
      viewId: "V0RELOAD2",
      values: { reason: stateValue.text("El cliente retira la queja.") },
    });
    expect(answer).toMatchObject({ status: 200, text: "" });
    await waitForDm(ws.standIn, slackIds.sergio, "desactivada");
    await outboxDrained(ws);
    seen.toLeaver = postsTo(ws.standIn, slackIds.marcos).length - marcosBefore;
    expect(seen.toLeaver).toBe(0);
    const rows = ws.read((db) => ({
      toMarcos: (
        db
          .prepare("SELECT count(*) AS n FROM outbox WHERE recipient = ? AND kind = 'bomb_defused'")
          .get(email.marcos) as { n: number }
      ).n,
      failed: (
        db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'failed'").get() as {
          n: number;
        }
      ).n,
    }));
    seen.failed = rows.failed;
    expect(rows).toEqual({ toMarcos: 0, failed: 0 });
  });
});
