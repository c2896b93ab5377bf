import type { Message } from '../../core/message';
import { SKIP_REASONS, type SkipReason } from './sort-entry';

/** A file skipped, for the reader to find: its name in what was chosen, and why when there is more to say. */
export interface SkipExample {
  name: string;
  /** A damaged file's technical reason (English), or the sentence of an extraction's refusal. */
  detail?: string | Message;
}

/** Examples kept of each reason: enough to find a damaged file or two; a repository holds thousands of others. */
export const EXAMPLES_PER_REASON = 3;

/** Where an import stands: every file that may be an entry ends in exactly one of these counts. */
export interface MirrorCounts {
  /** Files named like entries. */
  total: number;
  /** Of those, how many have their outcome: added (and committed), or one of the others. */
  done: number;
  added: number;
  /** Its address is in the archive already (imported before, or saved). */
  alreadyHere: number;
  /** Its address came earlier in the same choice (a mirror can hold one article under two names). */
  repeated: number;
  skipped: Record<SkipReason, number>;
  /** The first files skipped for each reason. */
  examples: Record<SkipReason, SkipExample[]>;
  /** Files not named like entries, counted and never read (not in `total`). */
  otherFiles: number;
}

export function emptyCounts(total: number, otherFiles: number): MirrorCounts {
  return {
    total,
    done: 0,
    added: 0,
    alreadyHere: 0,
    repeated: 0,
    skipped: Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>,
    examples: Object.fromEntries(SKIP_REASONS.map((r) => [r, [] as SkipExample[]])) as Record<SkipReason, SkipExample[]>,
    otherFiles,
  };
}

/** A copy the caller may keep: the import goes on changing its own. */
export const countsNow = (c: MirrorCounts): MirrorCounts => ({
  ...c,
  skipped: { ...c.skipped },
  examples: Object.fromEntries(SKIP_REASONS.map((r) => [r, [...c.examples[r]]])) as Record<SkipReason, SkipExample[]>,
});

/** How long the rest should take, at the pace of the last `windowMs`. */
export class TimeLeft {
  private readonly samples: { at: number; done: number }[] = [];

  /**
   * The pace changes within one import: a run started again skips what it had imported (thousands a second),
   * then extracts (tens a second); the whole run's average would promise far too little time for a long while.
   */
  constructor(
    private readonly windowMs = 20_000,
    /** Before this much has been seen there is no pace to speak of. */
    private readonly minimumMs = 1_000,
  ) {}

  /** Milliseconds left, or null while there is no pace yet (or nothing moved). */
  update(at: number, done: number, total: number): number | null {
    this.samples.push({ at, done });
    while (this.samples.length > 2 && at - this.samples[1]!.at >= this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const elapsed = at - first.at;
    const moved = done - first.done;
    if (elapsed < this.minimumMs || moved <= 0) return null;
    return ((total - done) * elapsed) / moved;
  }
}
