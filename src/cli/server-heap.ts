/**
 * How V8 manages `bomba serve`'s heap: flags set at run time with `v8.setFlagsFromString` once
 * serve is listening (V8 reads each when it next decides, so no re-exec of the bin and nothing
 * for an operator to remember). An operator who sets one on node's command line keeps their
 * value (`node --heap-growing-percent=0 bin/bomba.js serve` gives V8's own heuristics back);
 * Node refuses the first two in NODE_OPTIONS.
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
 *
 * Once the flags are set, the garbage of start-up is collected in one full collection. V8 sets
 * the old generation's next limit at each full collection, and start-up's last one ran before
 * the growth flag, with V8's own growth: under the bench's load the old space then grew from 19
 * to 34 MB, mostly dead objects, before any full collection, and a serve only reached its
 * steady state (the flag's limit) at its first full collection under load. After this one (3 to
 * 19 ms, once, as serve starts listening) it is there from the start. `bench/ack-cpu.ts`, 2,000
 * lists and 2,000 clicks, four interleaved pairs: peak RSS 131.3-131.6 -> 124.7-125.2 MB; one
 * or two more full collections under the load (~3 ms each); CPU per request within the noise
 * of this machine (list 0.65-0.76 -> 0.65-0.86 ms, click 1.07-1.30 -> 1.12-1.44 ms), some of it
 * the marking that a serve left to itself pays too, only later.
 *
 * And the young generation is held at 16 MB (`SERVER_YOUNG_GENERATION_MB`, its two semi-spaces
 * together): V8 doubles them each time a semi-space's worth of objects has survived scavenges
 * since the last doubling, up to 16 MB each, and any busy server gets there: start-up leaves
 * them at 8 MB, and under the bench's load they doubled after ~30 scavenges, 16 MB more resident
 * for nothing a profile could tell (2 % of the young objects survive a scavenge). After every
 * collection `--semi-space-growth-factor` is set to 1 at the cap and back to V8's 2 below it
 * (V8 reads it when it grows the young generation, and its memory reducer may shrink it in a
 * quiet spell). Smaller was measured too: 4 MB semi-spaces cost ~7 % more CPU per request, 2 MB
 * ~25 %, as scavenges promote more and the old generation is collected more often. An operator
 * who sizes the young generation (`--max-semi-space-size`, `--min-semi-space-size`,
 * `--semi-space-growth-factor`, on node's command line or in NODE_OPTIONS) keeps their choice.
 */
import { PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

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

/** The most the young generation's two semi-spaces may hold together, in MB. */
export const SERVER_YOUNG_GENERATION_MB = 16;

const SEMI_SPACE = /--(max|min)[-_]semi[-_]space[-_]size\b|--semi[-_]space[-_]growth[-_]factor\b/;

/** Whether `serve` holds the young generation: not when the operator sized it themselves. */
export function holdsYoungGeneration(execArgv: readonly string[], nodeOptions = ""): boolean {
  return !execArgv.some((arg) => SEMI_SPACE.test(arg)) && !SEMI_SPACE.test(nodeOptions);
}

/**
 * The semi-space growth factor for a young generation of `committedBytes`: V8's own (2) below
 * the cap, none (1) at or above it.
 */
export function semiSpaceGrowthFactor(committedBytes: number, capMb: number): 1 | 2 {
  return committedBytes >= capMb * 1024 * 1024 ? 1 : 2;
}

/**
 * Applies `serverHeapFlags`, collects start-up's garbage and, unless the operator sized it,
 * holds the young generation.
 */
export function useServerHeap(): void {
  for (const flag of serverHeapFlags(process.execArgv)) setFlagsFromString(flag);
  fullCollection();
  if (holdsYoungGeneration(process.execArgv, process.env.NODE_OPTIONS)) {
    holdYoungGeneration(SERVER_YOUNG_GENERATION_MB);
  }
}

/**
 * One full collection now. V8 hands `gc` only to contexts created while `--expose-gc` is set:
 * a throwaway context gets it, and the process's own global never has it (unless node was
 * started with the flag).
 */
function fullCollection(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  if (!process.execArgv.some((arg) => /^--expose[-_]gc\b/.test(arg))) {
    setFlagsFromString("--no-expose-gc");
  }
  gc();
}

/**
 * After every collection, lets V8 grow the young generation only while it is under `capMb`. The
 * last growth may pass the cap until the next collection's check; V8's own maximum still holds.
 */
function holdYoungGeneration(capMb: number): void {
  let factor: number | undefined;
  const check = () => {
    const young = getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
    if (young === undefined) return;
    const next = semiSpaceGrowthFactor(young.space_size, capMb);
    if (next !== factor) {
      setFlagsFromString(`--semi-space-growth-factor=${next}`);
      factor = next;
    }
  };
  new PerformanceObserver(check).observe({ entryTypes: ["gc"] });
  check();
}
