/**
 * The bot's own access tokens: client credentials against Entra's token endpoint
 * (`{TEAMS_LOGIN_URL}/{tenant}/oauth2/v2.0/token`), one per scope, kept until five minutes
 * before they expire. The SDK asks for a token on every request, and Graph calls do too, so
 * the cache is what keeps the token endpoint out of every message's path. (MSAL, which the SDK
 * would use otherwise, refuses an http authority, so the stand-ins could not stand in for it.)
 */
import { ChatError } from "../chat/port.ts";
import { classifyFailure, classifyStatus } from "./errors.ts";

/** The Bot Connector's scope. */
export const BOT_SCOPE = "https://api.botframework.com/.default";
/** Microsoft Graph's scope. */
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";
/** A token is replaced this long before it expires, so that none expires in flight. */
export const TOKEN_MARGIN_MS = 5 * 60_000;
/** How long the token endpoint gets to answer. */
export const TOKEN_TIMEOUT_MS = 10_000;

/** Who the bot is, and where its tokens come from. */
export interface TokenSettings {
  clientId: string;
  clientSecret: string;
  tenantId: string;
  /** The token endpoint's base, without a trailing slash. */
  loginUrl: string;
}

/** Hands out access tokens by scope; throws `ChatError` when none can be had. */
export interface TokenProvider {
  /** A valid token for `scope`, from the cache or a new one. */
  get(scope: string): Promise<string>;
  /** Forgets the token of `scope` (the service refused it): the next `get` asks anew. */
  forget(scope: string): void;
}

/** A cached client-credentials token provider; `now` is the clock expiry is read against. */
export function tokenProvider(
  settings: TokenSettings,
  now: () => number = Date.now,
  timeoutMs = TOKEN_TIMEOUT_MS,
): TokenProvider {
  const cache = new Map<string, { token: string; expiresAt: number }>();
  // Two messages needing a token at once wait for the same request.
  const pending = new Map<string, Promise<string>>();

  const fetchToken = async (scope: string): Promise<string> => {
    let response: Response;
    let body: unknown;
    try {
      response = await fetch(`${settings.loginUrl}/${settings.tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: settings.clientId,
          client_secret: settings.clientSecret,
          scope,
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = await response.json().catch(() => undefined);
    } catch (error) {
      // Asking for a token changes nothing: its outcome is never unknown.
      throw classifyFailure(error, false);
    }
    const answer = body as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (!response.ok || typeof answer?.access_token !== "string") {
      const failure = classifyStatus(
        response.status,
        body,
        response.headers.get("retry-after"),
        false,
      );
      // A refused secret or tenant fails every message alike until someone fixes the
      // registration: never a reason to give one message up.
      if (failure.kind !== "permanent") throw failure;
      throw new ChatError("transient", failure.code);
    }
    const seconds = typeof answer.expires_in === "number" ? answer.expires_in : 3599;
    cache.set(scope, { token: answer.access_token, expiresAt: now() + seconds * 1000 });
    return answer.access_token;
  };

  return {
    async get(scope) {
      const cached = cache.get(scope);
      if (cached !== undefined && cached.expiresAt - TOKEN_MARGIN_MS > now()) return cached.token;
      const inFlight = pending.get(scope);
      if (inFlight !== undefined) return inFlight;
      const request = fetchToken(scope).finally(() => pending.delete(scope));
      pending.set(scope, request);
      return request;
    },
    forget(scope) {
      cache.delete(scope);
    },
  };
}
