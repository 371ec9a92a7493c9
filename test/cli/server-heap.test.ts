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
