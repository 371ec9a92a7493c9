import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { botTokenKeys, generateSigningKey, type SigningKey, signJwt } from "./teams-tokens.ts";

/**
 * Local stand-ins of Microsoft's services a Teams bot talks to, on one node:http server, each
 * under its own path so that every URL the bot is given (the `TEAMS_*` and `GRAPH_API_URL`
 * seams of SPEC §6) points at a different "service":
 *
 * - `/botframework/v1/.well-known/openidconfiguration` and `…/keys`: the Bot Framework's OpenID
 *   metadata and the JWKS whose keys sign inbound activities (`TEAMS_OPENID_METADATA_URL`);
 * - `/login/{tenant}/oauth2/v2.0/token`: Entra's token endpoint (`TEAMS_LOGIN_URL`);
 * - `/connector/v3/…`: the Bot Connector at a `serviceUrl` (`TEAMS_SERVICE_URL`);
 * - `/graph/v1.0/…`: Microsoft Graph (`GRAPH_API_URL`).
 *
 * Every request is recorded; faults are queued per service and route.
 */

/** The Bot Connector's and Graph's audiences: what the token endpoint's scopes name. */
export const BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default";
/** Graph's scope for client-credentials tokens. */
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/** The identity the stand-in expects of the bot unless told another. */
export const TEAMS_STAND_IN_IDENTITY = {
  clientId: "00000000-0000-4000-8000-00000000b0b0",
  clientSecret: "stand-in-secret~0123456789",
  tenantId: "11111111-1111-4111-8111-111111111111",
  /** The id Teams gives the app in the tenant's catalog (not the manifest's id). */
  catalogAppId: "22222222-2222-4222-8222-222222222222",
  /** The manifest's `id`, which Graph calls `externalId`: our package makes it the client id. */
  externalAppId: "00000000-0000-4000-8000-00000000b0b0",
} as const;

/**
 * The Teams variables of SPEC §6 that point `bomba serve` or `tick` at `standIn`, as the bot
 * whose identity the stand-in knows.
 */
export function teamsServeEnv(standIn: TeamsStandIn): Record<string, string> {
  const { clientId, clientSecret, tenantId } = TEAMS_STAND_IN_IDENTITY;
  return {
    TEAMS_CLIENT_ID: clientId,
    TEAMS_CLIENT_SECRET: clientSecret,
    TEAMS_TENANT_ID: tenantId,
    TEAMS_OPENID_METADATA_URL: standIn.openIdMetadataUrl,
    TEAMS_LOGIN_URL: standIn.loginUrl,
    TEAMS_SERVICE_URL: standIn.serviceUrl,
    GRAPH_API_URL: standIn.graphUrl,
  };
}

/** The four services, for recording and for aiming faults. */
export type TeamsService = "openid" | "login" | "connector" | "graph";

/** A failure played instead of an answer. */
export type TeamsFault =
  /** 429 with `Retry-After` and, on the connector and Graph, error code `Throttled`/`TooManyRequests`. */
  | { kind: "throttled"; retryAfterSeconds: number }
  /** This status with Microsoft's error body `{error: {code, message}}`. */
  | { kind: "status"; status: number; code?: string; message?: string }
  /** Destroys the socket after reading the request: the client sees a network error. */
  | { kind: "drop" }
  /** Does what the call asks, then destroys the socket before answering. */
  | { kind: "lost" }
  /** Never answers; the request hangs until the client gives up or the stand-in closes. */
  | { kind: "hang" };

/** Ready-made faults Microsoft plays, by name. */
export const FAULTS = {
  throttled: (retryAfterSeconds = 1): TeamsFault => ({ kind: "throttled", retryAfterSeconds }),
  preconditionFailed: (): TeamsFault => ({
    kind: "status",
    status: 412,
    code: "PreconditionFailed",
    message: "The precondition for the request was not met.",
  }),
  badGateway: (): TeamsFault => ({
    kind: "status",
    status: 502,
    code: "ServiceError",
    message: "Bad gateway.",
  }),
  gatewayTimeout: (): TeamsFault => ({
    kind: "status",
    status: 504,
    code: "GatewayTimeout",
    message: "The upstream service did not answer in time.",
  }),
  notInRoster: (): TeamsFault => ({
    kind: "status",
    status: 403,
    code: "BotNotInConversationRoster",
    message: "The bot is not part of the conversation roster.",
  }),
  activityNotFound: (): TeamsFault => ({
    kind: "status",
    status: 404,
    code: "ActivityNotFoundInConversation",
    message: "Unknown activity.",
  }),
  /** Graph without the permission the call needs (an application permission not granted). */
  accessDenied: (): TeamsFault => ({
    kind: "status",
    status: 403,
    code: "accessDenied",
    message: "Either scp or roles claim need to be present in the token.",
  }),
  drop: (): TeamsFault => ({ kind: "drop" }),
  lost: (): TeamsFault => ({ kind: "lost" }),
  hang: (): TeamsFault => ({ kind: "hang" }),
} as const;

/** One request the stand-in received. */
export interface TeamsCall {
  service: TeamsService;
  method: string;
  /** Path below the service's base (`/v3/conversations`), query string included. */
  path: string;
  /** The path without its query, URL-decoded segment by segment. */
  route: string;
  query: URLSearchParams;
  /** JSON body decoded; a form body as its fields; other bodies as text. */
  body: unknown;
  /** Raw body length in bytes. */
  bytes: number;
  /** Bearer token of `Authorization`, if any. */
  token: string | undefined;
  /** The request's `Content-Type`. */
  contentType: string | undefined;
  /** Status answered (0 when the socket was dropped or the request hangs). */
  status: number;
  /** The fault played, if any. */
  fault: TeamsFault | undefined;
  /** When it arrived (stand-in clock, epoch milliseconds). */
  at: number;
}

/** A person of the stand-in's tenant, known to Graph and reachable by the connector. */
export interface TeamsUser {
  /** Entra object id. */
  id: string;
  displayName: string;
  /** `mail`; `GET /users/{mail}` finds them only when it equals the UPN. */
  mail: string;
  /** `userPrincipalName`; defaults to `mail`. */
  userPrincipalName?: string;
  /** Whether the bot's app is installed in their personal scope (default true). */
  installed?: boolean;
  /** When false, installing the app for them answers 403 (policy, no Teams licence). */
  canInstall?: boolean;
}

/** An activity the connector holds, in its current state. */
export interface ConnectorActivity {
  id: string;
  conversationId: string;
  /** The activity as last posted or put. */
  activity: Record<string, unknown>;
  /** How many times `PUT` replaced it. */
  updates: number;
  deleted: boolean;
}

/** A conversation the connector knows. */
export interface ConnectorConversation {
  id: string;
  kind: "personal" | "channel";
  /** For a 1:1: the user's object id. */
  userId?: string;
  /** For a channel: team and channel ids. */
  teamId?: string;
  channelId?: string;
}

/**
 * A file put through Graph into a channel's files folder, or into the root SharePoint site's
 * document library (`driveId` `ORG_DRIVE_ID`, `parentId` its folder path).
 */
export interface GraphFile {
  driveId: string;
  parentId: string;
  name: string;
  content: Buffer;
  contentType: string | undefined;
  webUrl: string;
  id: string;
  /** How many times it was replaced after its first upload. */
  replaced: number;
  /** Sharing links made for it (`createLink`), one per type and scope. */
  links: { type: string; scope: string; webUrl: string }[];
}

/** How to start the stand-in. */
export interface TeamsStandInOptions {
  clientId?: string;
  clientSecret?: string;
  tenantId?: string;
  /** People of the tenant. */
  users?: TeamsUser[];
  /** Teams channels: team id → channel ids the bot may post to (and whose files folder exists). */
  channels?: Record<string, string[]>;
  /** The stand-in's clock (epoch ms); rate limits, token expiry and `at` read it. */
  now?: () => number;
  /** Access tokens' lifetime in seconds (default 3599, like Entra). */
  tokenLifetimeSeconds?: number;
}

/** A running stand-in. */
export interface TeamsStandIn {
  /** Base URL of the server. */
  url: string;
  /** The metadata URL, ending in `/openidconfiguration` (`TEAMS_OPENID_METADATA_URL`). */
  openIdMetadataUrl: string;
  /** The token endpoint's base (`TEAMS_LOGIN_URL`): POST `{loginUrl}/{tenant}/oauth2/v2.0/token`. */
  loginUrl: string;
  /** The connector's service URL, with a trailing slash as Teams sends it (`TEAMS_SERVICE_URL`). */
  serviceUrl: string;
  /** Graph's base (`GRAPH_API_URL`), like `https://graph.microsoft.com/v1.0`. */
  graphUrl: string;
  /** The key signing inbound activities, published in the JWKS. */
  botKey: SigningKey;
  /** Keys published at `…/keys` (add one to rotate). */
  publishedKeys: SigningKey[];
  calls: TeamsCall[];
  callsTo(service: TeamsService, method?: string, route?: RegExp): TeamsCall[];
  /** Activities posted to the connector, in order, in their current state. */
  activities: ConnectorActivity[];
  conversations: Map<string, ConnectorConversation>;
  /** Users by object id (live: change `installed`/`canInstall` freely). */
  users: Map<string, TeamsUser>;
  files: GraphFile[];
  /** Access tokens the token endpoint issued, with their audience and expiry (epoch s). */
  issuedTokens: Map<string, { aud: string; exp: number }>;
  /**
   * Plays `fault` for the next `times` requests to `service` whose `METHOD route` matches
   * `match` (default: any). Faults for a service play in the order queued.
   */
  fail(
    service: TeamsService,
    fault: TeamsFault,
    options?: { match?: RegExp; times?: number },
  ): void;
  /** A client-credentials access token for `scope`, as the token endpoint would issue it. */
  accessToken(scope?: string): string;
  /**
   * Forgets calls, faults, activities, conversations, files and published extra keys; users go
   * back to their options. Issued access tokens stay valid, as Entra's do, until they expire.
   */
  reset(): void;
  close(): Promise<void>;
}

interface QueuedFault {
  fault: TeamsFault;
  match: RegExp | undefined;
  remaining: number;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Teams refuses a message over about 40 KB with 413. */
export const CONNECTOR_MESSAGE_LIMIT_BYTES = 40 * 1024;
/** Teams' per-conversation limits for a bot: 7 a second, 60 in 30 seconds. */
export const CONVERSATION_RATE_LIMITS = [
  { windowMs: 1000, max: 7 },
  { windowMs: 30_000, max: 60 },
] as const;
const MAX_BODY_BYTES = 4 * 1024 * 1024;

const SERVICE_PREFIXES: [TeamsService, string][] = [
  ["openid", "/botframework"],
  ["login", "/login"],
  ["connector", "/connector"],
  ["graph", "/graph/v1.0"],
];

/** Starts the stand-in on 127.0.0.1 at a free port. */
export async function startTeamsStandIn(options: TeamsStandInOptions = {}): Promise<TeamsStandIn> {
  const clientId = options.clientId ?? TEAMS_STAND_IN_IDENTITY.clientId;
  const clientSecret = options.clientSecret ?? TEAMS_STAND_IN_IDENTITY.clientSecret;
  const tenantId = options.tenantId ?? TEAMS_STAND_IN_IDENTITY.tenantId;
  const now = options.now ?? Date.now;
  const lifetime = options.tokenLifetimeSeconds ?? 3599;
  const initialUsers = options.users ?? [];
  const channels = options.channels ?? {};

  const botKey = generateSigningKey("stand-in-bot-key-1");
  // Entra signs the bot's own access tokens with a key of its own; the stand-in keeps a record
  // of what it issued rather than verifying signatures, as only it reads them.
  const entraKey = generateSigningKey("stand-in-entra-key-1");
  const publishedKeys: SigningKey[] = [botKey];
  const calls: TeamsCall[] = [];
  const activities: ConnectorActivity[] = [];
  const conversations = new Map<string, ConnectorConversation>();
  const users = new Map<string, TeamsUser>();
  const files: GraphFile[] = [];
  const issuedTokens = new Map<string, { aud: string; exp: number }>();
  const faults = new Map<TeamsService, QueuedFault[]>();
  const sentAt = new Map<string, number[]>();
  const installedAppIds = new Map<string, string>();
  let counter = 0;
  let origin = "";

  const resetUsers = (): void => {
    users.clear();
    for (const user of initialUsers) users.set(user.id, { ...user });
  };
  resetUsers();
  const nextId = (prefix: string): string => {
    counter += 1;
    return `${prefix}${String(counter).padStart(6, "0")}`;
  };

  const issue = (scope: string): string => {
    const seconds = Math.floor(now() / 1000);
    const aud = scope.replace(/\/\.default$/, "");
    const token = signJwt(
      {
        aud,
        iss: `https://sts.windows.net/${tenantId}/`,
        appid: clientId,
        tid: tenantId,
        iat: seconds,
        nbf: seconds,
        exp: seconds + lifetime,
        // Unique even for two tokens issued in the same second.
        uti: nextId("uti"),
      },
      entraKey,
    );
    issuedTokens.set(token, { aud, exp: seconds + lifetime });
    return token;
  };

  const takeFault = (service: TeamsService, line: string): TeamsFault | undefined => {
    const queue = faults.get(service) ?? [];
    const index = queue.findIndex(
      (queued) => queued.match === undefined || queued.match.test(line),
    );
    const queued = queue[index];
    if (queued === undefined) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) queue.splice(index, 1);
    return queued.fault;
  };

  /** 401 unless `token` is one the token endpoint issued for `aud` and still valid. */
  const bearerRefusal = (token: string | undefined, aud: string): Answer | undefined => {
    const issued = token === undefined ? undefined : issuedTokens.get(token);
    if (issued === undefined || issued.aud !== aud) {
      return msError(401, "Unauthorized", "Authorization has been denied for this request.");
    }
    if (issued.exp <= Math.floor(now() / 1000)) {
      return msError(401, "InvalidAuthenticationToken", "Access token has expired.");
    }
    return undefined;
  };

  const answerOpenId = (method: string, route: string): Answer => {
    if (method !== "GET") return { status: 405 };
    if (route === "/v1/.well-known/openidconfiguration") {
      return {
        status: 200,
        body: {
          issuer: "https://api.botframework.com",
          authorization_endpoint: "https://invalid.botframework.com",
          jwks_uri: `${origin}/botframework/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ["RS256"],
          token_endpoint_auth_methods_supported: ["private_key_jwt"],
        },
      };
    }
    if (route === "/v1/.well-known/keys") {
      return { status: 200, body: botTokenKeys(publishedKeys) };
    }
    return { status: 404 };
  };

  const answerLogin = (method: string, route: string, body: unknown): Answer => {
    const match = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(route);
    if (match === null) return { status: 404 };
    if (method !== "POST") return { status: 405 };
    const form = body instanceof URLSearchParams ? body : new URLSearchParams();
    const entra = (status: number, error: string, description: string): Answer => ({
      status,
      body: {
        error,
        error_description: description,
        error_codes: [Number(description.slice(5, 12))],
      },
    });
    if (match[1] !== tenantId) {
      return entra(400, "invalid_request", `AADSTS90002: Tenant '${match[1]}' not found.`);
    }
    if (form.get("grant_type") !== "client_credentials") {
      return entra(
        400,
        "unsupported_grant_type",
        "AADSTS70003: The app requested an unsupported grant type.",
      );
    }
    if (form.get("client_id") !== clientId) {
      return entra(
        400,
        "unauthorized_client",
        `AADSTS700016: Application with identifier '${form.get("client_id")}' was not found in the directory.`,
      );
    }
    if (form.get("client_secret") !== clientSecret) {
      return entra(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
    }
    const scope = form.get("scope") ?? "";
    if (scope !== BOT_FRAMEWORK_SCOPE && scope !== GRAPH_SCOPE) {
      return entra(
        400,
        "invalid_scope",
        `AADSTS1002012: The provided value for scope ${scope} is not valid.`,
      );
    }
    return {
      status: 200,
      body: {
        token_type: "Bearer",
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: issue(scope),
      },
    };
  };

  /** 429 when one more post to `conversationId` would break a per-conversation limit. */
  const throttle = (conversationId: string): Answer | undefined => {
    const at = now();
    const times = sentAt.get(conversationId) ?? [];
    for (const limit of CONVERSATION_RATE_LIMITS) {
      const inWindow = times.filter((time) => time > at - limit.windowMs);
      if (inWindow.length >= limit.max) {
        const oldest = inWindow[0] ?? at;
        const wait = Math.max(1, Math.ceil((oldest + limit.windowMs - at) / 1000));
        return msError(429, "Throttled", "Too many requests.", { "Retry-After": String(wait) });
      }
    }
    times.push(at);
    sentAt.set(
      conversationId,
      times.filter((time) => time > at - 30_000),
    );
    return undefined;
  };

  const personalRefusal = (conversation: ConnectorConversation): Answer | undefined => {
    if (conversation.kind !== "personal" || conversation.userId === undefined) return undefined;
    const user = users.get(conversation.userId);
    if (user === undefined || user.installed === false) {
      return msError(
        403,
        "BotNotInConversationRoster",
        "The bot is not part of the conversation roster.",
      );
    }
    return undefined;
  };

  const answerConnector = (method: string, route: string, body: unknown, bytes: number): Answer => {
    if (route === "/v3/conversations") {
      if (method !== "POST") return { status: 405 };
      return createConversation(body);
    }
    const post = /^\/v3\/conversations\/([^/]+)\/activities$/.exec(route);
    const one = /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/.exec(route);
    const conversationId = post?.[1] ?? one?.[1];
    if (conversationId === undefined) return msError(404, "NotFound", "No route.");
    const conversation = conversations.get(conversationId) ?? channelConversation(conversationId);
    if (conversation === undefined) {
      return msError(404, "ConversationNotFound", "Conversation not found.");
    }
    const refusal = personalRefusal(conversation);
    if (refusal !== undefined) return refusal;
    const activity = asRecord(body);
    if (post !== null && method === "POST") {
      if (activity === undefined || typeof activity.type !== "string") {
        return msError(400, "BadSyntax", "Activity is missing its type.");
      }
      if (bytes > CONNECTOR_MESSAGE_LIMIT_BYTES) {
        return msError(413, "MessageSizeTooBig", "Message size too large.");
      }
      const throttled = throttle(conversationId);
      if (throttled !== undefined) return throttled;
      const id = String(1_700_000_000_000 + activities.length + counter++);
      activities.push({ id, conversationId, activity, updates: 0, deleted: false });
      return { status: 201, body: { id } };
    }
    const activityId = one?.[2];
    const held = activities.find(
      (candidate) =>
        candidate.conversationId === conversationId &&
        candidate.id === activityId &&
        !candidate.deleted,
    );
    if (one === null) return { status: 405 };
    if (method === "PUT") {
      if (held === undefined) {
        return msError(404, "ActivityNotFoundInConversation", "Unknown activity.");
      }
      if (activity === undefined || typeof activity.type !== "string") {
        return msError(400, "BadSyntax", "Activity is missing its type.");
      }
      if (bytes > CONNECTOR_MESSAGE_LIMIT_BYTES) {
        return msError(413, "MessageSizeTooBig", "Message size too large.");
      }
      const throttled = throttle(conversationId);
      if (throttled !== undefined) return throttled;
      held.activity = activity;
      held.updates += 1;
      return { status: 200, body: { id: held.id } };
    }
    if (method === "DELETE") {
      if (held === undefined) {
        return msError(404, "ActivityNotFoundInConversation", "Unknown activity.");
      }
      held.deleted = true;
      return { status: 200 };
    }
    return { status: 405 };
  };

  const channelConversation = (id: string): ConnectorConversation | undefined => {
    // A post to a channel names the channel id, optionally with `;messageid=` of a thread.
    const channelId = id.split(";")[0] ?? id;
    for (const [teamId, ids] of Object.entries(channels)) {
      if (ids.includes(channelId)) {
        const conversation: ConnectorConversation = { id, kind: "channel", teamId, channelId };
        conversations.set(id, conversation);
        return conversation;
      }
    }
    return undefined;
  };

  const createConversation = (body: unknown): Answer => {
    const request = asRecord(body);
    const members = Array.isArray(request?.members) ? request.members : [];
    const tenant = request?.tenantId ?? asRecord(asRecord(request?.channelData)?.tenant)?.id;
    const botId = asRecord(request?.bot)?.id;
    if (request === undefined || members.length !== 1 || request.isGroup === true) {
      return msError(400, "BadArgument", "A 1:1 conversation needs exactly one member.");
    }
    if (tenant !== tenantId) return msError(400, "BadArgument", "Tenant id is required.");
    if (botId !== `28:${clientId}`) return msError(400, "BadArgument", "Invalid bot id.");
    const memberId = asRecord(members[0])?.id;
    const user = typeof memberId === "string" ? users.get(memberId) : undefined;
    if (user === undefined) {
      return msError(404, "MemberNotFoundInTenant", "The user could not be found in the tenant.");
    }
    if (user.installed === false) {
      return msError(
        403,
        "BotNotInConversationRoster",
        "The bot is not part of the conversation roster.",
      );
    }
    // Teams keeps one 1:1 conversation per bot and user: asking again answers the same id.
    const existing = [...conversations.values()].find(
      (conversation) => conversation.kind === "personal" && conversation.userId === user.id,
    );
    const id = existing?.id ?? personalConversationId(user.id, clientId);
    conversations.set(id, { id, kind: "personal", userId: user.id });
    return { status: 201, body: { id } };
  };

  const findUser = (key: string): TeamsUser | undefined => {
    const lower = key.toLowerCase();
    for (const user of users.values()) {
      if (user.id === key || (user.userPrincipalName ?? user.mail).toLowerCase() === lower)
        return user;
    }
    return undefined;
  };

  const graphUser = (user: TeamsUser): Record<string, unknown> => ({
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
    id: user.id,
    displayName: user.displayName,
    mail: user.mail,
    userPrincipalName: user.userPrincipalName ?? user.mail,
  });

  const installedApp = (user: TeamsUser): Record<string, unknown> => {
    let id = installedAppIds.get(user.id);
    if (id === undefined) {
      id = Buffer.from(`${user.id}##${TEAMS_STAND_IN_IDENTITY.catalogAppId}`).toString("base64url");
      installedAppIds.set(user.id, id);
    }
    return {
      id,
      teamsApp: {
        id: TEAMS_STAND_IN_IDENTITY.catalogAppId,
        externalId: TEAMS_STAND_IN_IDENTITY.externalAppId,
        displayName: "Correo Bomba",
        distributionMethod: "organization",
      },
    };
  };

  /** A drive item as Graph describes a file. */
  const driveItem = (file: GraphFile): Record<string, unknown> => ({
    id: file.id,
    name: file.name,
    size: file.content.length,
    webUrl: file.webUrl,
    file: { mimeType: file.contentType ?? "application/octet-stream" },
    parentReference: { driveId: file.driveId, id: file.parentId },
  });

  /** Puts a file (201), or replaces the one of that name in that folder (200). */
  const putFile = (
    driveId: string,
    parentId: string,
    name: string,
    body: unknown,
    contentType: string | undefined,
    webUrl: () => string,
  ): Answer => {
    const content = Buffer.isBuffer(body)
      ? body
      : Buffer.from(typeof body === "string" ? body : "");
    const existing = files.find(
      (file) => file.driveId === driveId && file.parentId === parentId && file.name === name,
    );
    const file: GraphFile = existing ?? {
      driveId,
      parentId,
      name,
      content,
      contentType: undefined,
      id: nextId("01FILE"),
      webUrl: webUrl(),
      replaced: -1,
      links: [],
    };
    file.content = content;
    file.contentType = contentType;
    file.replaced += 1;
    if (existing === undefined) files.push(file);
    return { status: existing === undefined ? 201 : 200, body: driveItem(file) };
  };

  const answerGraph = (
    method: string,
    route: string,
    query: URLSearchParams,
    body: unknown,
    contentType: string | undefined,
  ): Answer => {
    const notFound = (what: string): Answer =>
      msError(
        404,
        "Request_ResourceNotFound",
        `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`,
      );
    if (route === "/users" && method === "GET") {
      const filter = query.get("$filter") ?? "";
      const byMail = /^mail eq '((?:[^']|'')*)'$/.exec(filter.trim());
      if (byMail === null) {
        return msError(
          400,
          "Request_UnsupportedQuery",
          "Unsupported or invalid query filter clause specified.",
        );
      }
      const mail = (byMail[1] ?? "").replaceAll("''", "'").toLowerCase();
      const found = [...users.values()].filter((user) => user.mail.toLowerCase() === mail);
      return { status: 200, body: { value: found.map(graphUser) } };
    }
    // The tenant's app catalog: the one app uploaded there, found by its manifest id.
    if (route === "/appCatalogs/teamsApps" && method === "GET") {
      const filter = query.get("$filter") ?? "";
      const wanted = /^externalId eq '([^']*)'$/.exec(filter.trim())?.[1];
      const app = {
        id: TEAMS_STAND_IN_IDENTITY.catalogAppId,
        externalId: TEAMS_STAND_IN_IDENTITY.externalAppId,
        displayName: "Correo Bomba",
        distributionMethod: "organization",
      };
      const value = wanted === undefined || wanted === app.externalId ? [app] : [];
      return { status: 200, body: { value } };
    }
    const userRoute = /^\/users\/([^/]+)(\/teamwork\/installedApps)?$/.exec(route);
    if (userRoute !== null) {
      const key = userRoute[1] ?? "";
      const user = findUser(key);
      if (user === undefined) return notFound(key);
      if (userRoute[2] === undefined) {
        return method === "GET" ? { status: 200, body: graphUser(user) } : { status: 405 };
      }
      if (method === "GET") {
        const filter = query.get("$filter");
        const wanted = /^teamsApp\/externalId eq '([^']*)'$/.exec(filter ?? "")?.[1];
        const apps = user.installed === false ? [] : [installedApp(user)];
        const value = apps.filter(
          (app) => wanted === undefined || asRecord(app.teamsApp)?.externalId === wanted,
        );
        return { status: 200, body: { value } };
      }
      if (method === "POST") {
        const bind = asRecord(body)?.["teamsApp@odata.bind"];
        const expected = `/appCatalogs/teamsApps/${TEAMS_STAND_IN_IDENTITY.catalogAppId}`;
        if (typeof bind !== "string" || !bind.endsWith(expected)) {
          return msError(400, "BadRequest", "teamsApp@odata.bind must name an app of the catalog.");
        }
        if (user.canInstall === false) {
          return msError(403, "Forbidden", "The user is not allowed to install this app.");
        }
        if (user.installed !== false) {
          return msError(409, "Conflict", "App is already installed for this user.");
        }
        user.installed = true;
        return { status: 201 };
      }
      return { status: 405 };
    }
    const folder = /^\/teams\/([^/]+)\/channels\/([^/]+)\/filesFolder$/.exec(route);
    if (folder !== null) {
      if (method !== "GET") return { status: 405 };
      const teamId = folder[1] ?? "";
      const channelId = folder[2] ?? "";
      if (!(channels[teamId] ?? []).includes(channelId)) return notFound(`${teamId}/${channelId}`);
      return {
        status: 200,
        body: {
          id: folderItemId(channelId),
          name: "General",
          webUrl: `https://contoso.sharepoint.com/sites/${teamId}/Shared%20Documents/General`,
          parentReference: { driveId: driveIdOf(teamId), driveType: "documentLibrary" },
          folder: { childCount: files.filter((file) => file.driveId === driveIdOf(teamId)).length },
        },
      };
    }
    // The root site's document library, by path (`…/root:/Folder/name:/content`).
    const orgUpload = /^\/sites\/root\/drive\/root:\/(.+)\/([^/]+):\/content$/.exec(route);
    if (orgUpload !== null) {
      if (method !== "PUT") return { status: 405 };
      const folderPath = orgUpload[1] ?? "";
      const name = orgUpload[2] ?? "";
      return putFile(ORG_DRIVE_ID, folderPath, name, body, contentType, () => {
        const path = [...folderPath.split("/"), name].map(encodeURIComponent).join("/");
        return `https://contoso.sharepoint.com/Shared%20Documents/${path}`;
      });
    }
    const share = /^\/drives\/([^/]+)\/items\/([^/:]+)\/createLink$/.exec(route);
    if (share !== null) {
      if (method !== "POST") return { status: 405 };
      const file = files.find((held) => held.driveId === share[1] && held.id === share[2]);
      if (file === undefined)
        return msError(404, "itemNotFound", "The resource could not be found.");
      const asked = asRecord(body);
      const type = asked?.type;
      const scope = asked?.scope ?? "anonymous";
      if (
        typeof type !== "string" ||
        !["view", "edit", "embed"].includes(type) ||
        typeof scope !== "string" ||
        !["anonymous", "organization", "users"].includes(scope)
      ) {
        return msError(400, "invalidRequest", "Invalid request: type or scope.");
      }
      // The link of that type and scope the item already has is given again (200).
      let link = file.links.find((held) => held.type === type && held.scope === scope);
      const existed = link !== undefined;
      if (link === undefined) {
        link = { type, scope, webUrl: `https://contoso.sharepoint.com/:u:/g/${nextId("LINK")}` };
        file.links.push(link);
      }
      return {
        status: existed ? 200 : 201,
        body: {
          id: `${file.id}-${type}-${scope}`,
          roles: [type === "edit" ? "write" : "read"],
          link: { type, scope, webUrl: link.webUrl, application: { displayName: "Correo Bomba" } },
        },
      };
    }
    // An item by its path below a folder (`GET /drives/{d}/items/{parent}:/{name}`).
    const byPath = /^\/drives\/([^/]+)\/items\/([^/:]+):\/([^:]+)$/.exec(route);
    if (byPath !== null) {
      if (method !== "GET") return { status: 405 };
      const file = files.find(
        (held) =>
          held.driveId === byPath[1] && held.parentId === byPath[2] && held.name === byPath[3],
      );
      if (file === undefined)
        return msError(404, "itemNotFound", "The resource could not be found.");
      return { status: 200, body: driveItem(file) };
    }
    const upload = /^\/drives\/([^/]+)\/items\/([^/:]+):\/(.+):\/content$/.exec(route);
    if (upload !== null) {
      if (method !== "PUT") return { status: 405 };
      const driveId = upload[1] ?? "";
      const parentId = upload[2] ?? "";
      const name = upload[3] ?? "";
      const teamId = Object.keys(channels).find((team) => driveIdOf(team) === driveId);
      const channelId =
        teamId === undefined
          ? undefined
          : channels[teamId]?.find((channel) => folderItemId(channel) === parentId);
      if (teamId === undefined || channelId === undefined)
        return notFound(`${driveId}/${parentId}`);
      return putFile(
        driveId,
        parentId,
        name,
        body,
        contentType,
        () =>
          `https://contoso.sharepoint.com/sites/${teamId}/Shared%20Documents/General/${encodeURIComponent(name)}`,
      );
    }
    return notFound(route);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const at = now();
    const full = new URL(request.url ?? "/", "http://stand-in");
    const prefix = SERVICE_PREFIXES.find(([, base]) => full.pathname.startsWith(`${base}/`));
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes <= MAX_BODY_BYTES) chunks.push(chunk);
    }
    const raw = Buffer.concat(chunks);
    if (prefix === undefined) {
      response.writeHead(404).end();
      return;
    }
    const [service, base] = prefix;
    const method = request.method ?? "GET";
    const rest = full.pathname.slice(base.length);
    const route = rest
      .split("/")
      .map((segment) => safeDecode(segment))
      .join("/");
    const authorization = request.headers.authorization;
    const token = authorization?.startsWith("Bearer ") ? authorization.slice(7) : undefined;
    const body = decodeBody(raw, request.headers["content-type"], service, route);
    const call: TeamsCall = {
      service,
      method,
      path: `${rest}${full.search}`,
      route,
      query: full.searchParams,
      body,
      bytes,
      token,
      contentType: request.headers["content-type"],
      status: 0,
      fault: undefined,
      at,
    };
    calls.push(call);

    const fault = takeFault(service, `${method} ${route}`);
    call.fault = fault;
    if (fault?.kind === "hang") return;
    if (fault?.kind === "drop") {
      request.socket.destroy();
      return;
    }
    let answer: Answer;
    if (fault?.kind === "throttled") {
      answer = msError(
        429,
        service === "graph" ? "TooManyRequests" : "Throttled",
        "Too many requests.",
        {
          "Retry-After": String(fault.retryAfterSeconds),
        },
      );
    } else if (fault?.kind === "status") {
      answer = msError(
        fault.status,
        fault.code ?? "ServiceError",
        fault.message ?? "Service error.",
      );
    } else {
      answer = answerService(call);
    }
    if (fault?.kind === "lost") {
      request.socket.destroy();
      return;
    }
    call.status = answer.status;
    const headers: Record<string, string> = { ...answer.headers };
    if (answer.body === undefined) {
      response.writeHead(answer.status, headers).end();
      return;
    }
    headers["content-type"] = "application/json; charset=utf-8";
    response.writeHead(answer.status, headers).end(JSON.stringify(answer.body));
  };

  const answerService = (call: TeamsCall): Answer => {
    const { service, method, route, query, body, bytes, token } = call;
    switch (service) {
      case "openid":
        return answerOpenId(method, route);
      case "login":
        return answerLogin(method, route, body);
      case "connector":
        return (
          bearerRefusal(token, BOT_FRAMEWORK_SCOPE.replace(/\/\.default$/, "")) ??
          answerConnector(method, route, body, bytes)
        );
      case "graph":
        return (
          bearerRefusal(token, GRAPH_SCOPE.replace(/\/\.default$/, "")) ??
          answerGraph(method, route, query, body, call.contentType)
        );
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    openIdMetadataUrl: `${origin}/botframework/v1/.well-known/openidconfiguration`,
    loginUrl: `${origin}/login`,
    serviceUrl: `${origin}/connector/`,
    graphUrl: `${origin}/graph/v1.0`,
    botKey,
    publishedKeys,
    calls,
    callsTo: (service, method, route) =>
      calls.filter(
        (call) =>
          call.service === service &&
          (method === undefined || call.method === method) &&
          (route === undefined || route.test(call.route)),
      ),
    activities,
    conversations,
    users,
    files,
    issuedTokens,
    fail: (service, fault, failOptions = {}) => {
      const queue = faults.get(service) ?? [];
      queue.push({ fault, match: failOptions.match, remaining: failOptions.times ?? 1 });
      faults.set(service, queue);
    },
    accessToken: (scope = BOT_FRAMEWORK_SCOPE) => issue(scope),
    reset: () => {
      calls.length = 0;
      activities.length = 0;
      files.length = 0;
      conversations.clear();
      faults.clear();
      sentAt.clear();
      publishedKeys.splice(1);
      resetUsers();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The drive id of the root SharePoint site's document library. */
export const ORG_DRIVE_ID = "b!rootsite-documents";

/** The id the stand-in gives the 1:1 conversation of the bot `clientId` with a user. */
export function personalConversationId(
  userId: string,
  clientId: string = TEAMS_STAND_IN_IDENTITY.clientId,
): string {
  return `a:1${Buffer.from(`${clientId}|${userId}`).toString("base64url")}`;
}

function driveIdOf(teamId: string): string {
  return `b!${Buffer.from(teamId).toString("base64url")}`;
}

function folderItemId(channelId: string): string {
  return `01FOLDER${Buffer.from(channelId).toString("hex").slice(0, 24).toUpperCase()}`;
}

function msError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Answer {
  return {
    status,
    body: { error: { code, message } },
    ...(headers === undefined ? {} : { headers }),
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function decodeBody(
  raw: Buffer,
  contentType: string | undefined,
  service: TeamsService,
  route: string,
): unknown {
  // File uploads keep their bytes; everything else is JSON or a form.
  if (service === "graph" && route.endsWith(":/content")) return raw;
  if (raw.length === 0) return undefined;
  const text = raw.toString("utf8");
  if (contentType?.includes("application/x-www-form-urlencoded")) return new URLSearchParams(text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
