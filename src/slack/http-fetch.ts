/**
 * The `fetch` our Slack Web API clients use: the request a WebClient makes (a POST of a string
 * body, form-encoded or JSON) through undici's `request` over a keep-alive dispatcher, the answer
 * read whole into what the client reads of a response (`ReadResponse`). Node's own fetch is
 * undici too, but with its web streams and WHATWG objects: in the profile of `bomba serve`
 * (issue 14) ~0.4 ms of CPU per `views.open`, a fifth of an accept click. `request` skips them,
 * and costs less than node:http's ClientRequest, which this file used before (0.113-0.122 ->
 * 0.083-0.091 ms of CPU a call, 8 in flight, three interleaved pairs). undici is the package
 * Bolt already loads (through @slack/socket-mode): no module more at start-up. Anything else (a
 * FormData or binary body: file uploads) goes to the global fetch unchanged.
 *
 * It keeps what the client relies on from fetch: a network failure rejects with
 * `TypeError("fetch failed")` and the cause (the words our error mapping reads), an abort
 * rejects with the signal's reason (the client's timeout), `redirect: "error"` refuses a 3xx.
 */
import type { FetchFunction } from "@slack/web-api";
import { Agent, type Dispatcher, request } from "undici";

/** The answer a `FetchFunction` gives: what the Web API client reads of a response. */
type FetchResponse = Awaited<ReturnType<FetchFunction>>;

/**
 * Keep-alive connections per origin. One left idle this long is closed, before a server would
 * close it under a request (undici's own default). A request in flight is bounded by the
 * caller's timeout (its abort signal), not by this.
 */
const dispatcher = new Agent({ keepAliveTimeout: 4_000 });

/**
 * A response read whole: the members the Web API client (its `FetchResponse`) and Bolt's
 * `respond` read, over the bytes already received. A standard `Response` wraps its body in a
 * web stream and reads it back through one: in the profile of an accept click (issue 14) that
 * was ~0.1 ms of CPU per call, most of what our fetch itself cost.
 */
class ReadResponse implements FetchResponse {
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly url: string,
    readonly headers: ReadHeaders,
    private readonly body: Buffer,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  async text(): Promise<string> {
    return utf8Text(this.body);
  }

  async json(): Promise<unknown> {
    return JSON.parse(utf8Text(this.body));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const copy = new ArrayBuffer(this.body.byteLength);
    new Uint8Array(copy).set(this.body);
    return copy;
  }
}

/** UTF-8 text as `Response.text()` decodes it: a leading byte order mark is dropped. */
function utf8Text(bytes: Buffer): string {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return bytes.toString("utf8", bom ? 3 : 0);
}

/**
 * A response's headers as `Headers` gives them: names in lower case, a repeated header's values
 * joined with ", " (each Set-Cookie kept apart), `entries` in name order.
 */
class ReadHeaders {
  private readonly values = new Map<string, string[]>();

  constructor(headers: Record<string, string | string[] | undefined>) {
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      this.values.set(name.toLowerCase(), typeof value === "string" ? [value] : value);
    }
  }

  get(name: string): string | null {
    return this.values.get(name.toLowerCase())?.join(", ") ?? null;
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.values.keys()].sort()) {
      const values = this.values.get(name) ?? [];
      if (name === "set-cookie") for (const value of values) yield [name, value];
      else yield [name, values.join(", ")];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

export const slackFetch: FetchFunction = async (url, init = {}) => {
  const target = typeof url === "string" ? new URL(url) : url;
  const { body } = init;
  if (
    (body !== undefined && typeof body !== "string") ||
    (target.protocol !== "http:" && target.protocol !== "https:")
  ) {
    return globalThis.fetch(url, init as RequestInit);
  }
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw signal.reason;
  let answer: Dispatcher.ResponseData;
  try {
    answer = await request(target, {
      method: (init.method ?? "GET") as Dispatcher.HttpMethod,
      headers: (init.headers ?? {}) as Record<string, string>,
      body: body ?? null,
      signal: signal ?? null,
      dispatcher,
    });
  } catch (cause) {
    throw failed(cause, signal);
  }
  const status = answer.statusCode;
  if (init.redirect === "error" && status >= 300 && status < 400) {
    answer.body.resume();
    throw new TypeError("fetch failed", { cause: new Error(`unexpected redirect (${status})`) });
  }
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await answer.body.arrayBuffer());
  } catch (cause) {
    throw failed(cause, signal);
  }
  return new ReadResponse(
    status,
    answer.statusText,
    target.href,
    new ReadHeaders(answer.headers),
    bytes,
  );
};

/** What fetch rejects with: the signal's reason after an abort, else TypeError "fetch failed". */
function failed(cause: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason;
  return new TypeError("fetch failed", { cause });
}
