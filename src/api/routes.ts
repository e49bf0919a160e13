/** The classic surface (docs/reference/classic-api.md §1.2, §5): one row per path, one handler per method. */
import {
  deleteCloudServiceRoute,
  getCloudServiceRoute,
  listCloudServicesRoute,
  putCloudService,
} from './handlers/cloud-services.js';
import {
  checkNameAvailability,
  deleteCollection,
  getCollection,
  putCollection,
} from './handlers/collections.js';
import {
  createJob,
  deleteJobRoute,
  getJobRoute,
  historyRoute,
  listJobsRoute,
  occurrencesRoute,
  patchAllJobs,
  patchJobRoute,
  putJobRoute,
  runNowRoute,
} from './handlers/jobs.js';
import {
  entitleResource,
  getOperation,
  getProviderProperties,
  putServices,
} from './handlers/subscription.js';
import type { RouteSpec } from './router.js';
import type { Handler } from './types.js';

const JC = ':sub/cloudservices/:cs/resources/scheduler/~?/jobcollections';

export function classicRoutes(extra: readonly RouteSpec<Handler>[] = []): RouteSpec<Handler>[] {
  return [
    { name: 'operation', pattern: ':sub/operations/:opId', methods: { GET: getOperation } },
    {
      name: 'provider-properties',
      pattern: ':sub/resourceproviders/scheduler/properties',
      methods: { GET: getProviderProperties },
    },
    { name: 'services', pattern: ':sub/services', methods: { PUT: putServices } },
    { name: 'entitle-resource', pattern: ':sub/entitleresource', methods: { POST: entitleResource } },
    { name: 'cloud-services', pattern: ':sub/cloudservices', methods: { GET: listCloudServicesRoute } },
    {
      name: 'cloud-service',
      pattern: ':sub/cloudservices/:cs',
      methods: { PUT: putCloudService, DELETE: deleteCloudServiceRoute, GET: getCloudServiceRoute },
    },
    {
      name: 'collections',
      pattern: JC,
      methods: { GET: checkNameAvailability, POST: checkNameAvailability },
    },
    {
      name: 'collection',
      pattern: `${JC}/:jc`,
      methods: { PUT: putCollection, DELETE: deleteCollection, GET: getCollection },
    },
    {
      name: 'jobs',
      pattern: `${JC}/:jc/jobs`,
      methods: { GET: listJobsRoute, POST: createJob, PATCH: patchAllJobs },
    },
    {
      name: 'job',
      pattern: `${JC}/:jc/jobs/:job`,
      methods: { GET: getJobRoute, PUT: putJobRoute, PATCH: patchJobRoute, DELETE: deleteJobRoute },
    },
    { name: 'history', pattern: `${JC}/:jc/jobs/:job/history`, methods: { GET: historyRoute } },
    { name: 'occurrences', pattern: `${JC}/:jc/jobs/:job/occurrences`, methods: { GET: occurrencesRoute } },
    { name: 'run-now', pattern: `${JC}/:jc/jobs/:job/run`, methods: { POST: runNowRoute } },
    ...extra,
  ];
}
