/** The classic surface (docs/reference/classic-operations.md §1.2, §5): one row per path, one handler per method. */
import {
  deleteCloudServiceHandler,
  getCloudServiceHandler,
  listCloudServicesHandler,
  putCloudServiceHandler,
} from './cloud-service-handlers.js';
import {
  checkNameAvailabilityHandler,
  deleteJobCollectionHandler,
  getJobCollectionHandler,
  putJobCollectionHandler,
} from './collection-handlers.js';
import {
  createJobHandler,
  deleteJobHandler,
  getJobHandler,
  listJobHistoryHandler,
  listJobsHandler,
  listOccurrencesHandler,
  setAllJobStatesHandler,
  patchJobHandler,
  putJobHandler,
  runJobNowHandler,
} from './job-handlers.js';
import {
  entitleResourceHandler,
  getOperationHandler,
  getProviderPropertiesHandler,
  putServicesHandler,
} from './subscription-handlers.js';
import type { RouteSpec } from '../router.js';
import type { Handler } from '../handler.js';

const JC = ':sub/cloudservices/:cs/resources/scheduler/~?/jobcollections';

export function classicRoutes(extra: readonly RouteSpec<Handler>[] = []): RouteSpec<Handler>[] {
  return [
    { name: 'operation', pattern: ':sub/operations/:opId', methods: { GET: getOperationHandler } },
    {
      name: 'provider-properties',
      pattern: ':sub/resourceproviders/scheduler/properties',
      methods: { GET: getProviderPropertiesHandler },
    },
    { name: 'services', pattern: ':sub/services', methods: { PUT: putServicesHandler } },
    { name: 'entitle-resource', pattern: ':sub/entitleresource', methods: { POST: entitleResourceHandler } },
    { name: 'cloud-services', pattern: ':sub/cloudservices', methods: { GET: listCloudServicesHandler } },
    {
      name: 'cloud-service',
      pattern: ':sub/cloudservices/:cs',
      methods: {
        PUT: putCloudServiceHandler,
        DELETE: deleteCloudServiceHandler,
        GET: getCloudServiceHandler,
      },
    },
    {
      name: 'collections',
      pattern: JC,
      methods: { GET: checkNameAvailabilityHandler, POST: checkNameAvailabilityHandler },
    },
    {
      name: 'collection',
      pattern: `${JC}/:jc`,
      methods: {
        PUT: putJobCollectionHandler,
        DELETE: deleteJobCollectionHandler,
        GET: getJobCollectionHandler,
      },
    },
    {
      name: 'jobs',
      pattern: `${JC}/:jc/jobs`,
      methods: { GET: listJobsHandler, POST: createJobHandler, PATCH: setAllJobStatesHandler },
    },
    {
      name: 'job',
      pattern: `${JC}/:jc/jobs/:job`,
      methods: { GET: getJobHandler, PUT: putJobHandler, PATCH: patchJobHandler, DELETE: deleteJobHandler },
    },
    { name: 'history', pattern: `${JC}/:jc/jobs/:job/history`, methods: { GET: listJobHistoryHandler } },
    {
      name: 'occurrences',
      pattern: `${JC}/:jc/jobs/:job/occurrences`,
      methods: { GET: listOccurrencesHandler },
    },
    { name: 'run-now', pattern: `${JC}/:jc/jobs/:job/run`, methods: { POST: runJobNowHandler } },
    ...extra,
  ];
}
