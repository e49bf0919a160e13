import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { addCertificate, listCertificates, removeCertificate } from '../../app/admin/certificates.js';
import { certificateFacts, type CertificateFacts } from '../../app/admin/credentials.js';
import { withAdminSession } from '../../bootstrap/admin.js';
import type { ManagementCertificate } from '../../domain/tenant.js';
import type { CliContext } from '../context.js';
import {
  configOf,
  isoTime,
  localCommand,
  LocalUsageError,
  runLocal,
  subscriptionId,
  subscriptionOrSole,
  table,
} from './local.js';

const THUMBPRINT = /^[0-9a-f]{40}$/i;

const view = (c: ManagementCertificate, now: number): Record<string, unknown> => ({
  thumbprint: c.thumbprint,
  subject: c.subject,
  notBefore: isoTime(c.notBefore),
  notAfter: isoTime(c.notAfter),
  // An expired certificate stays listed (so it can be found and removed) but no longer authenticates.
  expired: c.notAfter < now,
  subscriptions: c.subscriptionIds,
});

/** The expiry column: the date, marked when it has passed. */
const expiry = (c: ManagementCertificate, now: number): string =>
  `${isoTime(c.notAfter)}${c.notAfter < now ? ' (expired)' : ''}`;

function readCertificate(file: string): CertificateFacts {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new LocalUsageError(`<file>: cannot read ${file}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  try {
    return certificateFacts(bytes);
  } catch (e) {
    throw new LocalUsageError(`<file>: ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** `takt certs add|list|remove`: management certificates (docs/reference/classic-operations.md §2.1). */
export function certsCommand(ctx: CliContext): Command {
  const group = new Command('certs').description(
    'Manage management certificates (local: opens the data directory or database).',
  );

  localCommand(group.command('add <file>'))
    .description('Map a certificate (PEM or DER .cer, public part only) to a subscription.')
    .option('--subscription <id>', 'subscription the certificate may manage (default: the only one)')
    .action(async (file: string, flags: { subscription?: string } & Record<string, unknown>) => {
      await runLocal(ctx, async () => {
        // A malformed GUID is refused before the store is opened.
        const given = flags.subscription !== undefined ? subscriptionId(flags.subscription) : undefined;
        const facts = readCertificate(file);
        const { sub, added } = await withAdminSession(configOf(ctx, flags), async (s) => {
          const id = await subscriptionOrSole(s, given);
          return { sub: id, added: await addCertificate(s, id, facts) };
        });
        const expired = facts.notAfter < added.addedAt ? ' (already expired: it will not authenticate)' : '';
        ctx.io.out(
          `Added certificate ${facts.thumbprint} (${facts.subject}, expires ${isoTime(facts.notAfter)}) for subscription ${sub}${expired}\n`,
        );
      });
    });

  localCommand(group.command('list'))
    .description('List management certificates.')
    .option('--subscription <id>', 'only those mapped to this subscription')
    .option('--json', 'print JSON')
    .action(async (flags: { subscription?: string; json?: boolean } & Record<string, unknown>) => {
      await runLocal(ctx, async () => {
        const sub = flags.subscription !== undefined ? subscriptionId(flags.subscription) : undefined;
        const { certs, now } = await withAdminSession(configOf(ctx, flags), async (s) => ({
          certs: await listCertificates(s, sub),
          now: s.clock.now(),
        }));
        if (flags.json) ctx.io.out(`${JSON.stringify(certs.map((c) => view(c, now)))}\n`);
        else {
          ctx.io.out(
            table(
              ['THUMBPRINT', 'SUBJECT', 'EXPIRES', 'SUBSCRIPTIONS'],
              certs.map((c) => [c.thumbprint, c.subject, expiry(c, now), c.subscriptionIds.join(',')]),
            ) || 'No certificates.\n',
          );
        }
      });
    });

  localCommand(group.command('remove <thumbprint>'))
    .description('Remove a certificate (or only its mapping to --subscription).')
    .option('--subscription <id>', 'unmap from this subscription only')
    .action(async (thumbprintArg: string, flags: { subscription?: string } & Record<string, unknown>) => {
      await runLocal(ctx, async () => {
        const thumbprint = thumbprintArg.replaceAll(':', '').toUpperCase();
        if (!THUMBPRINT.test(thumbprint))
          throw new LocalUsageError(
            `<thumbprint>: must be 40 hex characters (SHA-1), got '${thumbprintArg}'`,
          );
        const sub = flags.subscription !== undefined ? subscriptionId(flags.subscription) : undefined;
        await withAdminSession(configOf(ctx, flags), (s) => removeCertificate(s, thumbprint, sub));
        ctx.io.out(
          `Removed certificate ${thumbprint}${sub !== undefined ? ` from subscription ${sub}` : ''}\n`,
        );
      });
    });
  return group;
}
