import { createHmac } from "node:crypto";
import type {
  BlockAction,
  ButtonAction,
  SlashCommand,
  ViewStateSelectedOption,
  ViewStateValue,
  ViewSubmitAction,
} from "@slack/bolt";
import { STAND_IN_IDENTITY } from "./slack-stand-in.ts";

/** Ways to bend a request away from what Slack sends, to test the receiver's defences. */
export interface SignedRequestOptions {
  /** The `X-Slack-Request-Timestamp` to sign with (seconds); defaults to now. */
  timestampSeconds?: number;
  /** Added to the timestamp: `-301` replays a request older than Slack's 5-minute window. */
  shiftSeconds?: number;
  /** Signs with a wrong secret, as a forger who does not know it would. */
  forgeSignature?: boolean;
  /** Sends this exact `X-Slack-Signature` instead of computing one. */
  signature?: string;
  /** Sends `X-Slack-Retry-Num`, as Slack does when it redelivers an event. */
  retryNum?: number;
  /** Sends `X-Slack-Retry-Reason` (e.g. `http_timeout`). */
  retryReason?: string;
  /** Any further headers. */
  headers?: Record<string, string>;
}

/** The `X-Slack-Signature` Slack computes: `v0=` + HMAC-SHA256 of `v0:{ts}:{body}`. */
export function signBody(secret: string, body: string, timestampSeconds: number): string {
  const digest = createHmac("sha256", secret)
    .update(`v0:${timestampSeconds}:${body}`)
    .digest("hex");
  return `v0=${digest}`;
}

/** POSTs `body` to `url` signed with `secret`, with Slack's headers and the given content type. */
export async function postSigned(
  url: string,
  secret: string,
  body: string,
  contentType: string,
  options: SignedRequestOptions = {},
): Promise<Response> {
  const timestamp =
    (options.timestampSeconds ?? Math.floor(Date.now() / 1000)) + (options.shiftSeconds ?? 0);
  const signingSecret = options.forgeSignature === true ? `${secret}-forged` : secret;
  const headers: Record<string, string> = {
    "content-type": contentType,
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": options.signature ?? signBody(signingSecret, body, timestamp),
  };
  if (options.retryNum !== undefined) headers["x-slack-retry-num"] = String(options.retryNum);
  if (options.retryReason !== undefined) headers["x-slack-retry-reason"] = options.retryReason;
  return fetch(url, { method: "POST", headers: { ...headers, ...options.headers }, body });
}

/** The form fields Slack sends for `/bomba`, with overrides. */
export function slashCommandFields(overrides: Partial<SlashCommand> = {}): SlashCommand {
  return {
    token: "verification-token-unused",
    team_id: STAND_IN_IDENTITY.teamId,
    team_domain: STAND_IN_IDENTITY.teamDomain,
    channel_id: "C0GENERAL",
    channel_name: "general",
    user_id: "U0REPORTER",
    user_name: "reporter",
    command: "/bomba",
    text: "",
    api_app_id: STAND_IN_IDENTITY.appId,
    is_enterprise_install: "false",
    response_url: `https://hooks.slack.com/commands/${STAND_IN_IDENTITY.teamId}/1/stand-in`,
    trigger_id: triggerId(),
    ...overrides,
  };
}

/** Sends a slash command the way Slack does: a signed url-encoded form. */
export async function postSlashCommand(
  url: string,
  secret: string,
  fields: Partial<SlashCommand> = {},
  options: SignedRequestOptions = {},
): Promise<Response> {
  const form = new URLSearchParams(definedEntries(slashCommandFields(fields)));
  return postSigned(url, secret, form.toString(), FORM_CONTENT_TYPE, options);
}

/** Sends an interaction (click, modal submission…): a signed form whose `payload` is JSON. */
export async function postInteraction(
  url: string,
  secret: string,
  payload: object,
  options: SignedRequestOptions = {},
): Promise<Response> {
  const form = new URLSearchParams({ payload: JSON.stringify(payload) });
  return postSigned(url, secret, form.toString(), FORM_CONTENT_TYPE, options);
}

/** Sends an Events API callback wrapping `event`, as signed JSON. */
export async function postEvent(
  url: string,
  secret: string,
  event: Record<string, unknown>,
  options: SignedRequestOptions = {},
): Promise<Response> {
  const body = JSON.stringify(eventEnvelope(event));
  return postSigned(url, secret, body, "application/json", options);
}

/** The `event_callback` envelope Slack wraps an event in, with overrides. */
export function eventEnvelope(
  event: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const eventTime = Math.floor(Date.now() / 1000);
  return {
    token: "verification-token-unused",
    team_id: STAND_IN_IDENTITY.teamId,
    api_app_id: STAND_IN_IDENTITY.appId,
    event: { event_ts: `${eventTime}.000100`, ...event },
    type: "event_callback",
    event_id: `Ev0${String(nextSerial()).padStart(8, "0")}`,
    event_time: eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: STAND_IN_IDENTITY.teamId,
        user_id: STAND_IN_IDENTITY.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-stand-in-${eventTime}`,
    ...overrides,
  };
}

/** What a button click carries; the rest is filled like Slack fills it. */
export interface BlockActionInput {
  /** Who clicked. */
  userId: string;
  /** The button's `action_id` (e.g. `bomba_accept`). */
  actionId: string;
  /** The button's `value` (the bomb id). */
  value: string;
  /** Trigger for opening a modal; a fresh one by default. */
  triggerId?: string;
  /** Channel of the message holding the button (a DM by default). */
  channelId?: string;
  /** `ts` of the message holding the button. */
  messageTs?: string;
  /** Block holding the button. */
  blockId?: string;
  /** Where `respond()` posts; point it at the stand-in's `responseUrl()`. */
  responseUrl?: string;
  /** Set when the button sits in the App Home tab rather than in a message. */
  homeViewId?: string;
}

/** A `block_actions` payload for one button click, shaped like Slack's, with overrides. */
export function blockActionPayload(
  input: BlockActionInput,
  overrides: Partial<BlockAction<ButtonAction>> = {},
): BlockAction<ButtonAction> {
  const channelId = input.channelId ?? `D${input.userId.slice(1)}`;
  const messageTs = input.messageTs ?? "1700000000.000100";
  const action: ButtonAction = {
    type: "button",
    action_id: input.actionId,
    block_id: input.blockId ?? "actions",
    text: { type: "plain_text", text: input.actionId, emoji: true },
    value: input.value,
    action_ts: actionTs(),
  };
  const common = {
    type: "block_actions" as const,
    user: {
      id: input.userId,
      username: input.userId.toLowerCase(),
      name: input.userId.toLowerCase(),
      team_id: STAND_IN_IDENTITY.teamId,
    },
    api_app_id: STAND_IN_IDENTITY.appId,
    token: "verification-token-unused",
    trigger_id: input.triggerId ?? triggerId(),
    team: { id: STAND_IN_IDENTITY.teamId, domain: STAND_IN_IDENTITY.teamDomain },
    is_enterprise_install: false,
    state: { values: {} },
    actions: [action],
  };
  if (input.homeViewId !== undefined) {
    return {
      ...common,
      container: { type: "view", view_id: input.homeViewId },
      view: {
        ...emptyView(input.homeViewId, ""),
        type: "home",
        title: { type: "plain_text", text: "Home" },
      },
      // Home-tab clicks carry no response_url; Bolt's type still wants the field.
      response_url: input.responseUrl ?? "",
      ...overrides,
    };
  }
  return {
    ...common,
    container: {
      type: "message",
      message_ts: messageTs,
      channel_id: channelId,
      is_ephemeral: false,
    },
    channel: { id: channelId, name: "directmessage" },
    message: {
      type: "message",
      user: STAND_IN_IDENTITY.userId,
      bot_id: STAND_IN_IDENTITY.botId,
      app_id: STAND_IN_IDENTITY.appId,
      ts: messageTs,
      text: "",
      blocks: [],
    },
    response_url:
      input.responseUrl ?? `https://hooks.slack.com/actions/${STAND_IN_IDENTITY.teamId}/1/stand-in`,
    ...overrides,
  };
}

/** What a modal submission carries; the rest is filled like Slack fills it. */
export interface ViewSubmissionInput {
  /** Who submitted. */
  userId: string;
  /** The modal's `callback_id` (e.g. `bomba_accept`). */
  callbackId: string;
  /** `private_metadata`: a string as sent, or an object to JSON-encode (`{ bombId: 7 }`). */
  privateMetadata: string | Record<string, unknown>;
  /** One value per input block, keyed by `block_id`; built with `stateValue`. */
  values: Record<string, ViewStateValue>;
  /** The element's `action_id` in every input block; SPEC.md fixes it to `value`. */
  actionId?: string;
  /** View id; a fixed one by default. */
  viewId?: string;
  /** Targets for `respond()` when the modal had `response_url_enabled`. */
  responseUrls?: ViewSubmitAction["response_urls"];
}

/** A `view_submission` payload shaped like Slack's, with overrides. */
export function viewSubmissionPayload(
  input: ViewSubmissionInput,
  overrides: Partial<ViewSubmitAction> = {},
): ViewSubmitAction {
  const actionId = input.actionId ?? "value";
  const values: Record<string, Record<string, ViewStateValue>> = {};
  for (const [blockId, value] of Object.entries(input.values)) {
    values[blockId] = { [actionId]: value };
  }
  const privateMetadata =
    typeof input.privateMetadata === "string"
      ? input.privateMetadata
      : JSON.stringify(input.privateMetadata);
  const view = emptyView(input.viewId ?? "V0STANDIN01", input.callbackId);
  return {
    type: "view_submission",
    team: { id: STAND_IN_IDENTITY.teamId, domain: STAND_IN_IDENTITY.teamDomain },
    user: {
      id: input.userId,
      name: input.userId.toLowerCase(),
      team_id: STAND_IN_IDENTITY.teamId,
    },
    api_app_id: STAND_IN_IDENTITY.appId,
    token: "verification-token-unused",
    trigger_id: triggerId(),
    view: { ...view, private_metadata: privateMetadata, state: { values } },
    response_urls: input.responseUrls ?? [],
    is_enterprise_install: false,
    ...overrides,
  };
}

/** Typed input values as Slack reports them in `view.state.values`. */
export const stateValue = {
  /** A `plain_text_input`; `null` is what Slack sends for an empty optional field. */
  text: (value: string | null): ViewStateValue => ({ type: "plain_text_input", value }),
  /** A `datepicker` with an ISO date (`2026-03-14`) or nothing picked. */
  date: (selectedDate: string | null): ViewStateValue => ({
    type: "datepicker",
    selected_date: selectedDate,
  }),
  /** A `static_select` with the chosen option's value. */
  staticSelect: (value: string | null, text?: string): ViewStateValue => ({
    type: "static_select",
    selected_option: selectedOption(value, text),
  }),
  /** A `radio_buttons` group with the chosen option's value. */
  radio: (value: string | null, text?: string): ViewStateValue => ({
    type: "radio_buttons",
    selected_option: selectedOption(value, text),
  }),
  /** A `users_select` with the chosen user id. */
  user: (userId: string | null): ViewStateValue => ({
    type: "users_select",
    selected_user: userId,
  }),
};

const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

let serial = 0;

function nextSerial(): number {
  serial += 1;
  return serial;
}

function triggerId(): string {
  return `${1_700_000_000_000 + nextSerial()}.1234567890.${"0".repeat(24)}${nextSerial()}`;
}

function actionTs(): string {
  return `${Math.floor(Date.now() / 1000)}.${String(nextSerial()).padStart(6, "0")}`;
}

function selectedOption(value: string | null, text?: string): ViewStateSelectedOption | null {
  if (value === null) return null;
  return { text: { type: "plain_text", text: text ?? value, emoji: true }, value };
}

function definedEntries(fields: Record<string, unknown>): [string, string][] {
  return Object.entries(fields).flatMap(([key, value]) =>
    value === undefined ? [] : [[key, String(value)] as [string, string]],
  );
}

function emptyView(id: string, callbackId: string): ViewSubmitAction["view"] {
  return {
    id,
    team_id: STAND_IN_IDENTITY.teamId,
    type: "modal",
    blocks: [],
    private_metadata: "",
    callback_id: callbackId,
    state: { values: {} },
    hash: "1700000000.stand-in",
    title: { type: "plain_text", text: "Correo Bomba", emoji: true },
    clear_on_close: false,
    notify_on_close: false,
    close: { type: "plain_text", text: "Cancelar", emoji: true },
    submit: { type: "plain_text", text: "Enviar", emoji: true },
    previous_view_id: null,
    root_view_id: id,
    app_id: STAND_IN_IDENTITY.appId,
    external_id: "",
    app_installed_team_id: STAND_IN_IDENTITY.teamId,
    bot_id: STAND_IN_IDENTITY.botId,
  };
}
