import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { call, startServe } from './support/serve-process.js';
const mode = process.env.MODE ?? 'PUT';
const body = JSON.stringify({
  startTime: '2027-01-01T00:00:00Z',
  action: { type: 'http', request: { uri: 'http://127.0.0.1:9/x', method: 'POST', body: 'hello' } },
  recurrence: { frequency: 'day', interval: 1 },
  state: 'disabled',
});
const sp = await startServe([], { TAKT_API_RATE_LIMIT: '0', ...(process.env.SO ? { NODE_OPTIONS: process.env.SO } : {}) });
spawnSync('taskset', ['-a', '-p', '-c', '0', String(sp.child.pid)]);
spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)]);
const sub = sp.connection.subscriptionId;
await call(sp, 'PUT', `/${sub}/CloudServices/bench`, '<CloudService xmlns="http://schemas.microsoft.com/windowsazure"><Label>bench</Label><Description>bench</Description><GeoRegion>West Europe</GeoRegion></CloudService>', 'application/xml');
await call(sp, 'PUT', `/${sub}/cloudservices/bench/resources/scheduler/JobCollections/jc`, '<Resource xmlns="http://schemas.microsoft.com/windowsazure"><IntrinsicSettings><Plan>Premium</Plan></IntrinsicSettings></Resource>', 'application/xml');
const jobPath = `/${sub}/cloudservices/bench/resources/scheduler/~/JobCollections/jc/jobs/j1`;
const put = await call(sp, 'PUT', jobPath, body);
if (put.status !== 201) throw new Error(String(put.status));
const arm = process.env.ARM === '1';
const armBody = JSON.stringify({ properties: { startTime: '2027-01-01T00:00:00Z', action: { type: 'Http', request: { uri: 'http://127.0.0.1:9/x', method: 'POST', body: 'hello' } }, recurrence: { frequency: 'Day', interval: 1 }, state: 'Disabled' } });
const armUrl = new URL(`/subscriptions/${sub}/resourceGroups/bench/providers/Microsoft.Scheduler/jobCollections/jc/jobs/j2?api-version=2016-03-01`, sp.connection.url).toString();
const armHeaders = { authorization: `Bearer ${sp.connection.token}`, 'content-type': 'application/json' };
if (arm) { const a = await autocannon({ url: armUrl, method: 'PUT', amount: 1, connections: 1, headers: armHeaders, body: armBody, tlsOptions: sp.tls }); if (a['2xx'] !== 1) throw new Error('arm'); }
const url = arm ? armUrl : new URL(jobPath, sp.connection.url).toString();
const { processCpuMs } = await import('./support/process-cpu.js');
const c0 = processCpuMs(sp.child.pid)!;
const r = await autocannon({ url, method: mode as 'PUT', connections: 32, duration: Number(process.env.SECS ?? 10), headers: arm ? armHeaders : { 'x-ms-version': '2013-03-01', 'content-type': 'application/json' }, ...(mode === 'PUT' ? { body: arm ? armBody : body } : {}), tlsOptions: sp.tls });
const c1 = processCpuMs(sp.child.pid)!;
console.log('us/req', ((c1 - c0) * 1000 / r.requests.total).toFixed(1));
console.log(mode, 'req/s', r.requests.average, 'non2xx', r.non2xx, 'errors', r.errors);
await sp.stop();
