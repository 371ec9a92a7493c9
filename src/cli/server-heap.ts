/**
 * How far V8 lets the old generation grow between full collections in `bomba serve`. Left to
 * itself, V8 lets it reach up to four times what was live after the last full collection; under
 * the benchmark's load (`npm run bench`) that kept about 54 MB of old space for 27 MB live, most
 * of the peak resident set above bare Bolt's. 30 % growth keeps it near 28 MB, for 13 full
 * collections over the run instead of 4 to 7. (A smaller young generation, --max-semi-space-size
 * 4 or 2, was measured too: the garbage moved to the old space, 84 to 91 MB, and scavenges took
 * three times as long.)
 *
 * Set at run time with `v8.setFlagsFromString`, which works for this flag because V8 reads it
 * at every full collection: no re-exec of the bin, no flag an operator has to remember.
 * An operator who sets `--heap-growing-percent` on node's command line (`node
 * --heap-growing-percent=0 bin/bomba.js serve` gives V8's own heuristics back) keeps their value;
 * Node refuses it in NODE_OPTIONS.
 */
import { setFlagsFromString } from "node:v8";

/** The growth allowed after a full collection, in percent of what was live. */
export const SERVER_HEAP_GROWING_PERCENT = 30;

const FLAG = /--heap[-_]growing[-_]percent\b/;

/** The V8 flag `serve` sets, or null when node's command line already set it. */
export function serverHeapFlag(execArgv: readonly string[]): string | null {
  if (execArgv.some((arg) => FLAG.test(arg))) return null;
  return `--heap-growing-percent=${SERVER_HEAP_GROWING_PERCENT}`;
}

/** Applies `serverHeapFlag` to this process. */
export function useServerHeap(): void {
  const flag = serverHeapFlag(process.execArgv);
  if (flag !== null) setFlagsFromString(flag);
}
