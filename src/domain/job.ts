import type { Recurrence } from './recurrence/types.js';
import type { PlainSecret, SealedSecret } from './secret.js';
import type { EpochMs, PreciseTime, Ticks } from './time.js';

/**
 * Terminology
 * - job definition: what the user wrote (startTime, action, recurrence, requested state).
 * - series: the run of occurrences that began when the job was created or replaced by PUT.
 * - anchor: startTime, or the moment the current series began when there is none.
 * - occurrence: one due time of the job; it has an execution tag and one or more attempts.
 * - attempt: one execution of the main action (retryCount 0, 1, ...) or of the error action.
 */

export type JobState = 'enabled' | 'disabled' | 'completed' | 'faulted';
export type RequestedState = 'enabled' | 'disabled';

export type ActionType = 'http' | 'https' | 'storageQueue' | 'serviceBusQueue' | 'serviceBusTopic';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export type RetryPolicy =
  | { readonly retryType: 'none' }
  | {
      readonly retryType: 'fixed';
      /** Between the end of one attempt and the start of the next. */
      readonly retryInterval: Ticks;
      readonly retryCount: number;
    };

export type HttpAuthentication<S> =
  | { readonly type: 'Basic'; readonly username: string; readonly password: S }
  | {
      readonly type: 'ClientCertificate';
      readonly pfx: S;
      readonly password: S;
      /** Facts derived from the PFX at write time (the only parts ever returned). */
      readonly certificateThumbprint: string;
      readonly certificateExpiration: EpochMs;
      readonly certificateSubjectName: string;
    }
  | {
      readonly type: 'ActiveDirectoryOAuth';
      readonly tenant: string;
      readonly audience: string;
      readonly clientId: string;
      readonly secret: S;
    };

export interface HttpRequest<S> {
  readonly uri: string;
  readonly method: HttpMethod;
  /** In the order given, names exactly as sent. */
  readonly headers: readonly (readonly [name: string, value: string])[];
  readonly body?: string;
  readonly authentication?: HttpAuthentication<S>;
}

export interface QueueMessage<S> {
  readonly storageAccount: string;
  readonly queueName: string;
  readonly sasToken: S;
  readonly message: string;
}

export type ServiceBusTransportType = 'NetMessaging' | 'AMQP' | 'NotSpecified';

export interface BrokeredMessageProperties {
  readonly contentType?: string;
  readonly correlationId?: string;
  readonly forcePersistence?: boolean;
  readonly label?: string;
  readonly messageId?: string;
  readonly partitionKey?: string;
  readonly replyTo?: string;
  readonly replyToSessionId?: string;
  readonly scheduledEnqueueTimeUtc?: PreciseTime;
  readonly sessionId?: string;
  /** A TimeSpan in ticks, or the verbatim text when it was not a duration (stored, echoed, ignored). */
  readonly timeToLive?: Ticks | { readonly verbatim: string };
  readonly to?: string;
  readonly viaPartitionKey?: string;
}

export interface ServiceBusMessage<S> {
  readonly namespace: string;
  readonly transportType?: ServiceBusTransportType;
  readonly authentication: {
    readonly type: 'SharedAccessKey' | 'NotSpecified';
    readonly sasKeyName: string;
    readonly sasKey: S;
  };
  readonly message: string;
  readonly brokeredMessageProperties?: BrokeredMessageProperties;
  /** In the order given. */
  readonly customMessageProperties?: readonly (readonly [name: string, value: string])[];
}

/** The executable part shared by the main action and the error action. */
export type ActionBody<S> =
  | { readonly type: 'http' | 'https'; readonly request: HttpRequest<S> }
  | { readonly type: 'storageQueue'; readonly queueMessage: QueueMessage<S> }
  | {
      readonly type: 'serviceBusQueue';
      readonly serviceBusQueueMessage: ServiceBusMessage<S> & { readonly queueName: string };
    }
  | {
      readonly type: 'serviceBusTopic';
      readonly serviceBusTopicMessage: ServiceBusMessage<S> & { readonly topicPath: string };
    };

export type ErrorAction<S> = ActionBody<S> & { readonly retryPolicy?: RetryPolicy };

export type JobAction<S> = ActionBody<S> & {
  /** Absent = the implicit default (fixed, 30 s, 4 retries), which is never echoed. */
  readonly retryPolicy?: RetryPolicy;
  readonly errorAction?: ErrorAction<S>;
};

/** What the user wrote, normalized. `S` is the secret form (plain after parsing, sealed at rest). */
export interface JobDefinition<S = SealedSecret> {
  readonly startTime?: PreciseTime;
  readonly action: JobAction<S>;
  readonly recurrence?: Recurrence;
  readonly state: RequestedState;
}

export type PlainJobDefinition = JobDefinition<PlainSecret>;

/** How the last finished occurrence's main action ended. */
export type OccurrenceOutcome = 'succeeded' | 'faulted';

/** Server-controlled counters (docs/reference/scheduling-rules.md §3); never reset. */
export interface JobCounters {
  readonly executionCount: number;
  readonly failureCount: number;
  readonly faultedCount: number;
}

/** Where the job stands in its schedule. */
export interface JobSchedule {
  /** startTime, or the series start when there is none (ms precision for the math). */
  readonly anchor: EpochMs;
  /** When the current series began (create or PUT). */
  readonly seriesStartedAt: EpochMs;
  /** Occurrences started in the current series (for `count`). */
  readonly seriesCount: number;
  /** Cumulative occurrence number of the last started occurrence (`repeatCount`), 0 before any. */
  readonly repeatCount: number;
  /** Due time of the next occurrence not yet started; absent when none exists. */
  readonly nextDueAt?: EpochMs;
  readonly lastExecutionTime?: EpochMs;
  readonly lastOutcome?: OccurrenceOutcome;
}

/** Address of a job collection. Names compare case-insensitively; the stored casing is returned. */
export interface CollectionRef {
  readonly subscriptionId: string;
  readonly cloudService: string;
  readonly collection: string;
}

export interface JobRef extends CollectionRef {
  readonly jobId: string;
}

export interface Job {
  readonly ref: JobRef;
  readonly definition: JobDefinition<SealedSecret>;
  readonly state: JobState;
  /** The SDKs' updateStateReason: stored, never returned. */
  readonly stateDetails?: string;
  readonly counters: JobCounters;
  readonly schedule: JobSchedule;
  /** When the job became completed or faulted (for the 60-day clean-up). */
  readonly finishedAt?: EpochMs;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
  /** Incremented by every write; optimistic concurrency and fencing. */
  readonly version: number;
}
