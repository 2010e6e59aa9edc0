import assert from 'node:assert/strict';
import { applyChangeToLines } from '../../../src/engine/review/lineEdit';
import { applyTextChange, detectEol, splitLines } from '../../../src/engine/review';

const change = (startLine: number, startCharacter: number, endLine: number, endCharacter: number, text: string) =>
  ({ startLine, startCharacter, endLine, endCharacter, text });

describe('review/text helpers', () => {
  it('splits lines the way VS Code numbers them', () => {
    assert.deepEqual(splitLines(''), ['']);
    assert.deepEqual(splitLines('a\n'), ['a', '']);
    assert.deepEqual(splitLines('a\r\nb\rc\nd'), ['a', 'b', 'c', 'd']);
  });

  it("detects the file's line ending, falling back to another text's, then LF", () => {
    assert.equal(detectEol('a\r\nb\n'), '\r\n');
    assert.equal(detectEol('a\nb\r\n'), '\n');
    assert.equal(detectEol('one line', 'x\r\ny'), '\r\n');
    assert.equal(detectEol('', ''), '\n');
  });

  it('applies a change with VS Code range semantics and refuses positions outside the text', () => {
    assert.equal(applyTextChange('ab\r\ncd', change(0, 1, 1, 1, 'X')), 'aXd');
    assert.equal(applyTextChange('ab\ncd', change(1, 2, 1, 2, '\nef')), 'ab\ncd\nef');
    assert.throws(() => applyTextChange('ab', change(0, 3, 0, 3, 'x')), RangeError);
    assert.throws(() => applyTextChange('ab\ncd', change(1, 1, 0, 1, 'x')), RangeError);
  });
});

describe('review/applyChangeToLines (line-level effect of a change)', () => {
  const lines = ['zero', 'one', 'two', 'three'];
  const effect = (c: ReturnType<typeof change>) => applyChangeToLines(lines, c).edit;

  it('keeps the new lines in step with the text', () => {
    const c = change(1, 1, 2, 2, 'X\nY');
    assert.deepEqual(applyChangeToLines(lines, c).lines, splitLines(applyTextChange(lines.join('\n'), c)));
  });

  it('sees Enter at the end of a line as one new line below it', () => {
    assert.deepEqual(effect(change(1, 3, 1, 3, '\n')), { start: 2, end: 2, count: 1 });
  });

  it('sees a whole-line replacement ending at column 0 as exactly those lines', () => {
    assert.deepEqual(effect(change(1, 0, 3, 0, 'a\nb\nc\n')), { start: 1, end: 3, count: 3 });
    assert.deepEqual(effect(change(1, 0, 3, 0, '')), { start: 1, end: 3, count: 0 });
    assert.deepEqual(effect(change(2, 0, 2, 0, 'new\n')), { start: 2, end: 2, count: 1 });
  });

  it('sees a deletion through the end of the last line, starting at the end of the line above, as those lines', () => {
    assert.deepEqual(effect(change(1, 3, 3, 5, '')), { start: 2, end: 4, count: 0 });
    assert.deepEqual(effect(change(3, 5, 3, 5, '\nfour\nfive')), { start: 4, end: 4, count: 2 });
  });

  it('sees typing inside a line as a change of that line, and an empty change as nothing', () => {
    assert.deepEqual(effect(change(2, 1, 2, 1, 'x')), { start: 2, end: 3, count: 1 });
    assert.deepEqual(effect(change(1, 1, 2, 1, '')), { start: 1, end: 3, count: 1 });
    assert.equal(effect(change(2, 1, 2, 1, '')), null);
  });
});
