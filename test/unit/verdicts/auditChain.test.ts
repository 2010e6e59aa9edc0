import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalJson as engineCanonicalJson } from '../../../src/engine/json';
import type { AuditEvent } from '../../../src/engine/types';
import { canonicalJson, fromJsonLines, hashAuditEvent, toJsonLines, verifyAuditChain } from '../../../src/engine/verdicts/auditChain';

function chain(count: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  let prev: string | null = null;
  for (let i = 1; i <= count; i++) {
    const content = { at: `2026-11-25T12:0${i}:00.000Z`, actor: i % 2 ? 'engine' : 'alice', entity: 'improvement' as const, entityId: 7, action: ['proposed', 'approved', 'applied', 'rolled_back', 'rejected'][i % 5], details: { step: i, nested: { z: 1, a: [1, 'x'] } }, hashBefore: 'ab'.repeat(32), hashAfter: i > 2 ? 'cd'.repeat(32) : null };
    const hash: string = hashAuditEvent(prev, content);
    events.push({ id: i * 10, ...content, prevHash: prev, hash });
    prev = hash;
  }
  return events;
}

describe('verdicts / audit hash chain', () => {
  it('canonical JSON sorts keys at every depth and drops undefined members', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: null }], c: 'x' }, u: undefined }), '{"a":{"c":"x","d":[1,{"e":null,"f":2}]},"b":1}');
    assert.equal(canonicalJson({ x: 1, y: 2 }), canonicalJson({ y: 2, x: 1 }));
    assert.throws(() => canonicalJson({ a: NaN }), /NaN/);
    assert.throws(() => canonicalJson({ a: () => 1 }), /function/);
  });

  it('encodes exactly as the engine\'s own canonicalJson (src/engine/json.ts), so either side can verify the other\'s chain', () => {
    const samples: unknown[] = [null, 0, -1.5e-7, 'é "q" \\ \n', true, [], {}, [1, [2, { b: null, a: 'x' }]], { z: { y: { x: [3, 2, 1] } }, a: undefined, m: 'ü' }];
    for (const v of samples) assert.equal(canonicalJson(v), engineCanonicalJson(v));
    for (const e of chain(3)) assert.equal(canonicalJson({ ...e }), engineCanonicalJson({ ...e }));
  });

  it('hashes sha256(prevHash + canonical JSON of the content fields), ignoring id and chain fields', () => {
    const content = { at: 't', actor: 'a', entity: 'capability' as const, entityId: 1, action: 'x', details: null, hashBefore: null, hashAfter: null };
    const expected = createHash('sha256').update('prev' + '{"action":"x","actor":"a","at":"t","details":null,"entity":"capability","entityId":1,"hashAfter":null,"hashBefore":null}').digest('hex');
    assert.equal(hashAuditEvent('prev', content), expected);
    assert.equal(hashAuditEvent('prev', { ...content, id: 99, prevHash: 'zz', hash: 'yy' } as never), expected);
    assert.notEqual(hashAuditEvent(null, content), expected);
  });

  it('verifies an intact chain and an empty one', () => {
    assert.deepEqual(verifyAuditChain(chain(5)), { ok: true, checked: 5, firstBrokenId: null, reason: 'All 5 events are intact.' });
    assert.equal(verifyAuditChain([]).ok, true);
  });

  it('names the first event whose content was edited afterwards', () => {
    const events = chain(5);
    events[2] = { ...events[2], details: { step: 3, nested: { z: 2, a: [1, 'x'] } } };
    const r = verifyAuditChain(events);
    assert.equal(r.ok, false);
    assert.equal(r.firstBrokenId, 30);
    assert.equal(r.checked, 2);
    assert.match(r.reason, /Event 30 was changed after it was recorded/);
    const actor = chain(5);
    actor[3] = { ...actor[3], actor: 'mallory' };
    assert.equal(verifyAuditChain(actor).firstBrokenId, 40);
  });

  it('detects a removed event, a removed start, and reordering', () => {
    const removed = chain(5).filter((e) => e.id !== 20);
    const r = verifyAuditChain(removed);
    assert.equal(r.firstBrokenId, 30);
    assert.match(r.reason, /removed or inserted/);
    const start = chain(5).slice(1);
    assert.equal(verifyAuditChain(start).firstBrokenId, 20);
    assert.match(verifyAuditChain(start).reason, /start of the trail was removed/);
    assert.equal(verifyAuditChain(start, chain(5)[0].hash).ok, true);
    const swapped = chain(4);
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    assert.equal(verifyAuditChain(swapped).firstBrokenId, 30);
    const renumbered = chain(3).map((e, i) => (i === 2 ? { ...e, id: 5 } : e));
    assert.match(verifyAuditChain(renumbered).reason, /Event 5 is out of order/);
  });

  it('detects a re-hashed edit (the next link breaks) ', () => {
    const events = chain(4);
    const edited = { ...events[1], action: 'approved-by-nobody' };
    edited.hash = hashAuditEvent(edited.prevHash, edited);
    events[1] = edited;
    const r = verifyAuditChain(events);
    assert.equal(r.firstBrokenId, 30);
  });

  it('exports JSON Lines in a fixed field order that reads back and verifies', () => {
    const events = chain(3);
    const text = toJsonLines(events);
    const lines = text.split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[3], '');
    assert.deepEqual(Object.keys(JSON.parse(lines[0])), ['id', 'at', 'actor', 'entity', 'entityId', 'action', 'details', 'hashBefore', 'hashAfter', 'prevHash', 'hash']);
    const back = fromJsonLines(text);
    assert.deepEqual(back, events);
    assert.equal(verifyAuditChain(back).ok, true);
    assert.equal(toJsonLines([]), '');
    assert.throws(() => fromJsonLines('{"id":1}\nnot json\n'), /Line 2/);
  });
});
