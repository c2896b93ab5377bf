/**
 * The long fuzz run: `node --import tsx scripts/fuzz.ts [documents] [seed]`. Prints documents tried, articles,
 * refusals by reason, failures, and the slowest document (CPU time) so that it can be replayed with its seed.
 */
import { extremeDocuments, fuzzDocuments, fuzzSources, insanity, reasonKind, runExtraction, type FuzzDoc } from '../test/support/fuzz';

const count = Number(process.argv[2] ?? 3000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const sources = fuzzSources();
const refusals = new Map<string, number>();
const failures: string[] = [];
let tried = 0;
let articles = 0;
let worst = { cpuMs: 0, wallMs: 0, label: '' };

function run(doc: FuzzDoc): void {
  const r = runExtraction(doc);
  tried++;
  if (r.cpuMs > worst.cpuMs) worst = { cpuMs: r.cpuMs, wallMs: r.wallMs, label: doc.label };
  if (r.error) failures.push(`${doc.label}: threw ${String(r.error)}`);
  else if (r.result!.ok) articles++;
  else refusals.set(reasonKind(r.result!.reason), (refusals.get(reasonKind(r.result!.reason)) ?? 0) + 1);
  if (r.result) failures.push(...insanity(r.result).map((p) => `${doc.label}: ${p}`));
  if (tried % 250 === 0) process.stderr.write(`${tried}/${count + 3}\n`);
}

console.log(`seed ${seed}, ${sources.length} sources`);
for (const doc of extremeDocuments(sources)) run(doc);
for (const doc of fuzzDocuments(sources, count, seed)) run(doc);
console.log(`documents tried: ${tried}`);
console.log(`articles: ${articles}`);
console.log('refusals by reason:');
for (const [reason, n] of [...refusals].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(6)}  ${reason}`);
console.log(`worst time: ${Math.round(worst.cpuMs)} ms CPU (${Math.round(worst.wallMs)} ms wall): ${worst.label}`);
console.log(`failures: ${failures.length}`);
for (const f of failures.slice(0, 20)) console.log(`  ${f}`);
process.exitCode = failures.length ? 1 : 0;
