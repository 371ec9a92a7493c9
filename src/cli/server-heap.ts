/**
 * How V8 manages `bomba serve`'s heap: two flags, set at run time with `v8.setFlagsFromString`
 * (V8 reads each when it next decides, so no re-exec of the bin and nothing for an operator to
 * remember). An operator who sets either on node's command line keeps their value (`node
 * --heap-growing-percent=0 bin/bomba.js serve` gives V8's own heuristics back); Node refuses
 * them in NODE_OPTIONS.
 *
 * - `--heap-growing-percent=30`: how far the old generation may grow between full collections.
 *   Left to itself, V8 lets it reach up to four times what was live after the last full
 *   collection; under the benchmark's load (`npm run bench`) that kept about 54 MB of old space
 *   for 27 MB live, most of the peak resident set above bare Bolt's. 30 % growth keeps it near
 *   28 MB. (A smaller young generation, --max-semi-space-size 4 or 2, was measured too: the
 *   garbage moved to the old space, 84 to 91 MB, and scavenges took three times as long.)
 * - `--no-allocation-site-pretenuring`: V8 watches which allocation sites' objects survive a
 *   scavenge and, past a ratio, allocates that site's objects straight in the old space. Under
 *   the bench's lists (`bench/ack-cpu.ts`, --trace-gc-nvp) it did so for the short-lived pieces
 *   of a Block Kit answer: ~790 KB of them reached the old space at every scavenge (56 KB
 *   without it, the same at 1 request in flight as at 8), and the old space filled with garbage
 *   that only a full collection clears: 3 full collections in 4,600 requests (pauses of 5 to 14
 *   ms, the long tail of the acks) instead of 1, peak RSS 195 -> 177 MB, and 10 % less CPU per
 *   list (0.63-0.69 -> 0.57 ms).
 */
import { setFlagsFromString } from "node:v8";

/** The growth allowed after a full collection, in percent of what was live. */
export const SERVER_HEAP_GROWING_PERCENT = 30;

const flags: readonly { set: RegExp; flag: string }[] = [
  {
    set: /^--heap[-_]growing[-_]percent\b/,
    flag: `--heap-growing-percent=${SERVER_HEAP_GROWING_PERCENT}`,
  },
  {
    set: /^--(no[-_])?allocation[-_]site[-_]pretenuring\b/,
    flag: "--no-allocation-site-pretenuring",
  },
];

/** The V8 flags `serve` sets: each unless node's command line already set it. */
export function serverHeapFlags(execArgv: readonly string[]): string[] {
  return flags.filter(({ set }) => !execArgv.some((arg) => set.test(arg))).map(({ flag }) => flag);
}

/** Applies `serverHeapFlags` to this process. */
export function useServerHeap(): void {
  for (const flag of serverHeapFlags(process.execArgv)) setFlagsFromString(flag);
}
