import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  holdsYoungGeneration,
  SERVER_HEAP_GROWING_PERCENT,
  SERVER_YOUNG_GENERATION_MB,
  semiSpaceGrowthFactor,
  serverHeapFlags,
} from "../../src/cli/server-heap.ts";

describe("serve's heap flags", () => {
  const both = [
    `--heap-growing-percent=${SERVER_HEAP_GROWING_PERCENT}`,
    "--no-allocation-site-pretenuring",
  ];

  it("cap the old generation's growth and turn off pretenuring by default", () => {
    expect(serverHeapFlags([])).toEqual(both);
    expect(serverHeapFlags(["--enable-source-maps", "--max-old-space-size=512"])).toEqual(both);
  });

  it("are the operator's when set on node's command line", () => {
    expect(serverHeapFlags(["--heap-growing-percent=100"])).toEqual([both[1]]);
    expect(serverHeapFlags(["--heap_growing_percent=0"])).toEqual([both[1]]);
    expect(serverHeapFlags(["--allocation-site-pretenuring"])).toEqual([both[0]]);
    expect(
      serverHeapFlags(["--no-allocation_site_pretenuring", "--heap-growing-percent=0"]),
    ).toEqual([]);
  });
});

describe("serve's young generation", () => {
  const MB = 1024 * 1024;

  it("may grow below the cap and no further at it", () => {
    expect(SERVER_YOUNG_GENERATION_MB).toBe(16);
    // V8 reports the two semi-spaces together: 1, 2, 4, 8, 16, 32 MB as they double.
    expect(semiSpaceGrowthFactor(1 * MB, 16)).toBe(2);
    expect(semiSpaceGrowthFactor(8 * MB, 16)).toBe(2);
    expect(semiSpaceGrowthFactor(16 * MB, 16)).toBe(1);
    expect(semiSpaceGrowthFactor(32 * MB, 16)).toBe(1);
  });

  it("is held unless the operator sized it on node's command line or in NODE_OPTIONS", () => {
    expect(holdsYoungGeneration([])).toBe(true);
    expect(holdsYoungGeneration(["--max-old-space-size=512"], "--enable-source-maps")).toBe(true);
    expect(holdsYoungGeneration(["--max-semi-space-size=32"])).toBe(false);
    expect(holdsYoungGeneration(["--min_semi_space_size=4"])).toBe(false);
    expect(holdsYoungGeneration(["--semi-space-growth-factor=4"])).toBe(false);
    expect(holdsYoungGeneration([], "--max-semi-space-size=8 --enable-source-maps")).toBe(false);
  });
});

describe("serve's heap at the end of start-up", () => {
  /** Runs `useServerHeap` in a fresh Node process and prints what the probe saw. */
  function probe(nodeFlags: string[]): { major: number; globalGc: string; newContextGc: string } {
    const code = `
      import { PerformanceObserver, constants } from "node:perf_hooks";
      import { runInNewContext } from "node:vm";
      import { useServerHeap } from "./src/cli/server-heap.ts";
      let major = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
      }).observe({ entryTypes: ["gc"] });
      useServerHeap();
      setTimeout(() => {
        console.log(JSON.stringify({
          major,
          globalGc: typeof globalThis.gc,
          newContextGc: runInNewContext("typeof gc"),
        }));
        process.exit(0);
      }, 100);
    `;
    const out = execFileSync(
      process.execPath,
      [...nodeFlags, "--import", "tsx", "--input-type=module", "-e", code],
      { encoding: "utf8", timeout: 60_000 },
    );
    return JSON.parse(out.trim());
  }

  it("is collected in full, without handing gc to the process or to later contexts", () => {
    const seen = probe([]);
    expect(seen.major).toBeGreaterThanOrEqual(1);
    expect(seen.globalGc).toBe("undefined");
    expect(seen.newContextGc).toBe("undefined");
  });

  it("leaves gc where the operator asked for it (node --expose-gc)", () => {
    const seen = probe(["--expose-gc"]);
    expect(seen.major).toBeGreaterThanOrEqual(1);
    expect(seen.globalGc).toBe("function");
    expect(seen.newContextGc).toBe("function");
  });
});
