/**
 * The ARM route table (docs/api.md, ARM surface): the 15 Microsoft.Scheduler operations and the
 * plumbing around them. Fixed words match case-insensitively (the shared Router).
 */
import type { RouteSpec } from '../router.js';
import type { ArmHandler } from './arm-types.js';
import {
  deleteArmCollection,
  disableArmCollection,
  enableArmCollection,
  getArmCollectionRoute,
  listArmCollectionsRoute,
  patchArmCollection,
  putArmCollection,
} from './handlers/collections.js';
import {
  deleteArmJob,
  getArmJob,
  listArmHistory,
  listArmJobs,
  patchArmJob,
  putArmJob,
  runArmJob,
} from './handlers/jobs.js';
import {
  deleteGroup,
  getGroup,
  getProvider,
  headGroup,
  putGroup,
  registerArmProvider,
  unregisterArmProvider,
} from './handlers/plumbing.js';

const SUB = 'subscriptions/:sub';
const PROVIDER = `${SUB}/providers/Microsoft.Scheduler`;
const GROUP = `${SUB}/resourceGroups/:rg`;
const JC = `${GROUP}/providers/Microsoft.Scheduler/jobCollections/:jc`;

/** Routes that accept any well-formed api-version (the clients' own ARM versions). */
export const PLUMBING_ROUTES: ReadonlySet<string> = new Set([
  'arm provider',
  'arm provider register',
  'arm provider unregister',
  'arm resource group',
]);

export const ARM_ROUTES: readonly RouteSpec<ArmHandler>[] = [
  {
    name: 'arm collections of subscription',
    pattern: `${PROVIDER}/jobCollections`,
    methods: { GET: listArmCollectionsRoute },
  },
  { name: 'arm provider', pattern: PROVIDER, methods: { GET: getProvider } },
  { name: 'arm provider register', pattern: `${PROVIDER}/register`, methods: { POST: registerArmProvider } },
  {
    name: 'arm provider unregister',
    pattern: `${PROVIDER}/unregister`,
    methods: { POST: unregisterArmProvider },
  },
  {
    name: 'arm resource group',
    pattern: GROUP,
    methods: { GET: getGroup, HEAD: headGroup, PUT: putGroup, DELETE: deleteGroup },
  },
  {
    name: 'arm collections of group',
    pattern: `${GROUP}/providers/Microsoft.Scheduler/jobCollections`,
    methods: { GET: listArmCollectionsRoute },
  },
  {
    name: 'arm collection',
    pattern: JC,
    methods: {
      GET: getArmCollectionRoute,
      PUT: putArmCollection,
      PATCH: patchArmCollection,
      DELETE: deleteArmCollection,
    },
  },
  { name: 'arm collection enable', pattern: `${JC}/enable`, methods: { POST: enableArmCollection } },
  { name: 'arm collection disable', pattern: `${JC}/disable`, methods: { POST: disableArmCollection } },
  { name: 'arm jobs', pattern: `${JC}/jobs`, methods: { GET: listArmJobs } },
  {
    name: 'arm job',
    pattern: `${JC}/jobs/:job`,
    methods: { GET: getArmJob, PUT: putArmJob, PATCH: patchArmJob, DELETE: deleteArmJob },
  },
  { name: 'arm job run', pattern: `${JC}/jobs/:job/run`, methods: { POST: runArmJob } },
  { name: 'arm job history', pattern: `${JC}/jobs/:job/history`, methods: { GET: listArmHistory } },
];
