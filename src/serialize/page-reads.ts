/**
 * What an HTML page reads of its site besides its own document, recorded while it renders, so that an
 * incremental build can tell whether the page would come out the same without rendering it.
 *
 * Every lookup the page renderer makes of other documents goes through one of a few queries (`docOf`,
 * `backlinksOf`, `breadcrumbTrail`, the site's home, the site's date). Each records a {@link ReadKey} here; the
 * key can be answered again on another version of the site ({@link answerRead} in `page-deps.ts`). A page is a
 * function of its own document, the answers to its keys and the content of the documents in those answers.
 * @module
 */

/**
 * A query a page made of its site, answerable again on another version of it:
 * `doc <ref or thing IRI>`, `back <ref>` (back-links), `trail <ref>` (breadcrumbs), `home`, `modified`.
 */
export type ReadKey = string;

let recording: Set<ReadKey> | undefined;

/** Notes that the page being rendered made this query (a no-op when nothing records). */
export function recordRead(key: ReadKey): void {
  recording?.add(key);
}

/** Whether a page's queries are being recorded (callers can skip building keys when not). */
export function isRecordingReads(): boolean {
  return recording !== undefined;
}

/**
 * Runs `render` and returns what it made together with the queries it made of the site, sorted. Recordings nest:
 * an outer recording also gets the inner one's keys.
 */
export function recordingReads<T>(render: () => T): { result: T; reads: ReadKey[] } {
  const outer = recording;
  const mine = new Set<ReadKey>();
  recording = mine;
  try {
    const result = render();
    return { result, reads: [...mine].sort() };
  } finally {
    recording = outer;
    if (outer) for (const k of mine) outer.add(k);
  }
}
