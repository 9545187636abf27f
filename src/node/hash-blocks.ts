/**
 * Blocks whose boundaries depend only on the items' keys (content-defined chunking), for files kept in pieces from
 * one build to the next (the dumps' compressed blocks, the manifest's documents).
 * @module
 */

/**
 * Splits `items`, in their order, into blocks: a block ends after an item whose key's FNV-1a hash is a multiple of
 * `average` (the blocks' average length). An item added or removed changes only the block it falls in (and splits
 * it, or joins it with the next, when its key ends a block): the other blocks are the same from build to build.
 */
export function splitAtHashes<T>(items: readonly T[], keyOf: (item: T) => string, average: number): T[][] {
  const blocks: T[][] = [];
  let block: T[] = [];
  for (const item of items) {
    block.push(item);
    const key = keyOf(item);
    let h = 0x811c9dc5;
    for (let c = 0; c < key.length; c++) h = Math.imul(h ^ key.charCodeAt(c), 0x01000193);
    if ((h >>> 0) % average === 0) {
      blocks.push(block);
      block = [];
    }
  }
  if (block.length > 0) blocks.push(block);
  return blocks;
}
