/**
 * The Web API client and how its failures map onto the chat port's error kinds, once, here. Our
 * outbox retries durably, so the client itself never retries for long.
 */
import type { HomeView, ModalView } from "@slack/types";
import { ErrorCode, type RetryOptions, WebClient } from "@slack/web-api";
import { ChatError } from "../chat/port.ts";
import { slackFetch } from "./http-fetch.ts";

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
    timeout: 10_000,
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

// The client logs every call at debug level whatever the level in force: before sending, a copy of
// the arguments key by key (`redact`, two regular expressions per key) encoded to JSON again for
// a message no logger prints. For a view that was ~0.05 ms of CPU per accept click (issue 14). A
// view handed over already in JSON is one string to copy, and the bytes sent are the same: the
// client JSON-encodes an object argument itself.

/** `views.open` of a modal. */
export async function openModal(
  client: WebClient,
  triggerId: string,
  view: ModalView,
): Promise<void> {
  await client.apiCall("views.open", { trigger_id: triggerId, view: JSON.stringify(view) });
}

/** `views.publish` of a person's App Home. */
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
  const passing = (code: string) => new ChatError("transient", code, { unknown, cause: error });
  switch (e?.code) {
    case ErrorCode.RateLimitedError:
      return new ChatError("retry_after", "ratelimited", {
        retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000,
        unknown,
        cause: error,
      });
    case ErrorCode.PlatformError: {
      const code = platformErrorOf(error) ?? "unknown_error";
      return passingErrors.has(code)
        ? passing(code)
        : new ChatError("permanent", code, { cause: error });
    }
    case ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      if (status === 429) {
        return new ChatError("retry_after", "http_429", { retryAfterMs: 1000, unknown });
      }
      return status >= 500 || status === 408
        ? passing(`http_${status}`)
        : new ChatError("permanent", `http_${status}`, { cause: error });
    }
    default:
      // Network failures and anything unforeseen: try again later, bounded by maxAttempts.
      return passing(String(e?.message ?? error).slice(0, 200));
  }
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
