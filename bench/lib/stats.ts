/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Wall time and CPU time (user + system, every thread of this process) of one run, in ms. */
export interface Timing {
  wall: number;
  cpu: number;
}

/** Times one call of `fn`. */
export async function time(fn: () => unknown): Promise<Timing> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
}

/** Median wall and CPU time of several runs. */
export function medianTiming(runs: readonly Timing[]): Timing {
  return { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) };
}

/**
 * Runs `a` and `b` alternately (`a b a b …`) after one untimed warm-up each, so that both see the same load on a
 * shared machine; returns the median timing of each.
 */
export async function interleave(
  a: () => unknown,
  b: () => unknown,
  runs: number,
): Promise<{ a: Timing; b: Timing }> {
  await a();
  await b();
  const ta: Timing[] = [];
  const tb: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    ta.push(await time(a));
    tb.push(await time(b));
  }
  return { a: medianTiming(ta), b: medianTiming(tb) };
}
