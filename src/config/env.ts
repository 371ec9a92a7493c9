/**
 * The environment, parsed once with zod. A missing or malformed variable becomes one line that
 * names it; secrets are never echoed back.
 */
import * as z from "zod";
import { isClockYear } from "../core/calendar.ts";

const level = z.enum(["debug", "info", "warn", "error"]);
/** A Microsoft Entra id (application, tenant): a GUID. */
const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a GUID");
const httpUrl = z.url({ protocol: /^https?$/ });

const schema = z.object({
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, "must start with xoxb-")
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(8, "looks too short").optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, "must start with xapp-")
    .optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  BOMBA_DB: z.string().min(1).default("./data/bomba.db"),
  BOMBA_ORG: z.string().min(1).default("./org.yaml"),
  LOG_LEVEL: level.default("info"),
  /** The bot's Application (client) ID: the audience of inbound tokens, the bot's `28:` id. */
  TEAMS_CLIENT_ID: guid.optional(),
  /** Its client secret, for client-credentials tokens (Bot Connector and Graph). */
  TEAMS_CLIENT_SECRET: z.string().min(8, "looks too short").optional(),
  /** The Microsoft Entra tenant (directory) ID the bot is registered in (single tenant). */
  TEAMS_TENANT_ID: guid.optional(),
  /**
   * Where the keys signing inbound activities are published. The SDK reads the keys beside it
   * (`…/keys` in place of `…/openidconfiguration`), so it must end with `/openidconfiguration`.
   */
  TEAMS_OPENID_METADATA_URL: httpUrl
    .refine((url) => new URL(url).pathname.endsWith("/openidconfiguration"), {
      message: "must end with /openidconfiguration",
    })
    .default("https://login.botframework.com/v1/.well-known/openidconfiguration"),
  /** The token endpoint's base: tokens come from `{base}/{tenant}/oauth2/v2.0/token`. */
  TEAMS_LOGIN_URL: httpUrl.default("https://login.microsoftonline.com"),
  /** The Bot Connector for proactive messages to someone who never wrote to the bot. */
  TEAMS_SERVICE_URL: httpUrl.default("https://smba.trafficmanager.net/teams/"),
  /**
   * The bot's public host (of `https://HOST/api/messages`): the app package's domain, and where
   * `serve` on Teams serves the report's chart shown in its card (none without it).
   */
  TEAMS_BOT_DOMAIN: z.string().trim().min(1).optional(),
  /** Microsoft Graph's base (people by e-mail, app installation, channel files). */
  GRAPH_API_URL: httpUrl.default("https://graph.microsoft.com/v1.0"),
  /** Demos and end-to-end tests: the bot's clock starts at this instant and runs from there. */
  BOMBA_CLOCK: z.iso
    .datetime({ offset: true })
    // The year as written: the calendar's century of margin makes the offset's hours immaterial.
    .refine((text) => isClockYear(Number(text.slice(0, 4))), "is outside the calendar's years")
    .optional(),
});

/** The parsed environment. */
export type Env = z.infer<typeof schema>;

/** Parses the environment; on failure, the first line a person needs to fix it, and the variable. */
export function parseEnv(
  source: Record<string, string | undefined>,
): { ok: true; env: Env } | { ok: false; error: string; variable: string } {
  // An empty variable (KEY= in .env) means "not set", not "set to nothing".
  const present = Object.fromEntries(
    Object.keys(schema.shape).flatMap((k) => (source[k] ? [[k, source[k]]] : [])),
  );
  const parsed = schema.safeParse(present);
  if (parsed.success) return { ok: true, env: parsed.data };
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? "environment");
  return { ok: false, error: `${name}: ${issue?.message ?? "invalid"}`, variable: name };
}

/** What `serve` runs on Teams: the credentials and the service URLs (stand-ins in tests). */
export interface TeamsSettings {
  clientId: string;
  clientSecret: string;
  tenantId: string;
  openIdMetadataUrl: string;
  loginUrl: string;
  serviceUrl: string;
  graphUrl: string;
}

/**
 * Which platform the environment sets up: Slack (a bot token) or Teams (a client secret or a
 * tenant id; TEAMS_CLIENT_ID alone only names the app for `bomba teams package`). Both, or
 * neither, is a problem, as is Teams with one of its three credentials missing (named).
 */
export function platformOf(
  env: Env,
):
  | { platform: "slack" }
  | { platform: "teams"; teams: TeamsSettings }
  | { problem: "both" | "neither" }
  | { problem: "missing"; variable: string } {
  const slack = env.SLACK_BOT_TOKEN !== undefined;
  const teams = env.TEAMS_CLIENT_SECRET !== undefined || env.TEAMS_TENANT_ID !== undefined;
  if (slack && teams) return { problem: "both" };
  if (!teams) return slack ? { platform: "slack" } : { problem: "neither" };
  const { TEAMS_CLIENT_ID: clientId, TEAMS_CLIENT_SECRET: clientSecret } = env;
  const tenantId = env.TEAMS_TENANT_ID;
  if (clientId === undefined) return { problem: "missing", variable: "TEAMS_CLIENT_ID" };
  if (clientSecret === undefined) return { problem: "missing", variable: "TEAMS_CLIENT_SECRET" };
  if (tenantId === undefined) return { problem: "missing", variable: "TEAMS_TENANT_ID" };
  return {
    platform: "teams",
    teams: {
      clientId: clientId.toLowerCase(),
      clientSecret,
      tenantId: tenantId.toLowerCase(),
      openIdMetadataUrl: env.TEAMS_OPENID_METADATA_URL,
      loginUrl: env.TEAMS_LOGIN_URL.replace(/\/+$/, ""),
      serviceUrl: env.TEAMS_SERVICE_URL,
      graphUrl: env.GRAPH_API_URL.replace(/\/+$/, ""),
    },
  };
}

/** The bot's clock: real time, or real time shifted so that it started at `BOMBA_CLOCK`. */
export function clockOf(env: Env, realNow: () => number = Date.now): () => number {
  if (env.BOMBA_CLOCK === undefined) return realNow;
  const offset = Date.parse(env.BOMBA_CLOCK) - realNow();
  return () => realNow() + offset;
}
