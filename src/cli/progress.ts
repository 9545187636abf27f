import cliProgress from "cli-progress";
import type { BuildProgress } from "../node/build.js";
import type { Sink } from "./program.js";

const LABELS: Readonly<Record<BuildProgress["phase"], string>> = {
  load: "loading content",
  validate: "validating (SHACL)",
  render: "rendering documents",
  site: "writing catalog, dumps, sitemap, VoID and nginx rules",
  swap: "putting the build in place",
};

/** Reports build progress: a bar on a terminal, plain lines (phases and every 10 %) in logs. */
export interface ProgressReporter {
  update(progress: BuildProgress): void;
  /** Removes the bar; call before printing the summary or an error. */
  stop(): void;
}

/** Creates the reporter for a terminal (`tty` given) or for plain output. */
export function createProgressReporter(options: {
  log: Sink;
  tty?: NodeJS.WritableStream;
  quiet?: boolean;
}): ProgressReporter {
  if (options.quiet) return { update: () => {}, stop: () => {} };
  if (options.tty) {
    const bar = new cliProgress.SingleBar(
      {
        stream: options.tty,
        format: "govlod build [{bar}] {percentage}% | {value}/{total} documents | {phase}",
        hideCursor: true,
        clearOnComplete: true,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const phase = LABELS[p.phase];
        if (p.phase === "render") {
          if (!started) {
            bar.start(p.total, p.done, { phase });
            started = true;
          } else bar.update(p.done, { phase });
        } else if (started) bar.update({ phase });
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  // A build goes back and forth between validating and rendering (the workers validate while it renders): each
  // phase is named once, when it starts.
  const named = new Set<string>();
  let lastTenth = -1;
  return {
    update(p) {
      if (!named.has(p.phase)) {
        named.add(p.phase);
        options.log.write(
          `govlod: ${LABELS[p.phase]}${p.phase === "render" ? ` (${p.total} documents)` : ""}\n`,
        );
      }
      if (p.phase === "render" && p.total > 0) {
        const tenth = Math.floor((p.done / p.total) * 10);
        if (tenth > lastTenth && p.done > 0) {
          lastTenth = tenth;
          options.log.write(`govlod: rendered ${p.done}/${p.total} documents\n`);
        }
      }
    },
    stop() {},
  };
}
