/** The definition flags shared by `takt jobs create` and `takt jobs set`. */
import type { Command } from 'commander';
import { collect } from './job-flags.js';

/** The schedule flags, shared with `takt schedule preview`. */
export function scheduleOptions(cmd: Command): Command {
  return cmd
    .option('--every <n unit>', 'recurrence: 5m, 1h, 1d, 1w, 1mo')
    .option(
      '--cron <expression>',
      'recurrence from a cron expression, e.g. "30 9 * * 1-5" (written as the equivalent Azure recurrence)',
    )
    .option('--minutes <list>', 'schedule: minutes, e.g. 0,30')
    .option('--hours <list>', 'schedule: hours, e.g. 2')
    .option('--week-days <list>', 'schedule: days, e.g. mon,fri (with --every 1w)')
    .option('--month-days <list>', 'schedule: days of the month, e.g. 1,-1 (with --every 1mo)')
    .option('--months <list>', 'schedule: months 1-12 (Takt extension)')
    .option('--count <n>', 'recurrence: stop after n occurrences')
    .option('--end-time <time>', 'recurrence: stop at this time (ISO 8601)')
    .option('--time-zone <zone>', 'recurrence time zone (IANA or Windows name; Takt extension)')
    .option('--once', 'no recurrence (on set: remove the recurrence)')
    .option(
      '--start-time <time>',
      'first run (ISO 8601); default: now — a recurring job without it runs at once',
    );
}

export function definitionOptions(cmd: Command): Command {
  const withAction = cmd
    .option(
      '--file <job.json>',
      'the whole definition as JSON in the wire format (as `takt jobs get --json` prints it)',
    )
    .option('--uri <uri>', 'HTTP(S) action: the URI to call')
    .option('--method <method>', 'HTTP method (default GET)')
    .option(
      '--header <name:value>',
      "HTTP header (repeatable; on set merged into the stored ones, 'Name:' removes one)",
      collect,
    )
    .option('--body <text>', 'HTTP body')
    .option('--body-file <file>', 'HTTP body from a file')
    .option('--auth <kind>', 'outbound authentication: basic, cert, oauth (none removes it on set)')
    .option('--username <name>', 'basic auth user')
    .option('--password <secret>', 'basic auth password')
    .option('--password-stdin', 'read the basic auth password from standard input (out of history and ps)')
    .option('--pfx <file>', 'client certificate (PKCS#12) for --auth cert')
    .option('--pfx-password <secret>', 'password of the PKCS#12 file')
    .option('--tenant <tenant>', 'oauth tenant')
    .option('--audience <uri>', 'oauth audience')
    .option('--client-id <id>', 'oauth client id')
    .option('--secret <secret>', 'oauth client secret')
    .option('--queue-account <name>', 'Storage Queue action: storage account')
    .option('--queue-name <name>', 'Storage Queue action: queue')
    .option('--sas-token <token>', 'Storage Queue action: SAS token')
    .option('--sb-namespace <ns>', 'Service Bus action: namespace')
    .option('--sb-queue <name>', 'Service Bus action: queue')
    .option('--sb-topic <path>', 'Service Bus action: topic')
    .option('--sas-key-name <name>', 'Service Bus: SAS key name')
    .option('--sas-key <key>', 'Service Bus: SAS key')
    .option('--message <text>', 'queue or Service Bus message');
  return scheduleOptions(withAction)
    .option('--retry <type>', 'retry policy: none or fixed')
    .option(
      '--retry-interval <duration>',
      'retry interval, e.g. 30s, 5m, PT30S or 00:00:30 (on set: alone keeps the count)',
    )
    .option('--retry-count <n>', 'retries, 0-20 (on set: alone keeps the interval)')
    .option('--error-uri <uri>', 'error action: HTTP(S) request made once an occurrence has failed for good')
    .option('--error-method <method>', 'error action: HTTP method (default GET)')
    .option(
      '--error-header <name:value>',
      "error action: HTTP header (repeatable; on set merged, 'Name:' removes one)",
      collect,
    )
    .option('--error-body <text>', 'error action: HTTP body')
    .option('--error-queue-account <name>', 'error action: Storage Queue account')
    .option('--error-queue-name <name>', 'error action: Storage Queue queue')
    .option('--error-sas-token <token>', 'error action: Storage Queue SAS token')
    .option('--error-message <text>', 'error action: Storage Queue message')
    .option('--error-action <none>', "'none' removes the error action (on set)")
    .option('--disabled', 'create the job disabled');
}
