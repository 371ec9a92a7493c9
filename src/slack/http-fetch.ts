/**
 * The `fetch` our Slack Web API clients use: the request a WebClient makes (a POST of a string
 * body, form-encoded or JSON) on node:http(s) over a keep-alive agent, the answer read whole into
 * what the client reads of a response (`ReadResponse`). The profile of `bomba serve` (issue 14)
 * showed Node's own fetch (undici, with its web streams) at ~0.4 ms of CPU per `views.open`, a
 * fifth of an accept click; the same call on node:http costs about half. Anything else (a
 * FormData or binary body: file uploads) goes to the global fetch unchanged.
 *
 * It keeps what the client relies on from fetch: a network failure rejects with
 * `TypeError("fetch failed")` and the cause (the words our error mapping reads), an abort
 * rejects with the signal's reason (the client's timeout), `redirect: "error"` refuses a 3xx.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { FetchFunction } from "@slack/web-api";

/** The answer a `FetchFunction` gives: what the Web API client reads of a response. */
type FetchResponse = Awaited<ReturnType<FetchFunction>>;

/**
 * A connection left idle this long is closed (the agent destroys a free socket on its timeout),
 * before a server would close it under a request: undici's default keep-alive, 4 s. A request in
 * flight is bounded by the client's own timeout (its abort signal), not by this.
 */
const IDLE_MS = 4_000;

const agents = {
  "http:": new HttpAgent({ keepAlive: true, timeout: IDLE_MS }),
  "https:": new HttpsAgent({ keepAlive: true, timeout: IDLE_MS }),
};

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

  constructor(raw: string[]) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      const value = (raw[i + 1] as string).trim();
      const seen = this.values.get(name);
      if (seen === undefined) this.values.set(name, [value]);
      else seen.push(value);
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

export const slackFetch: FetchFunction = (url, init = {}) => {
  const target = typeof url === "string" ? new URL(url) : url;
  const { body } = init;
  const protocol = target.protocol;
  if ((body !== undefined && typeof body !== "string") || !(protocol in agents)) {
    return globalThis.fetch(url, init as RequestInit);
  }
  const signal = init.signal;
  return new Promise<FetchResponse>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const send = protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(target, {
      method: init.method ?? "GET",
      headers: {
        ...init.headers,
        ...(body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) }),
      },
      agent: agents[protocol as keyof typeof agents],
    });
    const onAbort = () => {
      req.destroy();
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => signal?.removeEventListener("abort", onAbort);
    req.on("error", (cause) => {
      done();
      reject(new TypeError("fetch failed", { cause }));
    });
    req.on("response", (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (init.redirect === "error" && status >= 300 && status < 400) {
        res.resume();
        done();
        reject(
          new TypeError("fetch failed", { cause: new Error(`unexpected redirect (${status})`) }),
        );
        return;
      }
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", (cause) => {
        done();
        reject(new TypeError("fetch failed", { cause }));
      });
      res.on("end", () => {
        done();
        resolve(
          new ReadResponse(
            status,
            res.statusMessage ?? "",
            target.href,
            new ReadHeaders(res.rawHeaders),
            chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
          ),
        );
      });
    });
    req.end(body);
  });
};
