/** A progress bar on stderr (stdout stays clean for --json). One line, redrawn with `\r`. */
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
    if (this.enabled && this.lastDrawn >= 0) this.io.err('\n');
  }

  private draw(): void {
    if (!this.enabled || this.total === 0) return;
    const filled = Math.round((this.done / this.total) * this.width);
    if (filled === this.lastDrawn && this.done !== this.total) return;
    this.lastDrawn = filled;
    const bar = '#'.repeat(filled) + '-'.repeat(this.width - filled);
    this.io.err(`\r${this.label} [${bar}] ${this.done}/${this.total}`);
  }
}
