import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** CPU accounting from /proc (Linux): a process's and the whole machine's, to compute shares of a window. */

let clkTck = 100;
try {
  clkTck = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
} catch {
  // getconf missing: 100 is the Linux default.
}

/** CPU time of a process so far, in ms (user + system, and system alone), NaN if unreadable. */
export function processCpuMs(pid: number | undefined): { total: number; system: number } {
  if (pid === undefined) return { total: Number.NaN, system: Number.NaN };
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the command name: state is field 3 of the whole line; utime and stime are 14 and 15.
    const user = (Number(fields[11]) * 1000) / clkTck;
    const system = (Number(fields[12]) * 1000) / clkTck;
    return { total: user + system, system };
  } catch {
    return { total: Number.NaN, system: Number.NaN };
  }
}

/** A process and its descendants (a cluster's primary and workers), from /proc. */
export function processTree(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const out: number[] = [];
  const visit = (p: number) => {
    out.push(p);
    let children = "";
    try {
      children = readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim();
    } catch {
      return;
    }
    for (const c of children ? children.split(/\s+/) : []) visit(Number(c));
  };
  visit(pid);
  return out;
}

/** CPU time of a process and its descendants so far, in ms (as `processCpuMs`). */
export function processTreeCpuMs(pid: number | undefined): { total: number; system: number } {
  const total = { total: 0, system: 0 };
  const tree = processTree(pid);
  if (tree.length === 0) return { total: Number.NaN, system: Number.NaN };
  for (const p of tree) {
    const t = processCpuMs(p);
    total.total += t.total;
    total.system += t.system;
  }
  return total;
}

/** Resident memory of a process in MiB. */
export function processRssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Busy and total CPU time of the machine so far (all cores), in ms. */
export function machineCpuMs(): { busy: number; total: number } {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busy: ((total - idle) * 1000) / clkTck, total: (total * 1000) / clkTck };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}
