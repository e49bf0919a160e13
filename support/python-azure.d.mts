// Types of support/python-azure.mjs (plain JavaScript so that it runs with plain `node`).
export interface PythonAzure {
  /** The interpreter: TAKT_PYTHON, else /usr/bin/python3 when it exists, else python3 on PATH. */
  readonly python: string;
  /** The environment to run it with (PYTHONPATH set to the unpacked packages when they are used). */
  readonly env: NodeJS.ProcessEnv;
  /** `system`, or the folder the packages were unpacked into. */
  readonly source: string;
}

/** The Debian packages fetched when the machine's Python cannot import the clients by itself. */
export const DEBIAN_PACKAGES: readonly string[];

export function pythonExecutable(): string;

export function providePythonAzure(): Promise<PythonAzure>;
