import { type FSWatcher, watch } from "node:fs";

/** How long a folder must stay quiet after a change before the work runs (an editor's save is several events). */
const QUIET_MS = 100;

/**
 * Watches a content folder and everything under it, ignoring dot files and folders (editors' swap files, a build
 * output's hidden folders) and the paths `ignore` names (relative to `dir`, with `/`), and calls `onChange` once the folder has been quiet for 100 ms. A watcher that fails
 * (the folder removed or renamed) says so through `log` and stops; the caller keeps what it has.
 */
export function watchContent(
  dir: string,
  onChange: () => void,
  log: (line: string) => void,
  ignore: (name: string) => boolean = () => false,
): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, name) => {
    const path = name ? String(name).replaceAll("\\", "/") : undefined;
    if (path && (path.split("/").some((part) => part.startsWith(".")) || ignore(path))) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, QUIET_MS);
  });
  watcher.on("error", (error) => {
    log(`govlod: watching ${dir} stopped: ${error.message}`);
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}

/**
 * One task at a time: `run` starts the task, or while it runs asks for one more run after it (any number of asks
 * meanwhile make one run). Its promise settles when no run is left, with the runs' results combined by `merge`.
 */
export function coalescing<T>(
  task: () => Promise<T>,
  merge: (a: T, b: T) => T,
): { run(): Promise<T>; idle(): Promise<unknown> } {
  let running: Promise<T> | undefined;
  let again = false;
  return {
    run() {
      if (running) {
        again = true;
        return running;
      }
      const current = (async (): Promise<T> => {
        let result: T = await task();
        while (again) {
          again = false;
          result = merge(result, await task());
        }
        return result;
      })().finally(() => {
        running = undefined;
      });
      running = current;
      return current;
    },
    idle: () => running ?? Promise.resolve(),
  };
}
