import { describe, expect, it } from "vitest";
import { SERVER_HEAP_GROWING_PERCENT, serverHeapFlag } from "../../src/cli/server-heap.ts";

describe("serve's old-generation growth", () => {
  it("is capped by default", () => {
    expect(serverHeapFlag([])).toBe(`--heap-growing-percent=${SERVER_HEAP_GROWING_PERCENT}`);
    expect(serverHeapFlag(["--enable-source-maps", "--max-old-space-size=512"])).toBe(
      "--heap-growing-percent=30",
    );
  });

  it("is the operator's when set on node's command line", () => {
    expect(serverHeapFlag(["--heap-growing-percent=100"])).toBeNull();
    expect(serverHeapFlag(["--heap_growing_percent=0"])).toBeNull();
  });
});
