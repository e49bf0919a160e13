// W3C `traceparent` on HTTP actions (Takt extension, docs/executors.md): one trace per occurrence
// (the execution tag), a new parent id per attempt, replacing a job's own header.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { traceparent } from '../../src/executors/http/trace-context.js';
import { header, HttpSink } from '../support/sinks/http-sink.js';
import { attemptContext, harness, httpAction } from './fixtures.js';

let sink: HttpSink;
const { executors } = harness();
const FORMAT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

before(async () => {
  sink = await HttpSink.start();
});
after(async () => {
  await executors.close();
  await sink.close();
});

test('each attempt of an occurrence: same trace id (the execution tag), its own parent id; a job traceparent is replaced', async () => {
  const attempts = [
    attemptContext({ clientRequestId: '0b6d1f0e-2a47-4c1e-9d8e-5f3a7b9c1d2e', retryCount: 0 }),
    attemptContext({ clientRequestId: '9e1a2b3c-4d5e-4f60-8a7b-6c5d4e3f2a1b', retryCount: 1 }),
    attemptContext({ clientRequestId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d', actionName: 'ErrorAction' }),
  ];
  const seen: string[] = [];
  for (const ctx of attempts) {
    const result = await executors.execute(
      httpAction({
        uri: sink.url('/trace'),
        headers: [['TraceParent', '00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbb-01']],
      }),
      ctx,
    );
    assert.equal(result.ok, true, result.message);
    const req = sink.requests.at(-1)!;
    assert.equal(
      req.headers.filter(([n]) => n.toLowerCase() === 'traceparent').length,
      1,
      'the job`s header is replaced',
    );
    const value = header(req, 'traceparent') ?? '';
    const m = FORMAT.exec(value);
    assert.ok(m, value);
    assert.equal(m[1], ctx.executionTag);
    assert.equal(value, traceparent(ctx));
    seen.push(m[2]!);
  }
  assert.equal(new Set(seen).size, 3, 'a new parent id per attempt');
});

test('another occurrence is another trace; ids are never all zero', () => {
  const a = traceparent(attemptContext());
  const b = traceparent(attemptContext({ executionTag: 'd'.repeat(32) }));
  assert.notEqual(FORMAT.exec(a)?.[1], FORMAT.exec(b)?.[1]);
  const zero = traceparent({
    executionTag: '0'.repeat(32),
    clientRequestId: '0b6d1f0e-2a47-4c1e-9d8e-5f3a7b9c1d2e',
  });
  const m = FORMAT.exec(zero);
  assert.ok(m, zero);
  assert.notEqual(m[1], '0'.repeat(32));
  assert.notEqual(m[2], '0'.repeat(16));
  // Upper-case tags (not produced by Takt) still give a valid lower-case trace id.
  assert.match(
    traceparent({ executionTag: 'C4F1D9A0B7E24B6A9F0D3E5A1B2C3D4E', clientRequestId: 'x' }),
    /^00-c4f1d9a0b7e24b6a9f0d3e5a1b2c3d4e-/,
  );
});

test('the parent id is the random part of the attempt`s client request id; other shapes are hashed, never zero', () => {
  const tag = 'c4f1d9a0b7e24b6a9f0d3e5a1b2c3d4e';
  assert.equal(
    traceparent({ executionTag: tag, clientRequestId: '0B6D1F0E-2A47-4C1E-9D8E-5F3A7B9C1D2E' }),
    `00-${tag}-9d8e5f3a7b9c1d2e-01`,
  );
  const zero = FORMAT.exec(
    traceparent({ executionTag: tag, clientRequestId: '00000000-0000-0000-0000-000000000000' }),
  );
  assert.ok(zero);
  assert.notEqual(zero[2], '0'.repeat(16));
  // GUID-shaped but not hexadecimal (a letter past f, a control character): hashed, never copied.
  for (const id of ['0b6d1f0e-2a47-4c1e-9d8e-5f3a7b9c1d2g', '0b6d1f0e-2a47-4c1e-9d8e-5f3a7b9c1d\u00102']) {
    const m = FORMAT.exec(traceparent({ executionTag: tag, clientRequestId: id }));
    assert.ok(m, id);
    assert.notEqual(m[2], id.slice(19, 23) + id.slice(24));
  }
  // A tag that is not 32 hex digits is hashed into one.
  const odd = FORMAT.exec(traceparent({ executionTag: `${tag.slice(0, 31)}\u0010`, clientRequestId: 'x' }));
  assert.ok(odd);
  assert.notEqual(odd[1], tag);
  const other = FORMAT.exec(traceparent({ executionTag: tag, clientRequestId: 'not-a-guid' }));
  assert.ok(other);
  assert.notEqual(
    other[2],
    FORMAT.exec(traceparent({ executionTag: tag, clientRequestId: 'not-a-guid-2' }))?.[2],
  );
});
