import { formatIssue } from "../../errors.js";
import { safeLoadContentDir } from "../../node/index.js";

/** `govlod validate [dir]`: prints one line per issue; 0 when valid, 1 when not. */
export async function runValidate(dir: string, io: { out: NodeJS.WritableStream }): Promise<number> {
  const result = await safeLoadContentDir(dir);
  for (const issue of result.issues) io.out.write(`${formatIssue(issue)}\n`);
  io.out.write(
    result.success
      ? `${dir}: ${result.items.length} items, valid\n`
      : `${dir}: ${result.issues.filter((i) => i.severity === "violation").length} problem(s) in ${new Set(result.issues.map((i) => i.file)).size} file(s)\n`,
  );
  return result.success ? 0 : 1;
}
