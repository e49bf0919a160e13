import type { StartedInfo } from './start-node.js';

const quote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

/**
 * What `takt serve` prints on standard output: how to connect (docs/reference/classic-operations.md §2.3). The last
 * line always starts with `Takt is ready` so scripts and tests can wait for it.
 */
export function startupMessage(info: StartedInfo): string {
  const lines: string[] = [];
  lines.push(`Takt ${info.version} — role ${info.role}, node ${info.nodeId}, store ${info.store}`);
  if (info.secretKeySource === 'generated') lines.push('Created the secret key for job secrets at rest.');
  const c = info.connection;
  if (c && info.url !== undefined) {
    if (info.firstStart) lines.push(firstStartLine(info));
    else if (info.createdTls.serverCert)
      lines.push(`Issued a new server certificate from the local CA (${c.caCertPath ?? 'tls/ca-cert.pem'}).`);
    lines.push('');
    lines.push(`  URL               ${info.url}`);
    lines.push(`  Subscription      ${c.subscriptionId}`);
    if (c.caCertPath !== undefined) lines.push(`  CA certificate    ${c.caCertPath}`);
    lines.push(`  Admin certificate ${c.certPath}`);
    lines.push(`  Admin key         ${c.keyPath}`);
    lines.push(`  Admin token       in ${info.connectionFile} (keep it secret)`);
    lines.push('');
    lines.push('Try it:');
    const ca = c.caCertPath !== undefined ? ` --cacert ${quote(c.caCertPath)}` : '';
    lines.push(
      `  curl${ca} --cert ${quote(c.certPath)} --key ${quote(c.keyPath)} -H 'x-ms-version: 2013-03-01' ${info.url}/${c.subscriptionId}/cloudservices`,
    );
    if (c.caCertPath !== undefined) {
      lines.push(
        `Node clients (azure-scheduler, azure-asm-scheduler): NODE_EXTRA_CA_CERTS=${quote(c.caCertPath)} node your-script.js`,
      );
    }
    lines.push(`The takt CLI reads ${info.connectionFile} (or --profile FILE).`);
    if (info.plainHttpUrl !== undefined) lines.push(`Plain HTTP (bearer tokens only): ${info.plainHttpUrl}`);
    lines.push('');
  }
  if (info.url !== undefined) lines.push(`Takt is ready: ${info.url}`);
  else if (info.opsUrl !== undefined)
    lines.push(`Takt is ready: ${info.opsUrl} (engine only: /healthz, /readyz, /metrics)`);
  else lines.push('Takt is ready (engine only, no API listener)');
  return `${lines.join('\n')}\n`;
}

/** What a first start made, in words: a joining node makes its own CA and server certificate too. */
function firstStartLine(info: StartedInfo): string {
  const made = [
    ...(info.createdTls.ca ? ['a local CA'] : []),
    ...(info.createdTls.serverCert ? ['a server certificate'] : []),
    ...(info.createdSubscription ? ['the default subscription'] : []),
    'admin credentials',
  ];
  const list = made.length > 1 ? `${made.slice(0, -1).join(', ')} and ${made[made.length - 1]!}` : made[0]!;
  return `First start: created ${list}${info.createdSubscription ? '' : ' for the existing subscription below'}.`;
}
