/**
 * Synchronous reads of a PostgreSQL database for the test harnesses, whose probes (`bot.bomb(id)`,
 * `waitFor(() => …)`) are synchronous as SQLite's are: a worker thread holds one `pg` connection
 * and runs each query while the caller waits on a shared flag (Atomics.wait). Tests only.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { ROOT } from "../fixtures/child-process.ts";

// The worker is plain CommonJS (an eval'd script), so it needs no TypeScript loader.
const workerCode = `
const { workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
const pg = createRequire(workerData.anchor)("pg");
const { port, flag, url } = workerData;
const client = new pg.Client({ connectionString: url });
client.on("error", () => {});
const ready = client.connect();
port.on("message", async ({ id, sql, params }) => {
  let reply;
  try {
    await ready;
    const result = await client.query(sql, params);
    reply = { id, rows: result.rows };
  } catch (error) {
    reply = { id, error: String((error && error.message) || error) };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, id);
  Atomics.notify(flag, 0);
});
`;

/** A connection whose queries block the caller until they answer. */
export interface SyncPg {
  /** Runs `sql` with `params` and returns its rows; throws what the server said. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): T[];
  /** Ends the connection and the worker. */
  close(): Promise<void>;
}

/** Opens a blocking connection to the database at `url`. */
export function syncPg(url: string, timeoutMs = 10_000): SyncPg {
  // The id of the last query the worker answered, and a word that never changes, to nap on.
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const nap = new Int32Array(new SharedArrayBuffer(4));
  let asked = 0;
  const { port1, port2 } = new MessageChannel();
  // Resolved from the repository, as the app resolves it: the anchor is any file in ROOT.
  const anchor = join(ROOT, "package.json");
  createRequire(anchor).resolve("pg");
  const worker = new Worker(workerCode, {
    eval: true,
    workerData: { port: port2, flag, url, anchor },
    transferList: [port2],
  });
  worker.unref();
  return {
    query<T>(sql: string, params: unknown[] = []): T[] {
      const id = ++asked;
      const deadline = Date.now() + timeoutMs;
      port1.postMessage({ id, sql, params });
      for (;;) {
        // The flag says the worker answered; the message itself may reach this side a moment
        // later (seen under load), and an answer to a query that timed out is skipped by its id.
        const seen = Atomics.load(flag, 0);
        if (seen < id) Atomics.wait(flag, 0, seen, Math.max(1, deadline - Date.now()));
        const message = receiveMessageOnPort(port1)?.message as
          | { id: number; rows: T[] }
          | { id: number; error: string }
          | undefined;
        if (message?.id === id) {
          if ("error" in message) throw new Error(`${message.error} (in: ${sql})`);
          return message.rows;
        }
        if (message === undefined && Atomics.load(flag, 0) >= id) {
          // Answered, not arrived yet: a millisecond's nap rather than a busy loop.
          Atomics.wait(nap, 0, 0, 1);
        }
        if (Date.now() > deadline) {
          throw new Error(`no answer from PostgreSQL within ${timeoutMs} ms to: ${sql}`);
        }
      }
    },
    async close() {
      port1.close();
      await worker.terminate();
    },
  };
}
