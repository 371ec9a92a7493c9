import type { AddressInfo } from "node:net";
import { App, LogLevel, type SlashCommand, type ViewStateValue } from "@slack/bolt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  blockActionPayload,
  postEvent,
  postInteraction,
  postSlashCommand,
  signBody,
  stateValue,
  viewSubmissionPayload,
} from "./signed-request.ts";
import {
  type SlackStandIn,
  STAND_IN_BOT_TOKEN,
  standInClientOptions,
  startSlackStandIn,
} from "./slack-stand-in.ts";

const SIGNING_SECRET = "stand-in-signing-secret";

interface Seen {
  commands: SlashCommand[];
  clicks: { userId: string; value: string | undefined }[];
  submissions: Record<string, Record<string, ViewStateValue>>[];
  events: { type: string; retryNum: number | undefined; retryReason: string | undefined }[];
}

let standIn: SlackStandIn;
let app: App;
let eventsUrl: string;
let seen: Seen;

beforeAll(async () => {
  standIn = await startSlackStandIn();
  app = new App({
    signingSecret: SIGNING_SECRET,
    token: STAND_IN_BOT_TOKEN,
    clientOptions: standInClientOptions(standIn.url),
    logLevel: LogLevel.ERROR,
    // Without it the constructor fires auth.test unawaited; init() awaits it so failures surface.
    deferInitialization: true,
  });
  app.command("/bomba", async ({ ack, command }) => {
    await ack();
    seen.commands.push(command);
  });
  app.action("bomba_accept", async ({ ack, body, payload, respond }) => {
    await ack();
    seen.clicks.push({
      userId: body.user.id,
      value: "value" in payload ? payload.value : undefined,
    });
    await respond({ text: "Bomba aceptada", replace_original: false });
  });
  app.view("bomba_accept", async ({ ack, view }) => {
    seen.submissions.push(view.state.values);
    await ack({ response_action: "errors", errors: { due: "La fecha ya pasó" } });
  });
  app.event("app_home_opened", async ({ event, context }) => {
    seen.events.push({
      type: event.type,
      retryNum: context.retryNum,
      retryReason: context.retryReason,
    });
  });
  await app.init();
  // HTTPReceiver.start hands its argument to server.listen(), so ListenOptions pick host and port.
  const server = await app.start({ port: 0, host: "127.0.0.1" });
  const { address, port } = server.address() as AddressInfo;
  eventsUrl = `http://${address}:${port}/slack/events`;
});

afterAll(async () => {
  await app.stop();
  await standIn.close();
});

beforeEach(() => {
  seen = { commands: [], clicks: [], submissions: [], events: [] };
});

describe("signBody", () => {
  it("matches Slack's documented example signature", () => {
    // The worked example from Slack's "Verifying requests from Slack" guide.
    const secret = "8f742231b10e8888abcd99yyyzzz85a5";
    const body = [
      "token=xyzz0WbapA4vBCDEFasx0q6G",
      "team_id=T1DC2JH3J",
      "team_domain=testteamnow",
      "channel_id=G8PSS9T3V",
      "channel_name=foobar",
      "user_id=U2CERLKJA",
      "user_name=roadrunner",
      "command=%2Fwebhook-collect",
      "text=",
      "response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN",
      "trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
    ].join("&");

    expect(signBody(secret, body, 1531420618)).toBe(
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    );
  });
});

describe("a real Bolt app behind the signed-request helpers", () => {
  it("verified the token with auth.test on the stand-in at start-up", () => {
    expect(standIn.callsTo("auth.test")).toEqual([
      expect.objectContaining({
        token: STAND_IN_BOT_TOKEN,
        response: expect.objectContaining({ ok: true }),
      }),
    ]);
  });

  it("acks a correctly signed /bomba with 200", async () => {
    const response = await postSlashCommand(eventsUrl, SIGNING_SECRET, {
      text: "lista mine",
      user_id: "U0ANA",
    });

    expect(response.status).toBe(200);
    expect(seen.commands).toEqual([
      expect.objectContaining({ command: "/bomba", text: "lista mine", user_id: "U0ANA" }),
    ]);
  });

  it("rejects a forged signature with 401 and runs no listener", async () => {
    const response = await postSlashCommand(
      eventsUrl,
      SIGNING_SECRET,
      {},
      { forgeSignature: true },
    );

    expect(response.status).toBe(401);
    expect(seen.commands).toEqual([]);
  });

  it("rejects a replayed request older than five minutes with 401", async () => {
    const response = await postSlashCommand(eventsUrl, SIGNING_SECRET, {}, { shiftSeconds: -301 });

    expect(response.status).toBe(401);
    expect(seen.commands).toEqual([]);
  });

  it("routes a button click by action_id and lets respond() reach the stand-in", async () => {
    const payload = blockActionPayload({
      userId: "U0NACHO",
      actionId: "bomba_accept",
      value: "7",
      responseUrl: standIn.responseUrl("click"),
    });

    const response = await postInteraction(eventsUrl, SIGNING_SECRET, payload);

    expect(response.status).toBe(200);
    expect(seen.clicks).toEqual([{ userId: "U0NACHO", value: "7" }]);
    await expect
      .poll(() => standIn.callsTo("response_url")[0]?.args)
      .toMatchObject({ response_url_name: "click", text: "Bomba aceptada" });
  });

  it("routes a modal submission by callback_id and returns its errors to Slack", async () => {
    const payload = viewSubmissionPayload({
      userId: "U0NACHO",
      callbackId: "bomba_accept",
      privateMetadata: { bombId: 7 },
      values: {
        severity: stateValue.radio("minor", "Menor"),
        due: stateValue.date("2020-01-01"),
        visit_by: stateValue.user("U0NACHO"),
        plan: stateValue.text(null),
      },
    });

    const response = await postInteraction(eventsUrl, SIGNING_SECRET, payload);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      response_action: "errors",
      errors: { due: "La fecha ya pasó" },
    });
    expect(seen.submissions[0]?.due?.value).toEqual({
      type: "datepicker",
      selected_date: "2020-01-01",
    });
    expect(seen.submissions[0]?.severity?.value?.selected_option?.value).toBe("minor");
  });

  it("hands Slack's retry headers on an event to the listener's context", async () => {
    const response = await postEvent(
      eventsUrl,
      SIGNING_SECRET,
      { type: "app_home_opened", user: "U0ANA", channel: "D0ANA", tab: "home" },
      { retryNum: 1, retryReason: "http_timeout" },
    );

    expect(response.status).toBe(200);
    await expect
      .poll(() => seen.events)
      .toEqual([{ type: "app_home_opened", retryNum: 1, retryReason: "http_timeout" }]);
  });
});
