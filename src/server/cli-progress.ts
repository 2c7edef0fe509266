/**
 * Progress of long CLI work (backup, restore, member import): on a terminal one line rewritten in place —
 * rows done, percent and time left; otherwise (a pipe, a log file, cron) a plain line every tenth of the work.
 */
export interface ProgressLine {
  /** `label`: what is being done ("Reading", "Restoring"); `total` 0 when unknown; call as often as you like */
  update(label: string, done: number, total: number): void;
  /** clears the terminal line (before printing the result) */
  end(): void;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function progressLine(
  out: { isTTY?: boolean; write(s: string): unknown } = process.stdout,
  now: () => number = () => performance.now(),
): ProgressLine {
  const tty = !!out.isTTY;
  let started: { label: string; at: number } | null = null;
  let lastDraw = -Infinity;
  let lastStep = -1;
  let drawn = false;
  return {
    update(label, done, total) {
      const t = now();
      if (!started || started.label !== label) {
        if (drawn && tty) out.write('\n');
        drawn = false;
        started = { label, at: t };
        lastStep = -1;
      }
      const known = total > 0;
      const pct = known ? Math.min(100, Math.floor((done / total) * 100)) : 0;
      const elapsed = t - started.at;
      const left = known && done > 0 && done < total ? ` (about ${duration((elapsed * (total - done)) / done)} left)` : '';
      const text = known ? `${label}: ${fmt(done)} of ${fmt(total)} rows, ${pct}%${left}` : `${label}: ${fmt(done)} rows`;
      if (tty) {
        if (t - lastDraw < 100 && done < total) return; // at most ten redraws a second
        lastDraw = t;
        out.write(`\r\x1b[2K${text}`);
        drawn = true;
      } else {
        const step = known ? Math.floor(pct / 10) : Math.floor(done / 10_000);
        if (step === lastStep) return;
        lastStep = step;
        out.write(`${text}\n`);
      }
    },
    end() {
      if (tty && drawn) out.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
