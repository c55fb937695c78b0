/**
 * A progress bar on stderr, drawn only when stderr is a TTY (never in pipes, logs or CI), and at most
 * ten times a second so that it costs nothing measurable. With an unknown total (0) it shows a count.
 */
export class ProgressBar {
  private lastDraw = 0;
  private done = false;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly enabled: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(current: number): void {
    if (!this.enabled || this.done) return;
    const t = this.now();
    if (t - this.lastDraw < 100 && current < this.total) return;
    this.lastDraw = t;
    if (this.total <= 0) {
      process.stderr.write(`\r${this.label} ${current.toLocaleString('en-US')}`);
      return;
    }
    const frac = this.total > 0 ? Math.min(1, current / this.total) : 0;
    const width = 30;
    const filled = Math.round(frac * width);
    process.stderr.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0)}%`);
  }

  finish(): void {
    if (!this.enabled || this.done) return;
    this.done = true;
    if (this.total > 0) this.update(this.total);
    process.stderr.write('\n');
  }
}
