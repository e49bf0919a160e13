import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Server as TlsServer } from 'node:tls';
import type { Logger } from '../ports/logger.js';
import { serverPairProblem } from './server-pair.js';
import { secureContextOptions } from './tls-options.js';

export interface CertReloadOptions {
  readonly certFile: string;
  readonly keyFile: string;
  /** How often the files' modification times are polled, ms. */
  readonly pollMs: number;
}

/**
 * Reloads the HTTPS server certificate without a restart: when the certificate or key file changes
 * (polled: a replacement by rename is seen too, unlike with fs.watch) or on SIGHUP. New connections
 * get the new certificate; open ones keep theirs. A pair that does not load (half written, key and
 * certificate not matching) is logged and the old one stays. Returns a stop function.
 */
export function watchServerCertificate(server: TlsServer, o: CertReloadOptions, logger: Logger): () => void {
  let last = '';
  const reload = (why: string): void => {
    let cert: string;
    let key: string;
    try {
      cert = readFileSync(o.certFile, 'utf8');
      key = readFileSync(o.keyFile, 'utf8');
      if (cert + key === last) return;
      // Checked first (parse, key of this certificate, a context that builds): a mismatched pair
      // is refused here, not at every later handshake.
      const problem = serverPairProblem(cert, key, o.certFile, o.keyFile);
      if (problem !== undefined) throw new Error(problem.message);
      server.setSecureContext(secureContextOptions(cert, key));
    } catch (e) {
      logger.warn(
        { certFile: o.certFile, err: e instanceof Error ? e.message : String(e) },
        'server certificate not reloaded; keeping the current one',
      );
      return;
    }
    last = cert + key;
    logger.info({ certFile: o.certFile, reason: why }, 'server certificate reloaded');
  };
  try {
    last = readFileSync(o.certFile, 'utf8') + readFileSync(o.keyFile, 'utf8');
  } catch {
    // Read again at the first change.
  }
  const onChange = (): void => reload('file changed');
  const onSignal = (): void => reload('SIGHUP');
  watchFile(o.certFile, { interval: o.pollMs, persistent: false }, onChange);
  watchFile(o.keyFile, { interval: o.pollMs, persistent: false }, onChange);
  process.on('SIGHUP', onSignal);
  return () => {
    unwatchFile(o.certFile, onChange);
    unwatchFile(o.keyFile, onChange);
    process.off('SIGHUP', onSignal);
  };
}
