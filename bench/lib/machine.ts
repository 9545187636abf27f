import { arch, cpus, release, totalmem, type } from "node:os";

/** The machine a benchmark ran on, for the report. */
export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  os: string;
}

/** Describes this machine: CPU model, logical cores, RAM, Node.js version, OS. */
export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpu: (list[0]?.model ?? "unknown").trim(),
    cores: list.length,
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()} ${arch()}`,
  };
}

/** One line: `AMD EPYC, 2 cores, 23.4 GiB RAM, Node v20.20.2, Linux 6.1 x64`. */
export function formatMachine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.os}`;
}
