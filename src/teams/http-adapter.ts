/**
 * Our HTTP server adapter for the Teams SDK: the SDK registers `POST /api/messages` and keeps
 * the Teams protocol (the Bot Connector JWT check, routing invokes); we keep the socket, the body
 * limit, `GET /healthz`, the public pages the manifest links to (`/`, `/privacy`, `/terms`), the
 * files the bot serves (the report's chart), and the one check the SDK leaves out (an activity
 * without `serviceUrl`).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpMethod, HttpRouteHandler, IHttpServerAdapter } from "@microsoft/teams.apps";

/** Activities above this size are refused before the SDK reads them (Teams sends far less). */
export const MAX_ACTIVITY_BYTES = 1024 * 1024;

/** Answers `GET /healthz`: true when the store answers. */
export type HealthCheck = () => Promise<boolean>;

/** A file the bot serves by GET (a report's chart), or null when the path names none. */
export type AssetHandler = (path: string) => Promise<{ type: string; body: Uint8Array } | null>;

/** The HTML of a public page (`GET /`, `/privacy`, `/terms`), or undefined for no page. */
export type PublicPages = (path: string) => string | undefined;

/** Mounts the SDK's routes on a node:http server we own. */
export class TeamsHttpAdapter implements IHttpServerAdapter {
  private readonly routes = new Map<string, HttpRouteHandler>();

  constructor(
    private readonly healthy: HealthCheck,
    private readonly pages: PublicPages = () => undefined,
    private readonly assets?: AssetHandler,
  ) {}

  /** Records a route the SDK wants served. */
  registerRoute(method: HttpMethod, path: string, handler: HttpRouteHandler): void {
    this.routes.set(`${method} ${path}`, handler);
  }

  /** Answers one request: health, a registered route with its JSON body, anything else 404. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method === "GET" && path === "/healthz") {
      const ok = await this.healthy().catch(() => false);
      json(response, ok ? 200 : 503, { ok });
      return;
    }
    const page = request.method === "GET" && path !== undefined ? this.pages(path) : undefined;
    if (page !== undefined) {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(page);
      return;
    }
    const handler = this.routes.get(`${request.method} ${path}`);
    if (handler === undefined && request.method === "GET" && this.assets !== undefined) {
      request.resume();
      const asset = await this.assets(path ?? "/");
      if (asset === null) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, {
        "content-type": asset.type,
        "content-length": String(asset.body.byteLength),
        "cache-control": "private, max-age=86400",
        "x-content-type-options": "nosniff",
      });
      response.end(asset.body);
      return;
    }
    if (handler === undefined) {
      response.writeHead(404).end();
      request.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > MAX_ACTIVITY_BYTES) {
        json(response, 413, { error: "the activity is too large" });
        request.socket.destroy();
        return;
      }
      chunks.push(chunk);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      body = undefined;
    }
    // Whatever a caller sends, the SDK only ever sees a JSON object.
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      json(response, 400, { error: "the body must be a JSON object" });
      return;
    }
    // The SDK compares the token's serviceurl claim with the activity's serviceUrl only when
    // there is one: an activity without it would pass with a token made for any connector.
    const serviceUrl = (body as { serviceUrl?: unknown }).serviceUrl;
    if (typeof serviceUrl !== "string" || serviceUrl.trim() === "") {
      json(response, 401, { error: "the activity has no serviceUrl" });
      return;
    }
    // The SDK strips @mentions from `text` and crashes (500) on one that is no string.
    const activity = body as { text?: unknown };
    if (activity.text !== undefined && typeof activity.text !== "string") delete activity.text;
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name] = value;
    }
    const answer = await handler({ body, headers });
    if (answer.body === undefined || answer.body === null) {
      response.writeHead(answer.status).end();
      return;
    }
    if (typeof answer.body === "string") {
      response.writeHead(answer.status, { "content-type": "text/plain; charset=utf-8" });
      response.end(answer.body);
      return;
    }
    json(response, answer.status, answer.body);
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}
