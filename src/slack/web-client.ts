/**
 * The Web API client and how its failures map onto the chat port's error kinds, once, here. Our
 * outbox retries durably, so the client itself never retries for long.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { HomeView, ModalView } from "@slack/types";
import { ErrorCode, type RetryOptions, WebClient } from "@slack/web-api";
import { ChatError } from "../chat/port.ts";
import { slackFetch } from "./http-fetch.ts";

/** How long one Web API request may go unanswered before it is given up. */
const REQUEST_TIMEOUT_MS = 10_000;
/** The pause before the one retry of a request that got no answer, or a 5xx. */
const RETRY_DELAY_MS = 200;

/**
 * Options for every client we make: rate limits surface at once, retries stay short, requests go
 * over node:http(s) with keep-alive (`http-fetch.ts`).
 */
export function webClientOptions(apiUrl: string | undefined, retryConfig?: RetryOptions) {
  return {
    ...(apiUrl === undefined ? {} : { slackApiUrl: apiUrl }),
    fetch: slackFetch,
    rejectRateLimitedCalls: true,
    retryConfig: retryConfig ?? { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 500 },
    timeout: REQUEST_TIMEOUT_MS,
  };
}

/**
 * The retry policy of the client that delivers the outbox: none. A post retried by the client
 * after a timeout would be a second message whenever Slack had posted the first; the outbox
 * retries instead, and first looks for the message by its tag (`outbox-tag.ts`).
 */
export const deliveryRetries: RetryOptions = { retries: 0 };

/** A Web API client for the bot token, pointed at `apiUrl` when set (a local stand-in). */
export function createWebClient(
  token: string,
  apiUrl?: string,
  retryConfig?: RetryOptions,
): WebClient {
  return new WebClient(token, webClientOptions(apiUrl, retryConfig));
}

/** Bounds of a call made without the client: tests shorten them. */
export interface CallBounds {
  /** How long one attempt may go unanswered. */
  readonly timeoutMs: number;
  /** The pause before the one retry, after no answer or a 5xx. */
  readonly retryDelayMs: number;
}

const callBounds: CallBounds = { timeoutMs: REQUEST_TIMEOUT_MS, retryDelayMs: RETRY_DELAY_MS };

/**
 * `views.open` of a modal: the one Web API call a click waits for, made over our fetch without
 * the client's `apiCall`. In the profile of an accept click (issue 14) the client's machinery
 * around the request was ~0.2 ms of CPU, a sixth of the click: its queue, p-retry, the arguments
 * form-encoded (the view's JSON percent-escaped), and at debug level, whatever the level in force,
 * copies of the arguments, the headers and the view Slack sends back, walked key by key and
 * encoded to JSON for messages no logger prints. The policy is the client's under our options: the
 * bot token as a bearer, a rate limit surfacing at once, one retry after a short pause when no
 * answer or a 5xx came; every failure is thrown as the ChatError `chatErrorOf` makes of the
 * client's. `client` gives the token and the API's address, as Bolt made it for the request.
 */
export async function openModal(
  client: WebClient,
  triggerId: string,
  view: ModalView,
  bounds: CallBounds = callBounds,
): Promise<void> {
  await callWithoutClient(client, "views.open", { trigger_id: triggerId, view }, bounds);
}

/** One Web API method called with a JSON body; Slack's answer when it says `ok`. */
async function callWithoutClient(
  client: WebClient,
  method: string,
  args: Record<string, unknown>,
  bounds: CallBounds,
): Promise<unknown> {
  const token = client.token;
  if (token === undefined) throw new ChatError("permanent", "not_authed");
  const init = {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json; charset=utf-8",
    },
    body: JSON.stringify(args),
    redirect: "error" as const,
  };
  const url = `${client.slackApiUrl}${method}`;
  for (let attempt = 1; ; attempt++) {
    let response: Awaited<ReturnType<typeof slackFetch>>;
    try {
      response = await slackFetch(url, { ...init, signal: AbortSignal.timeout(bounds.timeoutMs) });
    } catch (error) {
      // No answer: the client's WebAPIRequestError, which `chatErrorOf` reads by its message.
      if (attempt < 2) {
        await sleep(bounds.retryDelayMs);
        continue;
      }
      throw new ChatError("transient", errorText(error), { unknown: true, cause: error });
    }
    if (response.status === 429) {
      throw rateLimited(Number(response.headers.get("retry-after")), false, undefined);
    }
    if (response.status !== 200) {
      const failure = httpFailure(response.status, false, await response.text());
      if (failure.kind === "transient" && attempt < 2) {
        await sleep(bounds.retryDelayMs);
        continue;
      }
      throw failure;
    }
    const answer = (await response.json().catch(() => null)) as {
      ok?: unknown;
      error?: unknown;
    } | null;
    if (answer?.ok === true) return answer;
    const code = typeof answer?.error === "string" ? answer.error : "invalid_response";
    throw platformFailure(code, answer);
  }
}

function errorText(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const text = error instanceof Error ? error.message : String(error);
  return (cause instanceof Error ? `${text}: ${cause.message}` : text).slice(0, 200);
}

/**
 * `views.publish` of a person's App Home, through the client (not on a click's path). The view
 * goes over already in JSON: the client's debug copy of the arguments (`redact`, made whatever the
 * level) then copies one string instead of walking the view; the bytes sent are the same.
 */
export async function publishHome(
  client: WebClient,
  userId: string,
  view: HomeView,
): Promise<void> {
  await client.apiCall("views.publish", { user_id: userId, view: JSON.stringify(view) });
}

// Slack's own words for "try again later"; every other `ok: false` is permanent for that message.
// A token or workspace problem is no fault of the message: it fails every message alike until
// someone replaces the token, and giving each up would lose them all.
const passingErrors = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
  "team_added_to_org",
  "not_authed",
  "invalid_auth",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "missing_scope",
  "team_access_not_granted",
  "ekm_access_denied",
]);

/** The `error` field of a Slack platform error, or null for other failures. */
export function platformErrorOf(error: unknown): string | null {
  const e = error as { code?: string; data?: { error?: string } };
  return e?.code === ErrorCode.PlatformError ? (e.data?.error ?? "unknown_error") : null;
}

/** Classifies a thrown Web API error for the outbox; `unknown` as the caller tells. */
export function chatErrorOf(error: unknown, unknown = false): ChatError {
  if (error instanceof ChatError) return error;
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; message?: string };
  switch (e?.code) {
    case ErrorCode.RateLimitedError:
      return rateLimited(e.retryAfter, unknown, error);
    case ErrorCode.PlatformError:
      return platformFailure(platformErrorOf(error) ?? "unknown_error", error, unknown);
    case ErrorCode.HTTPError:
      return httpFailure(e.statusCode ?? 0, unknown, error);
    default:
      // Network failures and anything unforeseen: try again later, bounded by maxAttempts.
      return new ChatError("transient", String(e?.message ?? error).slice(0, 200), {
        unknown,
        cause: error,
      });
  }
}

/** A rate limit: wait as long as Slack asked (in seconds), at least a second. */
function rateLimited(retryAfterSeconds: number | undefined, unknown: boolean, cause: unknown) {
  const seconds = Number.isFinite(retryAfterSeconds) ? (retryAfterSeconds as number) : 1;
  return new ChatError("retry_after", "ratelimited", {
    retryAfterMs: Math.max(1, seconds) * 1000,
    unknown,
    cause,
  });
}

/** Slack's `ok: false` with `code`: passing for the words in `passingErrors`, else permanent. */
function platformFailure(code: string, cause: unknown, unknown = false): ChatError {
  return passingErrors.has(code)
    ? new ChatError("transient", code, { unknown, cause })
    : new ChatError("permanent", code, { cause });
}

/** An HTTP status other than 200 on the way to the Web API. */
function httpFailure(status: number, unknown: boolean, cause: unknown): ChatError {
  if (status === 429) {
    return new ChatError("retry_after", "http_429", { retryAfterMs: 1000, unknown });
  }
  return status >= 500 || status === 408
    ? new ChatError("transient", `http_${status}`, { unknown, cause })
    : new ChatError("permanent", `http_${status}`, { cause });
}

// Slack's words for "it broke on our side, and some of it may have been done".
const partlyDoneErrors = new Set(["internal_error", "fatal_error"]);

/**
 * True when a failed call may have been carried out all the same: no answer came (a timeout, a
 * dropped connection), a 5xx or 408 from the way in, or Slack saying it broke part way.
 */
export function mayHaveActed(error: unknown): boolean {
  const e = error as { code?: string; statusCode?: number };
  switch (e?.code) {
    case ErrorCode.RateLimitedError:
      return false;
    case ErrorCode.PlatformError:
      return partlyDoneErrors.has(platformErrorOf(error) ?? "");
    case ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      return status >= 500 || status === 408;
    }
    default:
      // No answer at all: the request may have arrived and been done.
      return true;
  }
}
