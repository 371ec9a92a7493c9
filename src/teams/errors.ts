/**
 * Every failure of a call to Microsoft (the Bot Connector through the SDK's axios client, the
 * token endpoint and Graph through fetch) classified once into a `ChatError` the outbox acts on.
 *
 * | what came back | kind | unknown |
 * |---|---|---|
 * | 429 (Retry-After: seconds or a date; 1 s when absent) | retry_after | no |
 * | 412, 500, 502, 503, 504, 408 | transient | for a write, on 500/502/504 (a gateway may have passed it on) |
 * | 401 (the token was refused: being replaced, or a secret changed) | transient | no |
 * | 403 `BotNotInConversationRoster` | not_installed | no |
 * | 413 `MessageSizeTooBig` | permanent (the port splits and sends again) | no |
 * | any other 4xx (`ActivityNotFoundInConversation`, `ConversationNotFound`…) | permanent | no |
 * | timeout, connection reset or lost mid-answer | transient | for a write |
 * | connection refused, no such host | transient | no (nothing reached Microsoft) |
 * | anything else thrown | transient | yes |
 *
 * A token or tenant problem fails every message alike until someone fixes the registration: it
 * is transient, so that no message is given up for it.
 */
import { ChatError } from "../chat/port.ts";

/** Network failures after which the request may have reached the service. */
const midway = new Set([
  "ECONNABORTED",
  "ETIMEDOUT",
  "ECONNRESET",
  "EPIPE",
  "ERR_NETWORK",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "TimeoutError",
]);
/** Network failures before anything was sent. */
const beforehand = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/** Statuses after which a write may have been applied all the same. */
const mayHaveApplied = new Set([500, 502, 504]);
/** Statuses worth trying again later. */
const passing = new Set([408, 412, 500, 502, 503, 504]);

/** The error code of Microsoft's JSON error body (`{error: {code}}`, or Entra's `{error}`). */
export function microsoftErrorCode(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error === "string") return error;
  if (typeof error === "object" && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** Milliseconds a Retry-After header asks for (delta seconds or an HTTP date), at least 1 s. */
export function retryAfterMs(header: string | null | undefined, now: number = Date.now()): number {
  const text = header?.trim() ?? "";
  if (/^\d+(\.\d+)?$/.test(text)) return Math.max(1000, Math.ceil(Number(text) * 1000));
  const at = Date.parse(text);
  return Number.isNaN(at) ? 1000 : Math.max(1000, at - now);
}

/** Classifies an HTTP answer that was not a success. */
export function classifyStatus(
  status: number,
  body: unknown,
  retryAfter: string | null | undefined,
  write: boolean,
): ChatError {
  const code = microsoftErrorCode(body) ?? `http_${status}`;
  if (status === 429) {
    return new ChatError("retry_after", code, { retryAfterMs: retryAfterMs(retryAfter) });
  }
  if (status === 403 && code === "BotNotInConversationRoster") {
    return new ChatError("not_installed", code);
  }
  if (status === 401 || passing.has(status)) {
    return new ChatError("transient", code, {
      unknown: write && mayHaveApplied.has(status),
    });
  }
  if (status >= 500) return new ChatError("transient", code, { unknown: write });
  return new ChatError("permanent", code);
}

/** The network error code of a failure that got no answer (axios, undici, node), if any. */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const { code, name, cause } = current as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof code === "string" && (midway.has(code) || beforehand.has(code))) return code;
    if (name === "TimeoutError" || name === "AbortError") return "TimeoutError";
    current = cause;
  }
  return undefined;
}

/**
 * Classifies whatever a call threw: a `ChatError` as is (the token provider's), an axios error
 * by its answer, a network failure by its code. `write` says whether the call changes something
 * (send, update, delete, install, upload), so that a lost answer leaves its outcome unknown.
 */
export function classifyFailure(error: unknown, write: boolean): ChatError {
  if (error instanceof ChatError) return error;
  const response = (error as { response?: { status?: unknown; data?: unknown; headers?: unknown } })
    ?.response;
  if (response !== undefined && typeof response.status === "number") {
    const headers = response.headers as Record<string, unknown> | undefined;
    const retry = headers?.["retry-after"];
    return classifyStatus(
      response.status,
      response.data,
      typeof retry === "string" ? retry : undefined,
      write,
    );
  }
  const code = networkCode(error);
  if (code !== undefined) {
    return new ChatError("transient", code, {
      unknown: write && !beforehand.has(code),
      cause: error,
    });
  }
  return new ChatError("transient", "unexpected", { unknown: true, cause: error });
}
