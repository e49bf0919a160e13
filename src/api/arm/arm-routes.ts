/**
 * The ARM route table (docs/api.md, ARM surface): the 15 Microsoft.Scheduler operations and the
 * plumbing around them. Fixed words match case-insensitively (the shared Router).
 */
import type { RouteSpec } from '../router.js';
import type { ArmHandler } from './arm-types.js';
import {
  deleteArmCollectionHandler,
  disableArmCollectionHandler,
  enableArmCollectionHandler,
  getArmCollectionHandler,
  listArmCollectionsHandler,
  patchArmCollectionHandler,
  putArmCollectionHandler,
} from './handlers/collections.js';
import {
  deleteArmJobHandler,
  getArmJobHandler,
  listArmHistoryHandler,
  listArmJobsHandler,
  patchArmJobHandler,
  putArmJobHandler,
  runArmJobHandler,
} from './handlers/jobs.js';
import {
  deleteResourceGroupHandler,
  getResourceGroupHandler,
  getProviderHandler,
  headResourceGroupHandler,
  putResourceGroupHandler,
  registerProviderHandler,
  unregisterProviderHandler,
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
    methods: { GET: listArmCollectionsHandler },
  },
  { name: 'arm provider', pattern: PROVIDER, methods: { GET: getProviderHandler } },
  {
    name: 'arm provider register',
    pattern: `${PROVIDER}/register`,
    methods: { POST: registerProviderHandler },
  },
  {
    name: 'arm provider unregister',
    pattern: `${PROVIDER}/unregister`,
    methods: { POST: unregisterProviderHandler },
  },
  {
    name: 'arm resource group',
    pattern: GROUP,
    methods: {
      GET: getResourceGroupHandler,
      HEAD: headResourceGroupHandler,
      PUT: putResourceGroupHandler,
      DELETE: deleteResourceGroupHandler,
    },
  },
  {
    name: 'arm collections of group',
    pattern: `${GROUP}/providers/Microsoft.Scheduler/jobCollections`,
    methods: { GET: listArmCollectionsHandler },
  },
  {
    name: 'arm collection',
    pattern: JC,
    methods: {
      GET: getArmCollectionHandler,
      PUT: putArmCollectionHandler,
      PATCH: patchArmCollectionHandler,
      DELETE: deleteArmCollectionHandler,
    },
  },
  { name: 'arm collection enable', pattern: `${JC}/enable`, methods: { POST: enableArmCollectionHandler } },
  {
    name: 'arm collection disable',
    pattern: `${JC}/disable`,
    methods: { POST: disableArmCollectionHandler },
  },
  { name: 'arm jobs', pattern: `${JC}/jobs`, methods: { GET: listArmJobsHandler } },
  {
    name: 'arm job',
    pattern: `${JC}/jobs/:job`,
    methods: {
      GET: getArmJobHandler,
      PUT: putArmJobHandler,
      PATCH: patchArmJobHandler,
      DELETE: deleteArmJobHandler,
    },
  },
  { name: 'arm job run', pattern: `${JC}/jobs/:job/run`, methods: { POST: runArmJobHandler } },
  { name: 'arm job history', pattern: `${JC}/jobs/:job/history`, methods: { GET: listArmHistoryHandler } },
];
