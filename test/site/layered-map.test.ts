import { describe, expect, it } from "vitest";
import { LayeredMap } from "../../src/site/layered-map.js";

describe("site/layered-map", () => {
  it("reads its own entries over the earlier map's, and leaves the earlier one as it was", () => {
    const base = new Map([
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ]);
    const next = new LayeredMap(base).set("b", 20).set("d", 4);
    next.delete("c");
    expect(["a", "b", "c", "d", "e"].map((k) => next.get(k))).toEqual([1, 20, undefined, 4, undefined]);
    expect(["a", "c", "e"].map((k) => next.has(k))).toEqual([true, false, false]);
    expect([...base]).toEqual([
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ]);
    const later = new LayeredMap(next).set("c", 30);
    later.delete("a");
    expect(["a", "b", "c", "d"].map((k) => later.get(k))).toEqual([undefined, 20, 30, 4]);
    // The layer below is unchanged by the one above.
    expect(["a", "c"].map((k) => next.get(k))).toEqual([1, undefined]);
  });

  it("holds every entry of the last of many versions (flattened into one map every few layers)", () => {
    let map: LayeredMap<number, number> | Map<number, number> = new Map([[0, 0]]);
    const want = new Map([[0, 0]]);
    for (let version = 1; version <= 50; version++) {
      const next: LayeredMap<number, number> = new LayeredMap(map);
      next.set(version, version);
      want.set(version, version);
      if (version % 3 === 0) {
        next.delete(version - 1);
        want.delete(version - 1);
      }
      map = next;
    }
    const last = map as LayeredMap<number, number>;
    expect([...last.flatten()].sort((a, b) => a[0] - b[0])).toEqual([...want].sort((a, b) => a[0] - b[0]));
    for (let k = 0; k <= 51; k++) expect(last.get(k)).toBe(want.get(k));
  });
});
