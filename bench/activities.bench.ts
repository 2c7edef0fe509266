/**
 * Activities figures (issue 5), from the two stand-alone benchmarks run as child processes:
 *  - bench/activities-quiz.ts: 500 members start the same quiz within one second and submit (PostgreSQL):
 *    every attempt stored once, p99 of the requests (goal < 200 ms);
 *  - bench/activities-compliance.ts: the 三会一课 board for 100 branches over a year (goal < 200 ms).
 * Each can also be run alone: `npx tsx bench/activities-quiz.ts`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './lib/process.ts';
import type { BenchResult } from './lib/report.ts';

function runScript(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', file)], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('exit', (code) => (code === 0 || code === 1 ? resolve(out) : reject(new Error(`${file} exited ${code}`))));
  });
}

const ms = (out: string, re: RegExp) => {
  const m = re.exec(out);
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
};

export async function run(): Promise<BenchResult[]> {
  const quiz = await runScript('activities-quiz.ts');
  const p99 = ms(quiz, /all\s*: .*?p99 ([\d.]+) ?(ms|s)/);
  const stored = /every attempt stored once, none lost: PASS/.test(quiz);
  const board = await runScript('activities-compliance.ts');
  const boardP99 = ms(board, /board\s*: .*?p99 ([\d.]+) ?(ms|s)/);
  return [
    { name: 'quiz burst: 500 attempts stored once, none lost', value: stored ? 1 : 0, unit: '', goal: '= 1', pass: stored },
    { name: 'quiz burst: p99 of starts and submits', value: p99, unit: 'ms', goal: '< 200 ms', pass: p99 < 200 },
    { name: '三会一课 board, 100 branches × 1 year: p99', value: boardP99, unit: 'ms', goal: '< 200 ms', pass: boardP99 < 200 },
  ];
}
