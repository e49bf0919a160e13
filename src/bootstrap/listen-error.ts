/**
 * A listener that cannot bind, in the operator's terms: which setting to change (`port`,
 * `plainHttpPort` or `host`) instead of Node's `listen EADDRINUSE: address already in use …`
 * (docs/operations.md, "Exit codes").
 */
export function listenError(err: unknown, host: string, port: number, portOption: string): Error {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new Error(
        `${portOption}: cannot listen on ${where}: the address is already in use (another process listens there)`,
      );
    case 'EACCES':
      return new Error(
        `${portOption}: cannot listen on ${where}: permission denied (ports below 1024 need privileges)`,
      );
    case 'EADDRNOTAVAIL':
      return new Error(`host: cannot listen on ${where}: not an address of this machine`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new Error(`host: cannot listen on ${where}: the name does not resolve (${code})`);
    default:
      return new Error(
        `${portOption}: cannot listen on ${where}: ${err instanceof Error ? err.message : String(err)}`,
      );
  }
}
