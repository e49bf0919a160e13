import { Command } from 'commander';
import { startNode } from '../../bootstrap/start-node.js';
import { startupMessage } from '../../bootstrap/startup-message.js';
import { EXIT_OK, type CliContext } from '../context.js';
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
  return localCommand(new Command('serve'))
    .description(
      'run Takt: the HTTPS API and the execution engine (first start creates credentials in the data directory)',
    )
    .option('--host <address>', 'listen address (default: $TAKT_HOST, else 127.0.0.1)')
    .option('--port <port>', 'HTTPS port, 0 for any free port (default: $TAKT_PORT, else 8443)')
    .option('--role <role>', 'api, engine or all (default: $TAKT_ROLE, else all)')
    .option(
      '--node-id <id>',
      'node name in leases and logs (default: $TAKT_NODE_ID, else kept in DATA_DIR/node-id on SQLite, <hostname>-<pid> on PostgreSQL)',
    )
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (default: info)')
    .action(async (flags: Record<string, unknown>) => {
      await runLocal(ctx, async () => {
        const config = configOf(ctx, flags);
        const signal = shutdownSignal();
        const node = await startNode(config);
        ctx.io.out(startupMessage(node.info));
        const sig = await signal;
        node.logger.info({ signal: sig }, 'stopping');
        await node.stop();
        ctx.exitCode = EXIT_OK;
      });
    });
}
