/**
 * The JSON documents of the classic API as the dashboard reads and writes them (docs/api.md). The
 * server's wire module formats these shapes (src/wire/job/); the recurrence vocabulary is the
 * domain's own, imported as types only.
 */
import type { Frequency, MonthlyOccurrence, WeekDay } from '../../../src/domain/recurrence/types.js';
import type { Plan, Quota } from '../../../src/domain/collection.js';

export type { Frequency, MonthlyOccurrence, WeekDay, Plan, Quota };

export type JobState = 'enabled' | 'disabled' | 'completed' | 'faulted';
export type ActionType = 'http' | 'https' | 'storageQueue' | 'serviceBusQueue' | 'serviceBusTopic';

export interface HttpAuth {
  type: 'Basic' | 'ClientCertificate' | 'ActiveDirectoryOAuth';
  username?: string;
  password?: string;
  pfx?: string;
  certificateThumbprint?: string;
  certificateExpiration?: string;
  certificateSubjectName?: string;
  tenant?: string;
  audience?: string;
  clientId?: string;
  secret?: string;
}

export interface HttpRequest {
  uri: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  authentication?: HttpAuth;
}

export interface QueueMessage {
  storageAccount: string;
  queueName: string;
  sasToken?: string;
  message: string;
}

export interface ServiceBusMessage {
  namespace: string;
  queueName?: string;
  topicPath?: string;
  transportType?: 'NetMessaging' | 'AMQP';
  authentication: { type?: string; sasKeyName: string; sasKey?: string };
  message: string;
  brokeredMessageProperties?: Record<string, unknown>;
  customMessageProperties?: Record<string, string>;
}

export interface RetryPolicy {
  retryType: 'none' | 'fixed';
  retryInterval?: string;
  retryCount?: number;
}

export interface ActionDoc {
  type: ActionType;
  request?: HttpRequest;
  queueMessage?: QueueMessage;
  serviceBusQueueMessage?: ServiceBusMessage;
  serviceBusTopicMessage?: ServiceBusMessage;
  retryPolicy?: RetryPolicy;
  errorAction?: ActionDoc;
}

export interface ScheduleDoc {
  minutes?: number[];
  hours?: number[];
  weekDays?: WeekDay[];
  months?: number[];
  monthDays?: number[];
  monthlyOccurrences?: MonthlyOccurrence[];
}

export interface RecurrenceDoc {
  frequency: Frequency;
  interval?: number;
  count?: number;
  endTime?: string;
  timeZone?: string;
  schedule?: ScheduleDoc;
}

/** A job definition: what create, PUT and PATCH send. */
export interface DefinitionDoc {
  startTime?: string;
  action: ActionDoc;
  recurrence?: RecurrenceDoc;
  state?: 'enabled' | 'disabled';
}

export interface JobStatus {
  lastExecutionTime?: string;
  nextExecutionTime?: string;
  executionCount: number;
  failureCount: number;
  faultedCount: number;
}

export interface JobDoc extends Omit<DefinitionDoc, 'state'> {
  id: string;
  state: JobState;
  status?: JobStatus;
}

export interface HistoryEntry {
  jobId: string;
  timestamp: string;
  startTime: string;
  endTime: string;
  expectedExecutionTime: string;
  state: JobState;
  status?: 'failed' | 'postponed';
  message: string;
  retryCount: number;
  repeatCount: number;
  actionName: 'MainAction' | 'ErrorAction';
}

export interface CollectionView {
  cloudService: string;
  name: string;
  plan: Plan;
  quota: Quota;
  state: string;
  region: string;
}

export interface CollectionRef {
  cloudService: string;
  collection: string;
}
