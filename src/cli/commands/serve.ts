import { Command } from 'commander';
import { startNode } from '../../bootstrap/start-node.js';
import { startupMessage } from '../../bootstrap/startup-message.js';
import { EXIT_OK, type CliContext } from '../context.js';
import { configFlags } from './config-flags.js';
import { configOf, localCommand, runLocal } from './local.js';

/**
 * Resolves on the first SIGTERM or SIGINT. Repeats are expected (a terminal's Ctrl+C reaches both
 * npm and node, and npm forwards it again), so only a third signal forces an immediate exit.
 */
function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let count = 0;
    const on = (sig: NodeJS.Signals): void => {
      count += 1;
      if (count === 1) resolve(sig);
      if (count >= 3) process.exit(sig === 'SIGINT' ? 130 : 143);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

/** `takt serve`: runs the API and/or the engine until SIGTERM/SIGINT. */
export function serveCommand(ctx: CliContext): Command {
  const serve = localCommand(new Command('serve')).description(
    'Run Takt: the HTTPS API and the execution engine (first start creates credentials in the data directory).',
  );
  return configFlags(serve, ['host', 'port', 'role', 'nodeId', 'logLevel']).action(
    async (flags: Record<string, unknown>) => {
      await runLocal(ctx, async () => {
        const config = configOf(ctx, flags);
        const signal = shutdownSignal();
        // SIGHUP reloads the server certificate once its watcher runs (cert-reload.ts); before
        // that (during start) and after it (while stopping) its default action would end the process.
        const ignoreHangup = (): void => undefined;
        process.on('SIGHUP', ignoreHangup);
        const node = await startNode(config);
        // The reader of the banner (`takt serve | head`, a supervisor's pipe) may go away: the service
        // must not end with it (it once exited 0 at once, unstopped), and its logs go to stderr anyway.
        let warned = false;
        ctx.onClosedOutput = () => {
          if (!warned)
            node.logger.warn({}, 'standard output is closed; takt keeps running, its output is dropped');
          warned = true;
        };
        ctx.io.out(startupMessage(node.info));
        const sig = await signal;
        node.logger.info({ signal: sig }, 'stopping');
        await node.stop();
        process.off('SIGHUP', ignoreHangup);
        ctx.exitCode = EXIT_OK;
      });
    },
  );
}
