import { describe, expect, it } from "vitest";
import { SERVER_HEAP_GROWING_PERCENT, serverHeapFlags } from "../../src/cli/server-heap.ts";

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
