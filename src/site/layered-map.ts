/**
 * Lookup tables a long-running builder carries from one version of a site to the next: the next version's table is
 * the previous one with a few documents' entries changed, so it is a layer over it — its own entries (set or removed
 * here) read first — instead of a copy of every entry.
 * @module
 */

/** What the carried tables are read with. */
export interface Lookup<K, V> {
  get(key: K): V | undefined;
  has(key: K): boolean;
}

/** An entry removed in a layer (masks the one below). */
const REMOVED: unique symbol = Symbol("removed");

/** Layers over one plain map before they are flattened into a new one (each lookup reads at most this many). */
const MAX_LAYERS = 8;

/**
 * A map over an earlier one: `get` reads this layer's own entries, then the earlier map's (values are never
 * `undefined`: `undefined` is "no entry"). At most
 * {@link MAX_LAYERS} deep: a layer over a deeper one flattens it into one map first (a copy, once every few
 * versions, instead of on every one).
 */
export class LayeredMap<K, V> implements Lookup<K, V> {
  readonly #base: ReadonlyMap<K, V>;
  readonly #own = new Map<K, V | typeof REMOVED>();
  readonly #below: LayeredMap<K, V> | undefined;
  readonly #depth: number;

  constructor(base: ReadonlyMap<K, V> | LayeredMap<K, V>) {
    if (base instanceof LayeredMap && base.#depth >= MAX_LAYERS) base = base.flatten();
    if (base instanceof LayeredMap) {
      this.#below = base;
      this.#base = base.#base;
      this.#depth = base.#depth + 1;
    } else {
      this.#below = undefined;
      this.#base = base;
      this.#depth = 1;
    }
  }

  get(key: K): V | undefined {
    for (let layer: LayeredMap<K, V> | undefined = this; layer; layer = layer.#below) {
      const own = layer.#own.get(key);
      if (own !== undefined) return own === REMOVED ? undefined : own;
    }
    return this.#base.get(key);
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): this {
    this.#own.set(key, value);
    return this;
  }

  delete(key: K): void {
    this.#own.set(key, REMOVED);
  }

  /** Every entry in one plain map (the base's, then each layer's changes from the bottom up). */
  flatten(): Map<K, V> {
    const layers: LayeredMap<K, V>[] = [];
    for (let layer: LayeredMap<K, V> | undefined = this; layer; layer = layer.#below) layers.unshift(layer);
    const map = new Map(this.#base);
    for (const layer of layers)
      for (const [key, value] of layer.#own) {
        if (value === REMOVED) map.delete(key);
        else map.set(key, value);
      }
    return map;
  }
}
