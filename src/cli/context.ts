/** Where a command writes; injected so tests can capture output. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when `err` goes to a terminal (a progress bar may redraw its line there). */
  readonly errIsTerminal?: boolean;
}

/** Exit codes: 0 ok, 1 failure (API or runtime error), 2 usage or validation error. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface CliContext {
  readonly io: CliIo;
  /** The process environment, passed in (configuration is read in src/config only). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working directory (where `./data/connection.json` is looked for); injected for tests. */
  readonly cwd: string;
  /** Set by a command to choose the exit code. */
  exitCode: number;
  /**
   * Set by a command that must outlive the reader of its output (`takt serve | head`): called when
   * standard output or error is closed, instead of ending the process quietly.
   */
  onClosedOutput?: () => void;
}
