/**
 * The monitoring paths: they stay reachable under overload (the in-flight cap) and on a connection of
 * the monitoring reserve (the connection cap), so operators can see what is happening.
 */
export const OPS_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);
