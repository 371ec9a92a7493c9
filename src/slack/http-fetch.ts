/**
 * The `fetch` our Slack Web API clients use: the request a WebClient makes (a POST of a string
 * body, form-encoded or JSON) on node:http(s) over a keep-alive agent, the answer as a standard
 * `Response`. The profile of `bomba serve` (issue 14) showed Node's own fetch (undici, with its
 * web streams) at ~0.4 ms of CPU per `views.open`, a fifth of an accept click; the same call on
 * node:http costs about half. Anything else (a FormData or binary body: file uploads) goes to
 * the global fetch unchanged.
 *
 * It keeps what the client relies on from fetch: a network failure rejects with
 * `TypeError("fetch failed")` and the cause (the words our error mapping reads), an abort
 * rejects with the signal's reason (the client's timeout), `redirect: "error"` refuses a 3xx.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { FetchFunction } from "@slack/web-api";

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

/** Statuses whose response has no body (a `Response` with one would throw). */
const bodiless = new Set([204, 205, 304]);

export const slackFetch: FetchFunction = (url, init = {}) => {
  const target = typeof url === "string" ? new URL(url) : url;
  const { body } = init;
  const protocol = target.protocol;
  if ((body !== undefined && typeof body !== "string") || !(protocol in agents)) {
    return globalThis.fetch(url, init as RequestInit);
  }
  const signal = init.signal;
  return new Promise<Response>((resolve, reject) => {
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
        const headers = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          headers.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
        }
        resolve(
          new Response(bodiless.has(status) ? null : Buffer.concat(chunks), {
            status,
            statusText: res.statusMessage ?? "",
            headers,
          }),
        );
      });
    });
    req.end(body);
  });
};
