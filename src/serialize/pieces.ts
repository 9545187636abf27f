/**
 * Pieces whose concatenation is `[...parts].join(separator)`, `perPiece` parts to a piece (none for no parts): for
 * writers that make a large text part by part and hand it out in pieces instead of one string.
 */
export function* joinInPieces(
  parts: Iterable<string>,
  separator: string,
  perPiece: number,
): Generator<string> {
  let batch: string[] = [];
  let started = false;
  for (const part of parts) {
    batch.push(part);
    if (batch.length === perPiece) {
      yield `${started ? separator : ""}${batch.join(separator)}`;
      started = true;
      batch = [];
    }
  }
  if (batch.length > 0) yield `${started ? separator : ""}${batch.join(separator)}`;
}
