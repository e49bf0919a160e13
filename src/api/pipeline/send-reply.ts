import type { Stage } from './stage.js';

const XML = 'application/xml; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/** Writes the handler's outcome (or the rendered failure) to the wire. */
export const sendReply: Stage = ({ reply, outcome, failure }) => {
  if (failure !== undefined) {
    if (failure.headers) reply.headers(failure.headers);
    void reply.code(failure.status).header('content-type', failure.contentType).send(failure.body);
    return;
  }
  if (outcome === undefined) throw new Error('no outcome to send');
  reply.code(outcome.status);
  if (outcome.etag !== undefined) reply.header('etag', outcome.etag);
  if (outcome.headers) reply.headers(outcome.headers);
  if (outcome.jsonText !== undefined) {
    void reply.header('content-type', JSON_TYPE).send(outcome.jsonText);
  } else if (outcome.json !== undefined) {
    void reply.header('content-type', JSON_TYPE).send(JSON.stringify(outcome.json));
  } else if (outcome.xml !== undefined) {
    void reply.header('content-type', XML).send(outcome.xml);
  } else if (outcome.status === 204) {
    // RFC 9110 §8.6: no Content-Length in a 204 (P5, HEAD of a resource group).
    void reply.send();
  } else {
    void reply.header('content-length', '0').send();
  }
};
