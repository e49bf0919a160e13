/**
 * A progress bar on stderr (stdout stays clean for --json). On a terminal one line, redrawn with
 * `\r`; elsewhere (a log file, a pipe, CI) only the final state, once, so the log holds one clean
 * line instead of every redraw glued together.
 */
import type { CliIo } from '../context.js';

export class ProgressBar {
  private done = 0;
  private lastDrawn = -1;

  constructor(
    private readonly io: CliIo,
    private readonly total: number,
    private readonly label: string,
    private readonly enabled: boolean,
    private readonly width = 30,
  ) {}

  tick(): void {
    this.done += 1;
    this.draw();
  }

  finish(): void {
    if (!this.enabled || this.total === 0) return;
    if (this.io.errIsTerminal !== true) this.io.err(`${this.line()}\n`);
    else if (this.lastDrawn >= 0) this.io.err('\n');
  }

  private draw(): void {
    if (!this.enabled || this.total === 0 || this.io.errIsTerminal !== true) return;
    const filled = Math.round((this.done / this.total) * this.width);
    if (filled === this.lastDrawn && this.done !== this.total) return;
    this.lastDrawn = filled;
    this.io.err(`\r${this.line()}`);
  }

  private line(): string {
    const filled = Math.round((this.done / this.total) * this.width);
    return `${this.label} [${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}] ${this.done}/${this.total}`;
  }
}
