import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventPatternProblem, InvalidEventPattern, matchesEventPattern } from '../../../src/flows/eventPattern';

// Cases follow the Amazon EventBridge User Guide: "Amazon EventBridge event patterns" (eb-event-patterns.html)
// and "Content filtering in Amazon EventBridge event patterns" (eb-create-pattern-operators.html).
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated', 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.123', location: null, empty: '' },
};

const m = (pattern: unknown, event: unknown = ec2Event): boolean => matchesEventPattern(pattern, event);

describe('EventBridge event patterns (eb-event-patterns.html)', () => {
  test('every field of the pattern must match; fields not in the pattern are ignored', () => {
    assert.equal(m({ source: ['aws.ec2'] }), true);
    assert.equal(m({ source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] }), true);
    assert.equal(m({ source: ['aws.ec2'], 'detail-type': ['Other'] }), false);
  });
  test('a list of values matches when any value matches', () => {
    assert.equal(m({ detail: { state: ['running', 'terminated'] } }), true);
    assert.equal(m({ detail: { state: ['running', 'pending'] } }), false);
  });
  test('an array in the event matches when any element matches', () => {
    assert.equal(m({ resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0', 'x'] }), true);
    assert.equal(m({ resources: ['x'] }), false);
  });
  test('matching is exact and case-sensitive; numbers compare as numbers, not strings', () => {
    assert.equal(m({ source: ['AWS.EC2'] }), false);
    assert.equal(m({ detail: { 'c-count': [5] } }), true);
    assert.equal(m({ detail: { 'c-count': ['5'] } }), false);
  });
  test('null and empty-string values match [null] and [""]', () => {
    assert.equal(m({ detail: { location: [null] } }), true);
    assert.equal(m({ detail: { empty: [''] } }), true);
    assert.equal(m({ detail: { empty: [null] } }), false);
  });
  test('a pattern field absent from the event does not match', () => {
    assert.equal(m({ detail: { missing: ['x'] } }), false);
  });
});

describe('EventBridge content filters (eb-create-pattern-operators.html)', () => {
  test('prefix, including equals-ignore-case prefix', () => {
    assert.equal(m({ time: [{ prefix: '2017-12-22' }] }), true);
    assert.equal(m({ time: [{ prefix: '2018' }] }), false);
    assert.equal(m({ source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] }), true);
  });
  test('suffix, including equals-ignore-case suffix', () => {
    assert.equal(m({ 'detail-type': [{ suffix: 'Notification' }] }), true);
    assert.equal(m({ 'detail-type': [{ suffix: { 'equals-ignore-case': 'NOTIFICATION' } }] }), true);
    assert.equal(m({ 'detail-type': [{ suffix: 'notification' }] }), false);
  });
  test('anything-but with a value, a list, a prefix, a suffix, equals-ignore-case and a wildcard', () => {
    assert.equal(m({ detail: { state: [{ 'anything-but': 'initializing' }] } }), true);
    assert.equal(m({ detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } }), false);
    assert.equal(m({ detail: { 'c-count': [{ 'anything-but': [1, 2] }] } }), true);
    assert.equal(m({ detail: { state: [{ 'anything-but': { prefix: 'term' } }] } }), false);
    assert.equal(m({ detail: { state: [{ 'anything-but': { suffix: 'ing' } }] } }), true);
    assert.equal(m({ detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['TERMINATED'] } }] } }), false);
    assert.equal(m({ detail: { state: [{ 'anything-but': { wildcard: 'term*' } }] } }), false);
  });
  test('anything-but does not match a field the event does not have', () => {
    assert.equal(m({ detail: { missing: [{ 'anything-but': 'x' }] } }), false);
  });
  test('numeric ranges', () => {
    assert.equal(m({ detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ numeric: ['=', 301.8] }] } }), true);
    assert.equal(m({ detail: { 'c-count': [{ numeric: ['>', 5] }] } }), false);
    assert.equal(m({ detail: { state: [{ numeric: ['>', 0] }] } }), false);
  });
  test('exists true and false', () => {
    assert.equal(m({ detail: { state: [{ exists: true }] } }), true);
    assert.equal(m({ detail: { missing: [{ exists: false }] } }), true);
    assert.equal(m({ detail: { state: [{ exists: false }] } }), false);
    // exists works on leaves only: an object value is not a present leaf.
    assert.equal(m({ detail: [{ exists: true }] }), false);
  });
  test('equals-ignore-case', () => {
    assert.equal(m({ 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] }), true);
  });
  test('wildcard, with escaped stars', () => {
    assert.equal(m({ resources: [{ wildcard: 'arn:aws:ec2:*:123456789012:instance/*' }] }), true);
    assert.equal(m({ resources: [{ wildcard: 'arn:aws:s3:*' }] }), false);
    assert.equal(matchesEventPattern({ k: [{ wildcard: 'a\\*b' }] }, { k: 'a*b' }), true);
    assert.equal(matchesEventPattern({ k: [{ wildcard: 'a\\*b' }] }, { k: 'axb' }), false);
  });
  test('cidr, IPv4 and IPv6', () => {
    assert.equal(m({ detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }), true);
    assert.equal(m({ detail: { 'source-ip': [{ cidr: '10.0.1.0/24' }] } }), false);
    assert.equal(matchesEventPattern({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db8:0:0:0:0:0:1' }), true);
    assert.equal(matchesEventPattern({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db9::1' }), false);
  });
  test('$or combines sub-patterns', () => {
    assert.equal(m({ detail: { $or: [{ 'c-count': [{ numeric: ['>', 10] }] }, { 'd-count': [{ numeric: ['<', 5] }] }] } }), true);
    assert.equal(m({ $or: [{ source: ['aws.s3'] }, { 'detail-type': ['Other'] }] }), false);
  });
});

describe('EventBridge rejects malformed patterns (InvalidEventPatternException)', () => {
  test('a leaf that is not a list, unknown filters, bad numeric operators', () => {
    assert.throws(() => m({ source: 'aws.ec2' }), InvalidEventPattern);
    assert.match(eventPatternProblem({ source: [{ startsWith: 'a' }] }) ?? '', /unknown content filter "startsWith"/);
    assert.match(eventPatternProblem({ n: [{ numeric: ['>>', 1] }] }) ?? '', /no operator/);
    assert.match(eventPatternProblem({ n: [{ wildcard: 'a**b' }] }) ?? '', /consecutive/);
    assert.equal(eventPatternProblem({ source: ['aws.ec2'], detail: { state: [{ 'anything-but': ['a'] }] } }), undefined);
  });
});
