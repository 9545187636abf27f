import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { coalescing, watchContent } from "../../src/cli/watch.js";

describe("cli/watch", () => {
  it("runs one task at a time: asks while it runs make one more run, and their promises share its result", async () => {
    let runs = 0;
    let release: (() => void) | undefined;
    const task = coalescing(
      () =>
        new Promise<number>((resolve) => {
          runs++;
          release = () => resolve(runs);
        }),
      (a, b) => a + b,
    );
    const first = task.run();
    const second = task.run();
    const third = task.run();
    expect(runs).toBe(1);
    release?.();
    await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(2); // one more for the two asks
    release?.();
    expect(await first).toBe(3); // 1 + 2
    expect(await second).toBe(3);
    expect(await third).toBe(3);
    await task.idle();
    const again = task.run();
    release?.();
    expect(await again).toBe(3);
  });

  it("calls back once after a burst of changes, and not for dot files or ignored paths", async () => {
    const dir = await mkdtemp(join(tmpdir(), "govlod-watch-"));
    await mkdir(join(dir, "out"));
    let calls = 0;
    const watcher = watchContent(
      dir,
      () => calls++,
      () => {},
      (name) => name === "out" || name.startsWith("out/"),
    );
    try {
      await writeFile(join(dir, ".swap"), "x");
      await writeFile(join(dir, "out/file.json"), "x");
      await new Promise((r) => setTimeout(r, 300));
      expect(calls).toBe(0);
      for (let i = 0; i < 5; i++) await writeFile(join(dir, `item-${i}.json`), "{}");
      await new Promise((r) => setTimeout(r, 400));
      // One call for the burst (two if this machine paused for 100 ms between the writes), never one per write.
      expect(calls).toBeGreaterThanOrEqual(1);
      expect(calls).toBeLessThan(3);
    } finally {
      watcher.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
