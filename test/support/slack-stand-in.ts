import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LogLevel, WebClient, type WebClientOptions } from "@slack/web-api";

/** The bot token the stand-in accepts unless told another one. */
export const STAND_IN_BOT_TOKEN = "xoxb-0000000000-stand-in-token";

/** The workspace, app and bot the stand-in answers as (`auth.test`, payload builders). */
export const STAND_IN_IDENTITY = {
  url: "https://correo-bomba-test.slack.com/",
  team: "Correo Bomba Test",
  teamId: "T0STANDIN",
  teamDomain: "correo-bomba-test",
  user: "correo_bomba",
  userId: "U0CORREOBOT",
  botId: "B0CORREOBOT",
  appId: "A0CORREOBOT",
} as const;

/** A failure the stand-in plays instead of answering a method. */
export type StandInFailure =
  /** Answers with this HTTP status (e.g. 500, 503) and a non-JSON body. */
  | { kind: "http"; status: number }
  /** Answers 429 with a `Retry-After` header, like Slack's rate limiter. */
  | { kind: "rate_limited"; retryAfterSeconds: number }
  /** Never answers; the request hangs until the client gives up or the stand-in closes. */
  | { kind: "timeout" }
  /** Destroys the socket after reading the request: the client sees a network error. */
  | { kind: "drop" }
  /** Answers HTTP 200 `{ ok: false, error }`, Slack's way of refusing a call. */
  | { kind: "error"; error: string }
  /**
   * Does what the call asks, then destroys the socket before answering: the client sees a
   * network error although Slack acted (a timeout after Slack posted the message).
   */
  | { kind: "lost" };

/** One request the stand-in received, decoded. */
export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `upload` / `response_url` for those endpoints. */
  method: string;
  /** Body and query fields; JSON-encoded form fields (`blocks`, `view`, `files`…) decoded. */
  args: Record<string, unknown>;
  /** Bearer token from the `Authorization` header, or the `token` form field. */
  token: string | undefined;
  /** The failure played instead of an answer, if one was queued. */
  failure: StandInFailure | undefined;
  /** The JSON the stand-in answered, when it answered normally. */
  response: Record<string, unknown> | undefined;
  /** When it arrived (epoch milliseconds). */
  at: number;
}

/** A message as it now stands in the stand-in's workspace, after any `chat.update`. */
export interface StandInMessage {
  /** Channel id it was posted in (a user id is turned into that user's DM id). */
  channel: string;
  /** Slack timestamp, unique per stand-in. */
  ts: string;
  /** Current fallback text. */
  text: string | undefined;
  /** Current blocks. */
  blocks: unknown[] | undefined;
  /** How many times `chat.update` changed it. */
  updates: number;
  /** Its message metadata (`event_type`, `event_payload`), when it was given a valid one. */
  metadata?: StandInMetadata;
  /** The files it shares, when it is the message a completed upload posted. */
  files?: { id: string; name: string; title: string }[];
}

/** Message metadata as Slack keeps it. */
export interface StandInMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** A file sent through `files.getUploadURLExternal` → upload URL → `completeUploadExternal`. */
export interface StandInFile {
  /** File id (`F…`). */
  id: string;
  /** Name given to `files.getUploadURLExternal`. */
  filename: string;
  /** Declared length in bytes. */
  length: number;
  /** Bytes posted to the upload URL, once uploaded. */
  content: Buffer | undefined;
  /** Title given on completion. */
  title: string | undefined;
  /** Whether `files.completeUploadExternal` was called for it. */
  completed: boolean;
  /** Channel shared to on completion. */
  channelId: string | undefined;
  /** Comment posted with it on completion. */
  initialComment: string | undefined;
}

/** How to start a stand-in. */
export interface SlackStandInOptions {
  /** Bot token to accept; any other gets `invalid_auth`. */
  token?: string;
  /** Workspace members for `users.lookupByEmail`: e-mail → user id. */
  users?: Record<string, string>;
  /**
   * Channels ("#name") the bot is a member of, for `users.conversations`. A channel the bot
   * posts to by name joins the list: Slack only lets a bot post where it is a member.
   */
  channels?: string[];
}

/** A running stand-in for the Slack Web API. */
export interface SlackStandIn {
  /** Base URL of the Web API, ending in `/api/` (for `SLACK_API_URL` / `slackApiUrl`). */
  url: string;
  /** Every request received, in order (a live array, emptied by `reset`). */
  calls: RecordedCall[];
  /** Messages posted so far, in their current state. */
  messages: StandInMessage[];
  /** Files created through the external upload flow. */
  files: StandInFile[];
  /** The Home tab last published for each user id. */
  homeViews: Map<string, Record<string, unknown>>;
  /** Members known to `users.lookupByEmail` (e-mail, lower case → user id); add freely. */
  users: Map<string, string>;
  /** The calls made to one method. */
  callsTo(method: string): RecordedCall[];
  /**
   * Plays `failure` for the next `times` calls to `method` (`*` = any), or until reset; with
   * `when`, only for calls whose decoded arguments it accepts. Failures queued for one method
   * play in order; a call takes the first one that applies to it.
   */
  fail(
    method: string,
    failure: StandInFailure,
    times?: number,
    when?: (args: Record<string, unknown>) => boolean,
  ): void;
  /** A `response_url` served by the stand-in; posts to it are recorded as `response_url`. */
  responseUrl(name?: string): string;
  /** Forgets calls, failures, messages, views, files and added users; `ts` keeps increasing. */
  reset(): void;
  /** Stops listening and destroys every socket, including requests left hanging. */
  close(): Promise<void>;
}

interface QueuedFailure {
  failure: StandInFailure;
  remaining: number;
  when: ((args: Record<string, unknown>) => boolean) | undefined;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

// The web-api client JSON-encodes every non-scalar argument into one form field; these are the
// ones Slack's methods take, so they are decoded back for assertions. Free text is never touched.
const JSON_FIELDS = new Set([
  "blocks",
  "attachments",
  "view",
  "files",
  "metadata",
  "unfurls",
  "user_auth_blocks",
]);

const MESSAGE_BLOCK_LIMIT = 50;
const VIEW_BLOCK_LIMIT = 100;
const SECTION_TEXT_LIMIT = 3000;
const HEADER_TEXT_LIMIT = 150;
const MESSAGE_TEXT_LIMIT = 40_000;
const PRIVATE_METADATA_LIMIT = 3000;
const VIEW_TITLE_LIMIT = 24;
const HISTORY_LIMIT_DEFAULT = 100;
const HISTORY_LIMIT_MAX = 999;
const LIST_LIMIT_DEFAULT = 100;
const LIST_LIMIT_MAX = 1000;
// Slack: letters, numbers, underscores and hyphens; anything else is ignored with a warning.
const METADATA_EVENT_TYPE = /^[A-Za-z0-9_-]{1,255}$/;
const FIRST_TS_MICROS = 1_700_000_000_000_100;
const TS_STEP_MICROS = 100;

/** Starts a stand-in for the Slack Web API on 127.0.0.1 at a free port. */
export async function startSlackStandIn(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const expectedToken = options.token ?? STAND_IN_BOT_TOKEN;
  const initialUsers = Object.entries(options.users ?? {}).map(
    ([email, id]) => [email.toLowerCase(), id] as const,
  );
  const users = new Map<string, string>(initialUsers);
  const calls: RecordedCall[] = [];
  const messages: StandInMessage[] = [];
  const files: StandInFile[] = [];
  const homeViews = new Map<string, Record<string, unknown>>();
  const views = new Map<string, Record<string, unknown>>();
  const openedConversations = new Set<string>();
  const initialChannels = (options.channels ?? []).map(channelByName);
  /** Channels the bot is a member of: id → name. */
  const memberships = new Map<string, string>(initialChannels);
  const failures = new Map<string, QueuedFailure[]>();
  let tsMicros = FIRST_TS_MICROS;
  let idCounter = 0;
  let origin = "";

  const nextTs = (): string => {
    const micros = tsMicros;
    tsMicros += TS_STEP_MICROS;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
  };
  const nextId = (prefix: string): string => {
    idCounter += 1;
    return `${prefix}0${String(idCounter).padStart(8, "0")}`;
  };

  const takeFailure = (
    method: string,
    args: Record<string, unknown>,
  ): StandInFailure | undefined => {
    for (const key of [method, "*"]) {
      const queue = failures.get(key) ?? [];
      // The first queued failure that applies to this call; ones aimed at other calls wait.
      const index = queue.findIndex((queued) => queued.when === undefined || queued.when(args));
      const queued = queue[index];
      if (queued === undefined) continue;
      queued.remaining -= 1;
      if (queued.remaining <= 0) queue.splice(index, 1);
      return queued.failure;
    }
    return undefined;
  };

  const findMessage = (channel: string, ts: string): StandInMessage | undefined =>
    messages.find((message) => message.channel === channel && message.ts === ts);

  const fullView = (id: string, view: Record<string, unknown>): Record<string, unknown> => ({
    id,
    team_id: STAND_IN_IDENTITY.teamId,
    type: view.type,
    blocks: view.blocks ?? [],
    private_metadata: view.private_metadata ?? "",
    callback_id: view.callback_id ?? "",
    state: { values: {} },
    hash: `${Math.floor(tsMicros / 1e6)}.${id}`,
    title: view.title,
    clear_on_close: view.clear_on_close ?? false,
    notify_on_close: view.notify_on_close ?? false,
    close: view.close ?? null,
    submit: view.submit ?? null,
    previous_view_id: null,
    root_view_id: id,
    app_id: STAND_IN_IDENTITY.appId,
    external_id: view.external_id ?? "",
    app_installed_team_id: STAND_IN_IDENTITY.teamId,
    bot_id: STAND_IN_IDENTITY.botId,
  });

  const answerMethod = (method: string, args: Record<string, unknown>): Answer => {
    switch (method) {
      case "auth.test":
        return ok({
          url: STAND_IN_IDENTITY.url,
          team: STAND_IN_IDENTITY.team,
          user: STAND_IN_IDENTITY.user,
          team_id: STAND_IN_IDENTITY.teamId,
          user_id: STAND_IN_IDENTITY.userId,
          bot_id: STAND_IN_IDENTITY.botId,
          is_enterprise_install: false,
        });
      case "users.lookupByEmail": {
        const email = stringArg(args, "email");
        if (email === undefined) return refuse("invalid_arguments");
        const id = users.get(email.toLowerCase());
        if (id === undefined) return refuse("users_not_found");
        return ok({ user: slackUser(id, email) });
      }
      case "conversations.open": {
        const requested = stringArg(args, "users")
          ?.split(",")
          .filter((user) => user !== "");
        const channel = stringArg(args, "channel");
        if (requested === undefined || requested.length === 0) {
          return channel === undefined
            ? refuse("users_list_not_supplied")
            : ok({ no_op: true, already_open: true, channel: { id: channel } });
        }
        if (!requested.every(isUserId)) return refuse("user_not_found");
        const id =
          requested.length === 1 ? dmChannelOf(requested[0] as string) : groupChannelOf(requested);
        const alreadyOpen = openedConversations.has(id);
        openedConversations.add(id);
        return ok({ no_op: alreadyOpen, already_open: alreadyOpen, channel: { id } });
      }
      case "chat.postMessage": {
        const channel = resolveChannel(stringArg(args, "channel"));
        if (channel === undefined) return refuse("channel_not_found");
        const refusal = messageContentRefusal(args, true);
        if (refusal !== undefined) return refuse(refusal);
        const message: StandInMessage = {
          channel,
          ts: nextTs(),
          text: stringArg(args, "text"),
          blocks: arrayArg(args, "blocks"),
          updates: 0,
        };
        const metadata = metadataArg(args);
        if (metadata !== undefined && metadata !== "invalid") message.metadata = metadata;
        messages.push(message);
        const named = stringArg(args, "channel");
        if (named?.startsWith("#")) memberships.set(channel, named.slice(1));
        return ok({
          channel,
          ts: message.ts,
          message: messageBody(message, true),
          ...(metadata === "invalid" ? metadataWarning() : {}),
        });
      }
      case "chat.update": {
        const channel = stringArg(args, "channel");
        const ts = stringArg(args, "ts");
        if (channel === undefined) return refuse("channel_not_found");
        const message = ts === undefined ? undefined : findMessage(channel, ts);
        if (message === undefined) return refuse("message_not_found");
        const refusal = messageContentRefusal(args, false);
        if (refusal !== undefined) return refuse(refusal);
        if ("text" in args) message.text = stringArg(args, "text");
        if ("blocks" in args) message.blocks = arrayArg(args, "blocks");
        // Metadata left out of an update stays as it was; given, it replaces the old one.
        const metadata = metadataArg(args);
        if (metadata !== undefined && metadata !== "invalid") message.metadata = metadata;
        message.updates += 1;
        return ok({
          channel,
          ts: message.ts,
          text: message.text ?? "",
          message: messageBody(message, true),
          ...(metadata === "invalid" ? metadataWarning() : {}),
        });
      }
      case "chat.delete": {
        const channel = stringArg(args, "channel");
        const ts = stringArg(args, "ts");
        if (channel === undefined) return refuse("channel_not_found");
        const message = ts === undefined ? undefined : findMessage(channel, ts);
        if (message === undefined) return refuse("message_not_found");
        messages.splice(messages.indexOf(message), 1);
        return ok({ channel, ts: message.ts });
      }
      case "conversations.history": {
        // Slack wants the conversation's id here; a "#name" is no channel it knows.
        const channel = stringArg(args, "channel");
        if (channel === undefined || !/^[CDG][A-Z0-9]+$/.test(channel)) {
          return refuse("channel_not_found");
        }
        const oldest = tsMicrosOf(stringArg(args, "oldest") ?? "0");
        const latest = tsMicrosOf(stringArg(args, "latest") ?? "");
        const inclusive = flagArg(args, "inclusive");
        const inRange = messages
          .filter((message) => {
            if (message.channel !== channel) return false;
            const at = tsMicrosOf(message.ts);
            const afterOldest = inclusive ? at >= oldest : at > oldest;
            const beforeLatest = Number.isNaN(latest) || (inclusive ? at <= latest : at < latest);
            return afterOldest && beforeLatest;
          })
          .sort((a, b) => tsMicrosOf(b.ts) - tsMicrosOf(a.ts));
        const page = pageOf(inRange, args, HISTORY_LIMIT_DEFAULT, HISTORY_LIMIT_MAX);
        if (page === undefined) return refuse("invalid_cursor");
        const withMetadata = flagArg(args, "include_all_metadata");
        return ok({
          messages: page.items.map((message) => messageBody(message, withMetadata)),
          has_more: page.nextCursor !== "",
          pin_count: 0,
          channel_actions_ts: null,
          channel_actions_count: 0,
          response_metadata: { next_cursor: page.nextCursor },
        });
      }
      case "users.conversations": {
        const types = (stringArg(args, "types") ?? "public_channel").split(",");
        const listed = [...memberships]
          .filter(() => types.includes("public_channel") || types.includes("private_channel"))
          .map(([id, name]) => ({
            id,
            name,
            is_channel: true,
            is_group: false,
            is_im: false,
            is_private: false,
            is_archived: false,
            is_member: true,
          }));
        const page = pageOf(listed, args, LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX);
        if (page === undefined) return refuse("invalid_cursor");
        return ok({ channels: page.items, response_metadata: { next_cursor: page.nextCursor } });
      }
      case "chat.postEphemeral": {
        const channel = resolveChannel(stringArg(args, "channel"));
        if (channel === undefined) return refuse("channel_not_found");
        if (!isUserId(stringArg(args, "user") ?? "")) return refuse("user_not_found");
        const refusal = messageContentRefusal(args, true);
        if (refusal !== undefined) return refuse(refusal);
        return ok({ message_ts: nextTs() });
      }
      case "views.open": {
        if (stringArg(args, "trigger_id") === undefined) return refuse("invalid_arguments");
        const view = recordArg(args, "view");
        const refusal = viewRefusal(view, "modal");
        if (refusal !== undefined || view === undefined)
          return refuse(refusal ?? "invalid_arguments");
        const id = nextId("V");
        const opened = fullView(id, view);
        views.set(id, opened);
        return ok({ view: opened });
      }
      case "views.publish": {
        const userId = stringArg(args, "user_id");
        if (userId === undefined || !isUserId(userId)) return refuse("user_not_found");
        const view = recordArg(args, "view");
        const refusal = viewRefusal(view, "home");
        if (refusal !== undefined || view === undefined)
          return refuse(refusal ?? "invalid_arguments");
        const previous = homeViews.get(userId);
        const published = fullView(
          typeof previous?.id === "string" ? previous.id : nextId("V"),
          view,
        );
        homeViews.set(userId, published);
        return ok({ view: published });
      }
      case "views.update": {
        const viewId = stringArg(args, "view_id");
        const externalId = stringArg(args, "external_id");
        const existing =
          viewId !== undefined
            ? views.get(viewId)
            : [...views.values()].find((view) => view.external_id === externalId);
        if (existing === undefined || typeof existing.id !== "string") return refuse("not_found");
        const view = recordArg(args, "view");
        const refusal = viewRefusal(view, "modal");
        if (refusal !== undefined || view === undefined)
          return refuse(refusal ?? "invalid_arguments");
        const updated = fullView(existing.id, view);
        views.set(existing.id, updated);
        return ok({ view: updated });
      }
      case "files.getUploadURLExternal": {
        const filename = stringArg(args, "filename");
        const length = Number(stringArg(args, "length"));
        if (filename === undefined || !Number.isInteger(length) || length < 0) {
          return refuse("invalid_arguments");
        }
        const id = nextId("F");
        files.push({
          id,
          filename,
          length,
          content: undefined,
          title: undefined,
          completed: false,
          channelId: undefined,
          initialComment: undefined,
        });
        return ok({ upload_url: `${origin}/upload/${id}`, file_id: id });
      }
      case "files.completeUploadExternal": {
        const requested = args.files;
        if (!Array.isArray(requested) || requested.length === 0) return refuse("invalid_arguments");
        const completed: Record<string, unknown>[] = [];
        const shared: NonNullable<StandInMessage["files"]> = [];
        for (const entry of requested) {
          const id = isRecord(entry) && typeof entry.id === "string" ? entry.id : undefined;
          const file = files.find((candidate) => candidate.id === id);
          if (file === undefined || file.content === undefined) return refuse("file_not_found");
          file.completed = true;
          file.title =
            isRecord(entry) && typeof entry.title === "string" ? entry.title : file.filename;
          file.channelId = stringArg(args, "channel_id");
          file.initialComment = stringArg(args, "initial_comment");
          shared.push({ id: file.id, name: file.filename, title: file.title });
          completed.push({
            id: file.id,
            name: file.filename,
            title: file.title,
            size: file.content.length,
            channels: file.channelId === undefined ? [] : [file.channelId],
          });
        }
        // Shared into a conversation, the files arrive there as one message, as Slack posts it.
        const into = resolveChannel(stringArg(args, "channel_id"));
        if (into !== undefined) {
          messages.push({
            channel: into,
            ts: nextTs(),
            text: stringArg(args, "initial_comment") ?? "",
            blocks: undefined,
            updates: 0,
            files: shared,
          });
        }
        return ok({ files: completed });
      }
      default:
        return ok({});
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const rawBody = await readBody(request);
    const url = new URL(request.url ?? "/", "http://stand-in");
    const contentType = request.headers["content-type"] ?? "";
    const route = routeOf(url.pathname);
    if (route === undefined) {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
      return;
    }
    const args: Record<string, unknown> =
      route.kind === "upload"
        ? { file_id: route.name, ...decodeMultipart(contentType, rawBody) }
        : { ...decodeFields(url.searchParams), ...decodeBody(contentType, rawBody) };
    if (route.kind === "response_url") args.response_url_name = route.name;
    const token = bearerToken(request.headers.authorization) ?? stringArg(args, "token");
    delete args.token;
    const call: RecordedCall = {
      method: route.kind === "api" ? route.name : route.kind,
      args,
      token,
      failure: undefined,
      response: undefined,
      at: Date.now(),
    };
    calls.push(call);

    const failure = takeFailure(call.method, args);
    if (failure !== undefined) call.failure = failure;
    if (failure !== undefined && failure.kind !== "lost") {
      playFailure(failure, request, response);
      return;
    }
    // The call is done; only its answer never reaches the client.
    const lose = () => {
      request.socket.destroy();
    };
    let answer: Answer;
    if (route.kind === "upload") {
      const file = files.find((candidate) => candidate.id === route.name);
      if (file === undefined) {
        response.writeHead(404, { "content-type": "text/plain" });
        response.end("no such upload");
        return;
      }
      file.content = uploadedBytes(args);
      if (failure !== undefined) return lose();
      response.writeHead(200, { "content-type": "text/plain" });
      response.end(`OK - ${file.content.length}`);
      return;
    }
    if (route.kind === "response_url") {
      answer = ok({});
    } else if (token === undefined) {
      answer = refuse("not_authed");
    } else if (token !== expectedToken) {
      answer = refuse("invalid_auth");
    } else {
      answer = answerMethod(route.name, args);
    }
    call.response = answer.body;
    if (failure !== undefined) return lose();
    sendJson(response, answer.status, answer.body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent && !response.destroyed) {
        sendJson(response, 500, { ok: false, error: `stand_in_crashed: ${String(error)}` });
      }
    });
  });
  // Idle connections stay open until `close`: a suite on a simulated clock may leave a client
  // idle for seconds without the event loop turning, and a connection the server dropped in the
  // meantime would fail the next call with ECONNRESET, a fault of the harness, not of Slack.
  server.keepAliveTimeout = 0;
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;

  return {
    url: `${origin}/api/`,
    calls,
    messages,
    files,
    homeViews,
    users,
    callsTo: (method) => calls.filter((call) => call.method === method),
    fail(method, failure, times = Number.POSITIVE_INFINITY, when = undefined) {
      const queue = failures.get(method) ?? [];
      queue.push({ failure, remaining: times, when });
      failures.set(method, queue);
    },
    responseUrl: (name = nextId("R")) => `${origin}/response/${encodeURIComponent(name)}`,
    reset() {
      calls.length = 0;
      messages.length = 0;
      files.length = 0;
      homeViews.clear();
      views.clear();
      openedConversations.clear();
      memberships.clear();
      for (const [id, name] of initialChannels) memberships.set(id, name);
      failures.clear();
      users.clear();
      for (const [email, id] of initialUsers) users.set(email, id);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging "timeout" requests and keep-alive sockets would otherwise hold close() forever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Web API client options aimed at a stand-in: no retries, quiet logs. */
export function standInClientOptions(url: string): WebClientOptions {
  // The default retry policy waits ~30 minutes against a dead server; tests must fail fast.
  return { slackApiUrl: url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR };
}

/** A real `WebClient` talking to a stand-in at `url`, with the stand-in's token. */
export function standInWebClient(
  url: string,
  options: WebClientOptions & { token?: string } = {},
): WebClient {
  const { token = STAND_IN_BOT_TOKEN, ...clientOptions } = options;
  return new WebClient(token, { ...standInClientOptions(url), ...clientOptions });
}

type Route =
  | { kind: "api"; name: string }
  | { kind: "upload"; name: string }
  | { kind: "response_url"; name: string };

function routeOf(pathname: string): Route | undefined {
  const match = /^\/(api|upload|response)\/([^/]+)$/.exec(pathname);
  if (match === null) return undefined;
  const [, prefix = "", name = ""] = match;
  const decoded = decodeURIComponent(name);
  if (prefix === "api") return { kind: "api", name: decoded };
  return { kind: prefix === "upload" ? "upload" : "response_url", name: decoded };
}

function playFailure(
  failure: StandInFailure,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  switch (failure.kind) {
    case "http":
      response.writeHead(failure.status, { "content-type": "text/plain" });
      response.end(`stand-in failure ${failure.status}`);
      return;
    case "rate_limited":
      response.writeHead(429, {
        "content-type": "application/json; charset=utf-8",
        "retry-after": String(failure.retryAfterSeconds),
      });
      response.end(JSON.stringify({ ok: false, error: "ratelimited" }));
      return;
    case "timeout":
      return;
    case "drop":
      request.socket.destroy();
      return;
    case "error":
      sendJson(response, 200, { ok: false, error: failure.error });
      return;
    case "lost":
      request.socket.destroy();
      return;
  }
}

function ok(fields: Record<string, unknown>): Answer {
  return { status: 200, body: { ok: true, ...fields } };
}

function refuse(error: string): Answer {
  return { status: 200, body: { ok: false, error } };
}

function sendJson(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decodeBody(contentType: string, body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  if (contentType.startsWith("application/json")) {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    return isRecord(parsed) ? parsed : { body: parsed };
  }
  if (contentType.startsWith("multipart/form-data")) return decodeMultipart(contentType, body);
  return decodeFields(new URLSearchParams(body.toString("utf8")));
}

function decodeFields(fields: URLSearchParams): Record<string, unknown> {
  const decoded: Record<string, unknown> = {};
  for (const [key, value] of fields) {
    decoded[key] = JSON_FIELDS.has(key) ? parseJsonOrKeep(value) : value;
  }
  return decoded;
}

function parseJsonOrKeep(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    // Slack would refuse it; keeping the string lets the method's own checks say so.
    return value;
  }
}

// Only what the web-api client sends to an upload URL: named parts, text or one binary blob.
function decodeMultipart(contentType: string, body: Buffer): Record<string, unknown> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (marker === undefined) return { raw: body };
  const fields: Record<string, unknown> = {};
  const delimiter = Buffer.from(`--${marker}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = body.subarray(partStart, next);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      // Each part ends with the CRLF that precedes the next delimiter.
      const content = part.subarray(headerEnd + 4, part.length - 2);
      const name = /name="([^"]*)"/.exec(headers)?.[1];
      const isFile = /filename="/.test(headers);
      if (name !== undefined)
        fields[name] = isFile ? Buffer.from(content) : content.toString("utf8");
    }
    start = next;
  }
  return fields;
}

function uploadedBytes(args: Record<string, unknown>): Buffer {
  for (const value of Object.values(args)) {
    if (Buffer.isBuffer(value)) return value;
  }
  const text = args.body ?? args.file ?? args.content;
  return Buffer.from(typeof text === "string" ? text : "");
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}

function stringArg(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function arrayArg(args: Record<string, unknown>, key: string): unknown[] | undefined {
  const value = args[key];
  return Array.isArray(value) ? value : undefined;
}

function recordArg(
  args: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const value = args[key];
  return isRecord(value) ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isUserId(value: string): boolean {
  return /^[UW][A-Z0-9]+$/.test(value);
}

// A user id stands for the bot's DM with that user, as Slack resolves it for chat.postMessage.
function dmChannelOf(userId: string): string {
  return `D${userId.slice(1)}`;
}

function groupChannelOf(userIds: string[]): string {
  return `G${userIds.map((id) => id.slice(1)).join("")}`.slice(0, 21);
}

function resolveChannel(channel: string | undefined): string | undefined {
  if (channel === undefined) return undefined;
  if (isUserId(channel)) return dmChannelOf(channel);
  if (/^[CDG][A-Z0-9]+$/.test(channel)) return channel;
  const name = /^#?([a-z0-9][a-z0-9_-]*)$/.exec(channel)?.[1];
  return name === undefined ? undefined : `C${name.replace(/[^a-z0-9]/g, "").toUpperCase()}`;
}

function slackUser(id: string, email: string): Record<string, unknown> {
  const name = email.split("@")[0] ?? email;
  return {
    id,
    team_id: STAND_IN_IDENTITY.teamId,
    name,
    real_name: name,
    deleted: false,
    is_bot: false,
    tz: "Europe/Madrid",
    profile: { email, real_name: name, display_name: name },
  };
}

function messageBody(message: StandInMessage, withMetadata: boolean): Record<string, unknown> {
  return {
    type: "message",
    user: STAND_IN_IDENTITY.userId,
    bot_id: STAND_IN_IDENTITY.botId,
    app_id: STAND_IN_IDENTITY.appId,
    team: STAND_IN_IDENTITY.teamId,
    ts: message.ts,
    text: message.text ?? "",
    ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
    ...(message.files === undefined
      ? {}
      : {
          upload: true,
          files: message.files.map((file) => ({ ...file, user: STAND_IN_IDENTITY.userId })),
        }),
    ...(withMetadata && message.metadata !== undefined ? { metadata: message.metadata } : {}),
  };
}

/** The metadata a call carries: undefined when none, "invalid" when Slack would ignore it. */
function metadataArg(args: Record<string, unknown>): StandInMetadata | "invalid" | undefined {
  if (!("metadata" in args)) return undefined;
  const metadata = args.metadata;
  if (!isRecord(metadata)) return "invalid";
  const { event_type: eventType, event_payload: payload } = metadata;
  if (typeof eventType !== "string" || !METADATA_EVENT_TYPE.test(eventType)) return "invalid";
  if (!isRecord(payload)) return "invalid";
  return { event_type: eventType, event_payload: payload };
}

function metadataWarning(): Record<string, unknown> {
  return {
    warning: "invalid_metadata_schema",
    response_metadata: { warnings: ["invalid_metadata_schema"] },
  };
}

function flagArg(args: Record<string, unknown>, key: string): boolean {
  const value = args[key];
  return value === true || value === "true" || value === "1" || value === 1;
}

// A Slack ts ("1700000000.000100") in microseconds: exact, and ordered as Slack orders them.
function tsMicrosOf(ts: string): number {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(ts);
  if (match === null) return Number.NaN;
  return Number(match[1]) * 1e6 + Number((match[2] ?? "").padEnd(6, "0"));
}

/** One page of `items` for the call's `limit` and `cursor`; undefined for a cursor never given. */
function pageOf<T>(
  items: readonly T[],
  args: Record<string, unknown>,
  defaultLimit: number,
  maxLimit: number,
): { items: T[]; nextCursor: string } | undefined {
  const asked = Number(args.limit);
  const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, maxLimit) : defaultLimit;
  const cursor = stringArg(args, "cursor");
  let offset = 0;
  if (cursor !== undefined) {
    const decoded = /^next:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
    if (decoded === null) return undefined;
    offset = Number(decoded[1]);
  }
  const end = offset + limit;
  const nextCursor = end < items.length ? Buffer.from(`next:${end}`).toString("base64") : "";
  return { items: items.slice(offset, end), nextCursor };
}

/** A "#name" channel as [id, name], the id the stand-in gives that name. */
function channelByName(name: string): [string, string] {
  const bare = name.replace(/^#/, "");
  return [resolveChannel(`#${bare}`) ?? `C${bare.toUpperCase()}`, bare];
}

function messageContentRefusal(
  args: Record<string, unknown>,
  needsContent: boolean,
): string | undefined {
  const text = args.text;
  if (typeof text === "string" && text.length > MESSAGE_TEXT_LIMIT) return "msg_too_long";
  if ("blocks" in args) {
    const refusal = blocksRefusal(args.blocks, MESSAGE_BLOCK_LIMIT);
    if (refusal !== undefined) return refusal;
  }
  const hasContent =
    stringArg(args, "text") !== undefined ||
    (arrayArg(args, "blocks")?.length ?? 0) > 0 ||
    (arrayArg(args, "attachments")?.length ?? 0) > 0;
  return needsContent && !hasContent ? "no_text" : undefined;
}

function viewRefusal(
  view: Record<string, unknown> | undefined,
  expectedType: "modal" | "home",
): string | undefined {
  if (view === undefined || view.type !== expectedType) return "invalid_arguments";
  if (expectedType === "modal") {
    const title = isRecord(view.title) ? view.title.text : undefined;
    if (typeof title !== "string" || title.length > VIEW_TITLE_LIMIT) return "invalid_arguments";
  }
  const metadata = view.private_metadata;
  if (typeof metadata === "string" && metadata.length > PRIVATE_METADATA_LIMIT) {
    return "invalid_arguments";
  }
  return blocksRefusal(view.blocks, VIEW_BLOCK_LIMIT);
}

// A few of Slack's Block Kit limits, enough to catch a builder that would be refused in production.
function blocksRefusal(blocks: unknown, limit: number): string | undefined {
  if (!Array.isArray(blocks)) return "invalid_blocks_format";
  if (blocks.length > limit) return "invalid_blocks";
  const blockIds = new Set<string>();
  for (const block of blocks) {
    if (!isRecord(block) || typeof block.type !== "string") return "invalid_blocks";
    if (typeof block.block_id === "string") {
      if (block.block_id.length > 255 || blockIds.has(block.block_id)) return "invalid_blocks";
      blockIds.add(block.block_id);
    }
    const text = isRecord(block.text) ? block.text.text : undefined;
    if (block.type === "section" && typeof text === "string" && text.length > SECTION_TEXT_LIMIT) {
      return "invalid_blocks";
    }
    if (block.type === "header" && typeof text === "string" && text.length > HEADER_TEXT_LIMIT) {
      return "invalid_blocks";
    }
    if (block.type === "actions" && Array.isArray(block.elements) && block.elements.length > 25) {
      return "invalid_blocks";
    }
  }
  return undefined;
}
