/**
 * A small closed-loop load generator: a fixed number of requests in flight over keep-alive
 * loopback connections, each timed from the first byte sent to the last byte of the answer.
 */
import { Agent, request } from "node:http";

/** One request to send: its body is built (and signed) before its clock starts. */
export interface PlannedRequest {
  kind: string;
  build(): { body: string; headers: Record<string, string> };
}

/** One answered request. */
export interface Sample {
  kind: string;
  status: number;
  ms: number;
}

/** Sends `plan` to `url`, `concurrency` at a time, and returns one sample per request, in order. */
export async function runLoad(
  url: string,
  plan: readonly PlannedRequest[],
  concurrency: number,
): Promise<Sample[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const samples: Sample[] = new Array(plan.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      const planned = plan[i];
      if (planned === undefined) return;
      const { body, headers } = planned.build();
      const started = performance.now();
      const status = await post(agent, target, body, headers);
      samples[i] = { kind: planned.kind, status, ms: performance.now() - started };
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return samples;
}

function post(
  agent: Agent,
  target: URL,
  body: string,
  headers: Record<string, string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: "POST",
        agent,
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The p-th percentile (nearest rank) of some numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}
