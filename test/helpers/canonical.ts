/** RDF has no order: a copy of `x` with arrays sorted and keys ordered, for comparing items after a round trip. */
export function canonical(x: unknown): unknown {
  if (Array.isArray(x))
    return x.map(canonical).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (x && typeof x === "object")
    return Object.fromEntries(
      Object.entries(x)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return x;
}
