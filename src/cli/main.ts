#!/usr/bin/env node
/**
 * The `govlod` command: `validate`, `build`, `serve`, `push` (DESIGN §5). Exit codes: 0 ok, 1 invalid content,
 * 2 usage or I/O error. Commands live in `commands/<verb>.ts` and are listed in `program.ts`.
 * @module
 */
import { runCli } from "./program.js";

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: process.stderr.isTTY === true,
  ttyStream: process.stderr,
  // Only long-running commands (serve) listen, so Ctrl-C still ends a build at once.
  onStop: (listener) => {
    process.once("SIGINT", listener);
    process.once("SIGTERM", listener);
  },
});
// Open handles (a watcher, a keep-alive socket) must not keep a finished command alive.
process.exit();
