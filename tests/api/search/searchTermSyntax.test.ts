import { randomBytes } from 'node:crypto';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, type ApiResponse } from '../../support/client.ts';
import { createRoom, sendText } from '../../support/factories.ts';
import { searchAs } from './searchAs.ts';

const word = (): string => `w${randomBytes(5).toString('hex')}`;

/** 200, or a 400 with a Matrix error: never a 500. */
function answered(res: ApiResponse, term: string): void {
  assert.ok(res.status === 200 || (res.status === 400 && typeof res.body.errcode === 'string'), `${JSON.stringify(term.slice(0, 40))}: ${res.status} ${JSON.stringify(res.body)}`);
}

// Terms that are operators or syntax errors in FTS5 MATCH, PostgreSQL tsquery or SQL LIKE.
const HOSTILE = [
  '"',
  '"unbalanced',
  "it's",
  "'",
  '\\',
  "\\'",
  '%',
  '_',
  '%_%',
  '*',
  'a*',
  '^start',
  '-not',
  'NOT',
  'AND OR NOT',
  'a AND',
  'NEAR(a b, 2)',
  'col:word',
  '{a b}:word',
  '((((',
  '))',
  'a & | ! <-> b',
  '!!',
  ':*',
  'a:*',
  '\u0000',
  `x\u0000y`,
  '😀 \u200b \ufeff',
  '\ud800',
];

onEachDatabase('/search terms are words, never query syntax', (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);
  let w: string;
  before(async () => {
    w = word();
    const roomId = await createRoom(alice);
    await sendText(alice, roomId, `${w} 100%_done (first) "quoted" it's a*b`);
  });

  test('FTS5/tsquery operators, quotes, LIKE wildcards, NUL and unbalanced parentheses answer without a 500', async () => {
    for (const term of HOSTILE) {
      answered(await searchAs(alice, { search_term: term }), term);
      answered(await searchAs(alice, { search_term: `${w} ${term}`, order_by: 'recent' }), term);
    }
  });

  test('operators and wildcards are not operators: they match nothing on their own, and are separators next to words', async () => {
    const count = async (term: string): Promise<number> => {
      const res = await searchAs(alice, { search_term: term });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.search_categories.room_events.results.length;
    };
    for (const term of ['%', '_', '%_%', '*', '"', '((((']) assert.equal(await count(term), 0, term);
    assert.equal(await count(`${w} 100%_done`), 1);
    assert.equal(await count(`"${w}" OR`), 0, 'OR is a word the message does not have, not an operator');
    assert.equal(await count(`${w}*`), 1);
    assert.equal(await count(`${w.slice(0, -1)}*`), 0, 'no prefix matching through *');
    assert.equal(await count(`(${w}) "quoted"`), 1);
  });

  test('a term of 4,096 characters answers; a longer one is 400 M_BAD_JSON', async () => {
    const long = `${w} ` + '(a OR "b* '.repeat(408);
    assert.ok(long.length <= 4096);
    answered(await searchAs(alice, { search_term: long }), long);
    expectError(await searchAs(alice, { search_term: `${w} ${'x'.repeat(10_240)}` }), 400, 'M_BAD_JSON');
    expectError(await searchAs(alice, { search_term: '%'.repeat(10_240) }), 400, 'M_BAD_JSON');
  });
});

onEachDatabase('/publicRooms generic_search_term is literal', (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);
  let w: string;
  let percent: string;
  let plain: string;
  let underscore: string;
  before(async () => {
    w = word();
    const publish = (name: string) => createRoom(alice, { visibility: 'public', preset: 'public_chat', name });
    percent = await publish(`${w} 100% off`);
    plain = await publish(`${w} 100 percent off`);
    underscore = await publish(`${w} snake_case`);
    await publish(`${w} snakeXcase`);
  });

  const search = async (term: string): Promise<string[]> => {
    const res = await alice.api.post('/publicRooms', { filter: { generic_search_term: term } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.chunk.map((c: any) => c.room_id).sort();
  };

  test('% and _ match themselves, not any run or any character', async () => {
    assert.deepEqual(await search('100%'), [percent]);
    assert.deepEqual(await search('%'), [percent]);
    assert.deepEqual(await search('snake_case'), [underscore]);
    assert.deepEqual(await search('_'), [underscore]);
    assert.deepEqual(await search(`${w}%`), []);
    assert.deepEqual(await search(`${w} 100`), [percent, plain].sort());
    for (const term of ['*', '.*', '[a-z]', '\\', "'", '"', '((', '\u0000']) assert.deepEqual(await search(term), [], term);
  });

  test('an overlong term or room type is 400 M_BAD_JSON', async () => {
    expectError(await alice.api.post('/publicRooms', { filter: { generic_search_term: 'x'.repeat(1025) } }), 400, 'M_BAD_JSON');
    expectError(await alice.api.post('/publicRooms', { filter: { room_types: ['x'.repeat(256)] } }), 400, 'M_BAD_JSON');
    expectError(await alice.api.post('/publicRooms', { filter: { room_types: Array.from({ length: 101 }, () => null) } }), 400, 'M_BAD_JSON');
  });
});
