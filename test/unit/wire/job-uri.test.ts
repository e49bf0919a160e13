// The job action's URI rule (docs/reference/classic-operations.md §6.4): an absolute http or https
// URI with a host, https for an https action. Schemes of good URIs are remembered
// (src/wire/job/http-request-json.ts): a remembered URI must be judged exactly as a new one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../../../src/domain/errors.js';
import { DEFAULT_WIRE_LIMITS } from '../../../src/domain/limits.js';
import { parseJobDefinition } from '../../../src/wire/job/index.js';

const OPTIONS = {
  mode: 'create',
  limits: DEFAULT_WIRE_LIMITS,
  now: Date.UTC(2026, 11, 5),
  minRetryIntervalTicks: 150_000_000,
} as const;

function parseUri(uri: string, type: 'http' | 'https' = 'http'): string {
  const def = parseJobDefinition({ action: { type, request: { uri, method: 'GET' } } }, OPTIONS);
  if (def.action.type !== 'http' && def.action.type !== 'https') throw new Error('not an http action');
  return def.action.request.uri;
}

function refusal(uri: string, type: 'http' | 'https' = 'http'): string {
  try {
    parseUri(uri, type);
  } catch (e) {
    assert.ok(e instanceof DomainError);
    return `${e.code}: ${e.message}`;
  }
  return 'accepted';
}

const ABSOLUTE = 'BadRequest: action.request.uri: must be an absolute http or https URI';
const HTTPS_ONLY = 'BadRequest: action.request.uri: must be an https URI when the action type is https';

test('good URIs are kept exactly as sent, the first time and again', () => {
  for (const uri of ['http://example.com/a?b=1', 'https://Example.com:8443/x#y', 'http://[::1]:9/']) {
    assert.equal(parseUri(uri), uri);
    assert.equal(parseUri(uri), uri);
  }
  // An https URI with type http was accepted by the retired service.
  assert.equal(parseUri('https://example.com/h'), 'https://example.com/h');
});

test('bad URIs are refused with the field and the rule, however often they are sent', () => {
  for (const uri of [
    'ftp://x/',
    'http://',
    'not a uri',
    'http://a b/',
    ' http://example.com/',
    'file:///etc',
  ]) {
    assert.equal(refusal(uri), ABSOLUTE, uri);
    assert.equal(refusal(uri), ABSOLUTE, uri);
  }
});

test('a remembered http URI is still refused for an https action', () => {
  assert.equal(parseUri('http://remembered.example/'), 'http://remembered.example/');
  assert.equal(refusal('http://remembered.example/', 'https'), HTTPS_ONLY);
  assert.equal(parseUri('https://remembered.example/', 'https'), 'https://remembered.example/');
});

test('the length limit holds for remembered URIs too', () => {
  const long = `http://example.com/${'a'.repeat(DEFAULT_WIRE_LIMITS.maxUriChars)}`;
  assert.match(refusal(long), /action\.request\.uri: must be at most \d+ characters/);
  const fits = `http://example.com/${'b'.repeat(DEFAULT_WIRE_LIMITS.maxUriChars - 19)}`;
  assert.equal(parseUri(fits), fits);
  const tighter = { ...OPTIONS, limits: { ...DEFAULT_WIRE_LIMITS, maxUriChars: 30 } };
  assert.throws(
    () => parseJobDefinition({ action: { type: 'http', request: { uri: fits, method: 'GET' } } }, tighter),
    /must be at most 30 characters/,
  );
});

test('more distinct URIs than the memory holds are all judged alike', () => {
  for (let i = 0; i < 2_500; i++) {
    const uri = `http://host-${i}.example/p`;
    assert.equal(parseUri(uri), uri);
    assert.equal(refusal(`ftp://host-${i}.example/p`), ABSOLUTE);
  }
  assert.equal(parseUri('http://host-0.example/p'), 'http://host-0.example/p');
});
