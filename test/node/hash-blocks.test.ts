import { describe, expect, it } from "vitest";
import { splitAtHashes } from "../../src/node/hash-blocks.js";

describe("node/hash-blocks", () => {
  const keys = Array.from({ length: 2000 }, (_, i) => `news/item-${i}`);
  const split = (list: readonly string[]) => splitAtHashes(list, (k) => k, 64);

  it("splits in order into blocks of about the average length, every item once", () => {
    const blocks = split(keys);
    expect(blocks.flat()).toEqual(keys);
    expect(blocks.length).toBeGreaterThan(2000 / 64 / 2);
    expect(blocks.length).toBeLessThan((2000 / 64) * 2);
    expect(split([])).toEqual([]);
    expect(splitAtHashes(keys, (k) => k, 1)).toEqual(keys.map((k) => [k])); // every hash a multiple of 1
  });

  it("changes only the block an added or removed item falls in (split or joined with the next at a boundary)", () => {
    const blocks = split(keys);
    const key = (block: readonly string[]) => block.join("\n");
    const same = (a: string[][], b: string[][]) => {
      const known = new Set(a.map(key));
      return b.filter((block) => known.has(key(block))).length;
    };
    for (const at of [0, 500, 1999]) {
      const added = split([...keys.slice(0, at), "news/new", ...keys.slice(at)]);
      expect(same(blocks, added)).toBeGreaterThanOrEqual(blocks.length - 2);
      const removed = split([...keys.slice(0, at), ...keys.slice(at + 1)]);
      expect(same(blocks, removed)).toBeGreaterThanOrEqual(blocks.length - 2);
    }
  });
});
