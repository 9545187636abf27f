import { createHash } from "node:crypto";
import { readFile as readFileCallback, stat as statFile } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import { IoError, type Issue, ValidationError } from "../errors.js";
import { KINDS, parseRef } from "../model/common.js";
import { type ContentItem, ContentItemSchema } from "../model/index.js";
import { CONTENT_PARSE, issuesFromZod } from "../model/parse.js";
import { type FoundReference, referencesOf } from "../rdf/mapping.js";
import { MAPPINGS, mappingFor } from "../rdf/registry.js";
import { refOf } from "../rdf/to-dataset.js";

/** A content item and the file it came from. */
export interface LoadedItem {
  item: ContentItem;
  /** `"kind/slug"`. */
  ref: string;
  /** The file, as a path joined to the folder given. */
  file: string;
  /** SHA-256 of the file's bytes, for incremental builds. */
  hash: string;
}

/** The result of loading a content folder: valid items, or the issues that stop it. */
export type LoadResult =
  | { success: true; items: LoadedItem[]; issues: Issue[] }
  | { success: false; items: LoadedItem[]; issues: Issue[] };

const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** How many content files are read at once. */
const READ_AHEAD = 32;

/**
 * The items of the last load of a content folder with the file state they were read at (modification and change
 * times, size, inode): a long-running builder passes it to each load, and a file whose state is the
 * same is not read again — its item is the same object as before, which lets the mapping and the build's
 * fingerprints reuse their earlier results.
 */
export class ContentCache {
  /** File → its state when read, and what it gave. */
  readonly #files = new Map<string, { state: FileState; loaded: LoadedItem }>();
  #reads = 0;

  /** @internal The item read from `file` when the file is in `state`. */
  lookup(file: string, state: FileState): LoadedItem | undefined {
    const known = this.#files.get(file);
    const was = known?.state;
    return was?.mtimeMs === state.mtimeMs &&
      was.ctimeMs === state.ctimeMs &&
      was.size === state.size &&
      was.ino === state.ino
      ? known?.loaded
      : undefined;
  }

  /** @internal Remembers what `file` gave in `state` (only valid items are remembered). */
  remember(file: string, state: FileState, loaded: LoadedItem): void {
    this.#files.set(file, { state, loaded });
    this.#reads++;
  }

  /** @internal Forgets the files that are gone (`present` are the files of the last load). */
  keepOnly(present: ReadonlySet<string>): void {
    for (const f of this.#files.keys()) if (!present.has(f)) this.#files.delete(f);
  }

  /** How many files the loads through this cache have read and parsed (the others came from it). */
  get reads(): number {
    return this.#reads;
  }
}

/** What {@link ContentCache} compares of a file: its times to the microsecond, size and inode. */
interface FileState {
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly size: number;
  readonly ino: number;
}

/**
 * Files' states for {@link ContentCache}: unchanged state, unchanged bytes (edits change mtime and ctime; the
 * times to the microsecond, as the floating-point milliseconds carry them). `undefined` for a file that is gone.
 * All at once on libuv's threads (a `stat` each), this thread only collecting the answers.
 */
function fileStates(files: readonly string[]): Promise<(FileState | undefined)[]> {
  return new Promise((resolve) => {
    const states: (FileState | undefined)[] = new Array(files.length);
    let pending = files.length;
    if (pending === 0) resolve(states);
    for (const [i, file] of files.entries())
      statFile(file, (error, info) => {
        states[i] = error
          ? undefined
          : { mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, size: info.size, ino: info.ino };
        if (--pending === 0) resolve(states);
      });
  });
}

/** Options of {@link safeLoadContentDir}. */
export interface LoadContentOptions {
  /** Items of earlier loads of the same folder, reused for files that did not change. */
  cache?: ContentCache;
}

/**
 * Loads every `*.json` file under `dir` (recursively) as one content item, validates it, and checks that every
 * `"kind/slug"` reference resolves, every slug is unique within its kind, and hierarchies have no cycles.
 * Never throws for bad content: issues name the file, the field and the rule.
 * @example
 * const { success, items, issues } = await safeLoadContentDir("data");
 */
export async function safeLoadContentDir(dir: string, options: LoadContentOptions = {}): Promise<LoadResult> {
  const listed = await listJsonFiles(dir);
  const issues: Issue[] = [];
  // In file order: each listed file's item, once known (cached or read below).
  const slots: (LoadedItem | undefined)[] = new Array(listed.length);
  const { cache } = options;
  /**
   * The items of files that are there but invalid (each reported on its own): references to them are not reported
   * again as dangling. A file's item is `{kind}/{slug}` for each kind of its `type` (else of its folder's name), its
   * slug its own or its file name's.
   */
  const named = new Set<string>();
  const nameInvalid = (file: string, json: unknown) => {
    const object =
      json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
    const slug = typeof object.slug === "string" ? object.slug : basename(file, ".json");
    const mapping =
      typeof object.type === "string" ? MAPPINGS[object.type as ContentItem["type"]] : undefined;
    const folder = basename(dirname(file));
    const kinds: readonly string[] = mapping?.kinds ?? KINDS.filter((k) => k === folder);
    for (const kind of kinds) named.add(`${kind}/${slug}`);
  };
  // Files whose state is what the cache saw keep their items; only the others are read.
  const states: (FileState | undefined)[] = cache ? await fileStates(listed) : [];
  /** Indexes in `listed` of the files to read. */
  const toRead: number[] = [];
  if (cache) {
    for (const [i, file] of listed.entries()) {
      const state = states[i];
      const known = state === undefined ? undefined : cache.lookup(file, state);
      if (known) slots[i] = known;
      else toRead.push(i);
    }
    cache.keepOnly(new Set(listed));
  } else for (let i = 0; i < listed.length; i++) toRead.push(i);
  const files = toRead.map((i) => listed[i] as string);
  // Read ahead, READ_AHEAD files at a time (one at a time, a large site waits on the disk file by file), with the
  // callback API: `fs/promises` makes a FileHandle per file and costs three times the CPU (10 000 files: 500 against
  // 170 ms; the loop then waited on it).
  const read = (file: string) => {
    const bytes = new Promise<Buffer>((resolve, reject) =>
      readFileCallback(file, (cause, data) =>
        cause ? reject(new IoError(`Cannot read ${file}: ${cause.message}`, { cause })) : resolve(data),
      ),
    );
    bytes.catch(() => {}); // awaited in file order below; a failure further ahead must not go unhandled
    return bytes;
  };
  const pending = files.slice(0, READ_AHEAD).map(read);
  for (const [i, file] of files.entries()) {
    const next = files[i + READ_AHEAD];
    if (next !== undefined) pending.push(read(next));
    // Errors surface in file order; the others are still handled so none goes unobserved.
    const bytes = await (pending[i] as Promise<Buffer>);
    pending[i] = Promise.resolve(Buffer.alloc(0));
    const hash = createHash("sha256").update(bytes).digest("hex");
    if (bytes.length > MAX_FILE_BYTES) {
      issues.push(
        fileIssue(file, "file_too_large", `is ${bytes.length} bytes; the limit is ${MAX_FILE_BYTES}`),
      );
      continue;
    }
    let json: unknown;
    // A byte order mark (some editors on Windows write one) is not part of the JSON.
    const decoded = bytes.toString("utf8");
    const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      issues.push(fileIssue(file, "invalid_json", `is not valid JSON: ${jsonErrorAt(cause as Error, text)}`));
      nameInvalid(file, undefined);
      continue;
    }
    const slugFromName = basename(file, ".json");
    if (json && typeof json === "object" && !Array.isArray(json) && !("slug" in json)) {
      json = { ...(json as object), slug: slugFromName };
    }
    const parsed = ContentItemSchema.safeParse(json, CONTENT_PARSE);
    if (!parsed.success) {
      issues.push(...issuesFromZod(parsed.error, { file }));
      nameInvalid(file, json);
      continue;
    }
    const item = parsed.data;
    if (item.slug !== slugFromName) {
      issues.push({
        ...fileIssue(
          file,
          "slug_mismatch",
          `slug "${item.slug}" differs from the file name "${slugFromName}.json"`,
        ),
        path: ["slug"],
      });
      // Referred to by either name.
      nameInvalid(file, json);
      nameInvalid(file, { type: item.type });
      continue;
    }
    const fresh = { item, ref: refOf(item), file, hash };
    const at = toRead[i] as number;
    slots[at] = fresh;
    const state = states[at];
    if (cache && state !== undefined) cache.remember(file, state, fresh);
  }

  // In file order: the first file of a duplicate slug is the one kept.
  const loaded = slots.filter((l): l is LoadedItem => l !== undefined);
  const byRef = new Map<string, LoadedItem>();
  for (const l of loaded) {
    const first = byRef.get(l.ref);
    if (first) {
      issues.push({
        ...fileIssue(l.file, "duplicate_slug", `"${l.ref}" is already defined in ${first.file}`),
        path: ["slug"],
      });
    } else byRef.set(l.ref, l);
  }

  const edges = new Map<string, string[]>();
  // The field of each hierarchical edge, so that a cycle names the field that closes it.
  const edgeFields = new Map<string, (string | number)[]>();
  for (const l of loaded) {
    for (const r of localReferences(l.item, cache !== undefined)) {
      if (!byRef.has(r.ref) && !named.has(r.ref)) {
        issues.push({
          source: "load",
          code: "dangling_reference",
          path: r.path,
          message: `${describePath(r.path)}"${r.ref}" does not name any content item`,
          severity: "violation",
          file: l.file,
          hint: "create the item, fix the slug, or use an absolute IRI for external things",
        });
      }
      if (r.hierarchical) {
        const list = edges.get(l.ref);
        if (list) list.push(r.ref);
        else edges.set(l.ref, [r.ref]);
        edgeFields.set(`${l.ref} ${r.ref}`, r.path);
      }
    }
  }
  for (const cycle of findCycles(edges)) {
    const owner = byRef.get(cycle[0] as string);
    issues.push({
      source: "load",
      code: "circular_reference",
      path: edgeFields.get(`${cycle[0]} ${cycle[1] ?? cycle[0]}`) ?? [],
      message: `references loop: ${[...cycle, cycle[0]].join(" → ")}`,
      severity: "violation",
      ...(owner ? { file: owner.file } : {}),
    });
  }

  // Without a catalog item the site publishes an empty DCAT catalog: allowed (pages and data still work), said.
  if (byRef.size > 0 && ![...byRef.values()].some((l) => l.item.type === "Catalog"))
    issues.push({
      source: "load",
      code: "no_catalog",
      path: [],
      message: "no item is a Catalog: /catalog and the DCAT catalog harvesters read are empty",
      severity: "warning",
      file: dir,
      hint: 'add a catalog item ("type": "Catalog"), as data/catalog/regional-og-distriktspolitikk.json is',
    });
  const sorted = [...byRef.values()].sort((a, b) => a.ref.localeCompare(b.ref));
  return issues.some((i) => i.severity === "violation")
    ? { success: false, items: sorted, issues }
    : { success: true, items: sorted, issues };
}

/**
 * Like {@link safeLoadContentDir}, but throws {@link ValidationError} when the content is invalid.
 * @example
 * const items = (await loadContentDir("data")).map((l) => l.item);
 */
export async function loadContentDir(dir: string, options: LoadContentOptions = {}): Promise<LoadedItem[]> {
  const result = await safeLoadContentDir(dir, options);
  if (!result.success) throw new ValidationError(result.issues);
  return result.items;
}

async function listJsonFiles(dir: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(dir);
  } catch (cause) {
    throw new IoError(`Content folder ${dir} cannot be read: ${(cause as Error).message}`, { cause });
  }
  if (!info.isDirectory()) throw new IoError(`${dir} is not a folder`);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  // Per folder, once: whether it is hidden or inside a hidden one, else the prefix of its files' paths (what
  // `join` gives before a name: a name has no separator in it).
  const folders = new Map<string, string | null>();
  const prefixOf = (folder: string) => {
    let known = folders.get(folder);
    if (known === undefined) {
      const hidden = relative(dir, folder)
        .split(sep)
        .some((part) => part.startsWith("."));
      known = hidden ? null : join(folder, "_").slice(0, -1);
      folders.set(folder, known);
    }
    return known;
  };
  const files: string[] = [];
  for (const e of entries) {
    if (!e.isFile() || !e.name.endsWith(".json") || e.name.startsWith(".")) continue;
    const prefix = prefixOf(e.parentPath);
    if (prefix !== null) files.push(prefix + e.name);
  }
  return files.sort();
}

/** A JSON syntax error with the line and column of the position it names (editors show lines, not offsets). */
function jsonErrorAt(error: Error, text: string): string {
  const at = /at position (\d+)/.exec(error.message);
  if (!at || /\bline \d+/.test(error.message)) return error.message;
  const before = text.slice(0, Number(at[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `${error.message} (line ${line}, column ${column})`;
}

/**
 * Each item's references to other items of the site (absolute IRIs name things outside it); kept per item for
 * loads through a cache (a builder's, whose unchanged items come back), made again otherwise (kept, they would
 * take 6.5 MB per 10 000 items for as long as the items live).
 */
const LOCAL_REFERENCES = new WeakMap<ContentItem, FoundReference[]>();

function localReferences(item: ContentItem, keep: boolean): FoundReference[] {
  let found = LOCAL_REFERENCES.get(item);
  if (found === undefined) {
    found = referencesOf(mappingFor(item), item).filter((r) => parseRef(r.ref) !== undefined);
    if (keep) LOCAL_REFERENCES.set(item, found);
  }
  return found;
}

function fileIssue(file: string, code: string, message: string): Issue {
  return { source: "load", code, path: [], message: `${file} ${message}`, severity: "violation", file };
}

function describePath(path: (string | number)[]): string {
  return path.length > 0 ? `field "${path.join(".")}": ` : "";
}

function findCycles(edges: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, "open");
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      if (state.get(m) === "open") cycles.push(stack.slice(stack.indexOf(m)));
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, "done");
  };
  for (const n of [...edges.keys()].sort()) if (!state.has(n)) visit(n);
  return cycles;
}
