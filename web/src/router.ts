/** Hash routes: #/, #/collections, #/jobs/{cs}/{jc}, #/job/{cs}/{jc}/{id}, #/new/{cs}/{jc}, #/edit/{cs}/{jc}/{id}. */
import type { CollectionRef } from './api/types.js';

export type Route =
  | { readonly page: 'overview' }
  | { readonly page: 'collections' }
  | { readonly page: 'signin' }
  | { readonly page: 'jobs'; readonly c: CollectionRef }
  | { readonly page: 'job'; readonly c: CollectionRef; readonly id: string }
  | { readonly page: 'form'; readonly c: CollectionRef; readonly id?: string };

const enc = encodeURIComponent;

export function parseRoute(hash: string): Route {
  const [name = '', ...rest] = hash
    .replace(/^#\/?/, '')
    .split('/')
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const c = { cloudService: rest[0] ?? '', collection: rest[1] ?? '' };
  switch (name) {
    case 'collections':
      return { page: 'collections' };
    case 'signin':
      return { page: 'signin' };
    case 'jobs':
      return { page: 'jobs', c };
    case 'job':
      return { page: 'job', c, id: rest[2] ?? '' };
    case 'new':
      return { page: 'form', c };
    case 'edit':
      return { page: 'form', c, id: rest[2] ?? '' };
    default:
      return { page: 'overview' };
  }
}

const cPath = (c: CollectionRef) => `${enc(c.cloudService)}/${enc(c.collection)}`;
export const href = {
  overview: () => '#/',
  collections: () => '#/collections',
  jobs: (c: CollectionRef) => `#/jobs/${cPath(c)}`,
  job: (c: CollectionRef, id: string) => `#/job/${cPath(c)}/${enc(id)}`,
  newJob: (c: CollectionRef) => `#/new/${cPath(c)}`,
  edit: (c: CollectionRef, id: string) => `#/edit/${cPath(c)}/${enc(id)}`,
};

export function go(to: string): void {
  location.hash = to;
}

/** The tab's title on a route: what the page is, then the product (read first by screen readers too). */
export function titleOf(route: Route): string {
  const page = ((): string => {
    switch (route.page) {
      case 'collections':
        return 'Job collections';
      case 'signin':
        return 'Sign in';
      case 'jobs':
        return `Jobs of ${route.c.collection}`;
      case 'job':
        return `Job ${route.id}`;
      case 'form':
        return route.id ? `Edit job ${route.id}` : 'New job';
      default:
        return 'Overview';
    }
  })();
  return `${page} · Takt`;
}
