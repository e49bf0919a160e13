// One real `takt serve` (SQLite) with a local HTTP sink, Debian's chromium through playwright-core,
// and a direct API client (Bearer token from connection.json) to arrange data and check results.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServe, type ServeProcess } from '../../cli/support/cli-server.js';
import { HttpSink } from '../../support/sinks/http-sink.js';
import { httpsRequest } from '../../../support/https-request.js';

export const SHOTS = new URL('../../../test-output/', import.meta.url).pathname;
const BUNDLE = new URL('../../../dist/web/app.js', import.meta.url).pathname;

export interface Harness {
  readonly serve: ServeProcess;
  readonly sink: HttpSink;
  readonly browser: Browser;
  readonly token: string;
  api(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: string; json: ReturnType<typeof JSON.parse> }>;
  /** A signed-in page at `width` × `height`. */
  signedInPage(width?: number, height?: number): Promise<Page>;
  /** `timezoneId`: the browser's own zone (default: the machine's). */
  newContext(width?: number, height?: number, timezoneId?: string): Promise<BrowserContext>;
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export const jc = (cs: string, c: string) => `cloudservices/${cs}/resources/scheduler/~/JobCollections/${c}`;

export async function startHarness(): Promise<Harness> {
  assert.ok(existsSync(BUNDLE), 'dist/web/app.js is missing: run `npm run build` first');
  mkdirSync(SHOTS, { recursive: true });
  const sink = await HttpSink.start();
  const serve = await startServe();
  const conn = JSON.parse(readFileSync(serve.profile, 'utf8')) as {
    token: string;
    subscriptionId: string;
    caCertPath: string;
  };
  const ca = readFileSync(conn.caCertPath, 'utf8');
  const browser = await chromium
    .launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    })
    .catch(async (err: unknown) => {
      // No browser, no harness: the server and the sink must not outlive the failed hook.
      await serve.stop();
      await sink.close();
      throw err;
    });
  const h: Harness = {
    serve,
    sink,
    browser,
    token: conn.token,
    async api(method, path, body) {
      const xml = typeof body === 'string';
      const a = await httpsRequest(`${serve.url}/${conn.subscriptionId}/${path}`, {
        method,
        ca,
        headers: {
          authorization: `Bearer ${conn.token}`,
          'x-ms-version': '2013-03-01',
          ...(body !== undefined ? { 'content-type': xml ? 'application/xml' : 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: xml ? body : JSON.stringify(body) } : {}),
      });
      let json: ReturnType<typeof JSON.parse>;
      try {
        json = JSON.parse(a.body);
      } catch {
        json = undefined;
      }
      return { status: a.status, body: a.body, json };
    },
    newContext: (width = 1280, height = 900, timezoneId?: string) =>
      browser.newContext({
        ignoreHTTPSErrors: true,
        viewport: { width, height },
        ...(timezoneId !== undefined ? { timezoneId } : {}),
      }),
    async signedInPage(width, height) {
      const ctx = await h.newContext(width, height);
      const page = await ctx.newPage();
      await page.goto(`${serve.url}/`);
      await page.getByLabel('API token').fill(conn.token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      return page;
    },
    shot: async (page, name) => {
      await page.screenshot({ path: `${SHOTS}dashboard-${name}.png`, fullPage: true });
    },
    async close() {
      await browser.close();
      await serve.stop();
      await sink.close();
    },
  };
  return h;
}

/** A cloud service and a collection, through the API. */
export async function seedCollection(
  h: Harness,
  cs: string,
  name: string,
  plan = 'Standard',
  maxJobs?: number,
) {
  const ns = 'xmlns="http://schemas.microsoft.com/windowsazure"';
  const put = await h.api(
    'PUT',
    `cloudservices/${cs}`,
    `<CloudService ${ns}><Label>${cs}</Label><Description/><GeoRegion>West Europe</GeoRegion></CloudService>`,
  );
  assert.ok(put.status < 300 || put.status === 409, put.body);
  const quota = maxJobs ? `<Quota><MaxJobCount>${maxJobs}</MaxJobCount></Quota>` : '';
  const jcPut = await h.api(
    'PUT',
    `cloudservices/${cs}/resources/scheduler/JobCollections/${name}`,
    `<Resource ${ns}><SchemaVersion>1.1</SchemaVersion><IntrinsicSettings><Plan>${plan}</Plan>${quota}</IntrinsicSettings></Resource>`,
  );
  assert.ok(jcPut.status < 300, jcPut.body);
}

/** A job as GET returns it, without the status (which changes with every run). */
export function definitionOf(job: Record<string, unknown>): Record<string, unknown> {
  const { status: _s, ...rest } = job;
  return rest;
}

/** `ms` from now as the API's UTC date-time, to the second. */
export const isoIn = (ms: number) => new Date(Date.now() + ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** What a suite of one harness and one signed-in page gives its tests (after `before` ran). */
export interface DashboardSuite {
  readonly h: Harness;
  readonly page: Page;
  /** A fresh page load of `hash` (the app keeps its state while the hash stays the same). */
  open(hash: string): Promise<void>;
}

/**
 * Registers the suite's before/after: a harness with the collection `cs`/`collection` and a
 * signed-in page, closed after the suite. Call it inside `describe`.
 */
export function dashboardSuite(cs = 'web', collection = 'main'): DashboardSuite {
  let harness: Harness | undefined;
  let signedIn: Page | undefined;
  const ready = <T>(value: T | undefined): T => {
    assert.ok(value !== undefined, 'the dashboard suite is used before its `before` hook ran');
    return value;
  };
  before(async () => {
    harness = await startHarness();
    await seedCollection(harness, cs, collection);
    signedIn = await harness.signedInPage();
  });
  after(async () => {
    await harness?.close();
  });
  return {
    get h() {
      return ready(harness);
    },
    get page() {
      return ready(signedIn);
    },
    async open(hash) {
      const page = ready(signedIn);
      await page.goto('about:blank');
      await page.goto(`${ready(harness).serve.url}/${hash}`);
    },
  };
}

/**
 * The time the first chart's legend shows with the cursor over a run: the cursor sweeps the chart
 * until the legend holds a time ('' when it never did).
 */
export async function legendTimeUnderCursor(tab: Page): Promise<string> {
  const at = await tab.locator('.chart').first().boundingBox();
  assert.ok(at);
  const legendTime = tab.locator('.u-legend .u-series').first().locator('.u-value');
  let shown = '';
  for (let x = 0.05; x < 1 && !/\d/.test(shown); x += 0.1) {
    await tab.mouse.move(at.x + at.width * x, at.y + at.height / 2);
    shown = (await legendTime.textContent()) ?? '';
  }
  return shown;
}
