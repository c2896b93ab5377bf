/**
 * The memory a benchmark takes on the machine: this Node process and every process under it (the browsers it
 * launched), sampled as they run. Proportional set size (smaps_rollup), so that the pages Chromium's processes
 * share are counted once. Past `limit` the browsers (and only they) are killed, so that a run that grows without bound ends rather
 * than pushing the shared machine out of memory; the measure in progress then fails and says so.
 */
import { readdirSync, readFileSync } from 'node:fs';

const PAGE = 4096;

/** Parent of each process, from /proc/<pid>/stat (its name is in parentheses and may hold spaces). */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      out.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

function descendants(root: number): number[] {
  const byParent = new Map<number, number[]>();
  for (const [pid, parent] of parents()) byParent.set(parent, [...(byParent.get(parent) ?? []), pid]);
  const out: number[] = [];
  for (let queue = [root]; queue.length;) {
    const pid = queue.pop()!;
    out.push(pid);
    queue.push(...(byParent.get(pid) ?? []));
  }
  return out;
}

function pssBytes(pid: number): number {
  try {
    const kb = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    if (kb) return Number(kb[1]) * 1024;
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
  } catch {
    return 0;
  }
}

const isBrowser = (pid: number) => {
  try {
    return /chrom|firefox/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!);
  } catch {
    return false;
  }
};

export interface MemoryWatch {
  /** The most seen since the last call, Node's own part apart; starts the next period. */
  peak(): { total: number; node: number };
  stop(): void;
}

export function watchMemory(limit: number, onOver: (bytes: number) => void, everyMs = 2_000): MemoryWatch {
  let peak = { total: 0, node: 0 };
  let over = false;
  const sample = () => {
    const pids = descendants(process.pid);
    const node = pssBytes(process.pid);
    const total = node + pids.slice(1).reduce((sum, pid) => sum + pssBytes(pid), 0);
    if (total > peak.total) peak = { total, node };
    if (total > limit && !over) {
      over = true;
      for (const pid of pids.slice(1).filter(isBrowser)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }
      onOver(total);
    }
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    peak: () => {
      sample();
      const seen = peak;
      peak = { total: 0, node: 0 };
      over = false;
      return seen;
    },
    stop: () => clearInterval(timer),
  };
}
