import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError } from '../../support/client.ts';

const P = '/pushrules/global';

onEachDatabase('push rules CRUD', (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);

  const ids = async (kind: string): Promise<string[]> => ((await alice.api.get(`${P}/`)).body[kind] as Array<{ rule_id: string }>).map((x) => x.rule_id);

  test('a content rule is created, read, ordered with before/after, and deleted', async () => {
    const put = (id: string, q = '') => alice.api.put(`${P}/content/${id}${q}`, { pattern: id, actions: ['notify'] });
    assert.equal((await put('cake')).status, 200);
    assert.equal((await put('tea')).status, 200);
    assert.deepEqual((await ids('content')).slice(0, 2), ['tea', 'cake'], 'a new rule is the most important');
    assert.equal((await put('pie', '?after=tea')).status, 200);
    assert.deepEqual((await ids('content')).slice(0, 3), ['tea', 'pie', 'cake']);
    assert.equal((await put('jam', '?before=tea')).status, 200);
    assert.deepEqual((await ids('content')).slice(0, 4), ['jam', 'tea', 'pie', 'cake']);
    assert.equal((await put('bun', '?before=cake&after=jam')).status, 200);
    assert.deepEqual((await ids('content')).slice(0, 5), ['jam', 'tea', 'pie', 'bun', 'cake'], 'before wins');
    const got = await alice.api.get(`${P}/content/cake`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, { rule_id: 'cake', default: false, enabled: true, pattern: 'cake', actions: ['notify'] });
    expectError(await put('scone', '?before=nope'), 400, 'M_UNKNOWN');
    expectError(await put('scone', '?after=.m.rule.master'), 400, 'M_UNKNOWN');
    for (const id of ['jam', 'tea', 'pie', 'bun', 'cake']) assert.equal((await alice.api.delete(`${P}/content/${id}`)).status, 200);
    expectError(await alice.api.get(`${P}/content/cake`), 404, 'M_NOT_FOUND');
    expectError(await alice.api.delete(`${P}/content/cake`), 404, 'M_NOT_FOUND');
  });

  test('every refusal', async () => {
    expectError(await alice.api.put(`${P}/nonsense/x`, { actions: [] }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.get(`${P}/nonsense/x`), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`${P}/override/.mine`, { conditions: [], actions: [] }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`${P}/override/a%2Fb`, { conditions: [], actions: [] }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`${P}/override/a%5Cb`, { conditions: [], actions: [] }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`${P}/override/x`, { actions: [] }), 400, 'M_MISSING_PARAM');
    expectError(await alice.api.put(`${P}/underride/x`, { conditions: 'no', actions: [] }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`${P}/underride/x`, { conditions: [{ key: 'type' }], actions: [] }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`${P}/content/x`, { actions: ['notify'] }), 400, 'M_MISSING_PARAM');
    expectError(await alice.api.put(`${P}/content/x`, { pattern: 'x' }), 400, 'M_MISSING_PARAM');
    expectError(await alice.api.put(`${P}/content/x`, { pattern: 'x', actions: ['shout'] }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`${P}/content/x`, { pattern: 'x', actions: 'notify' }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`${P}/room/not-a-room`, { actions: [] }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`${P}/sender/not-a-user`, { actions: [] }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.delete(`${P}/override/.m.rule.master`), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.get(`${P}/override/nope`), 404, 'M_NOT_FOUND');
    expectError(await alice.api.get(`${P}/override/nope/enabled`), 404, 'M_NOT_FOUND');
    expectError(await alice.api.put(`${P}/override/nope/enabled`, { enabled: true }), 404, 'M_NOT_FOUND');
    expectError(await alice.api.put(`${P}/override/nope/actions`, { actions: [] }), 404, 'M_NOT_FOUND');
    expectError(await alice.api.put(`${P}/override/.m.rule.master/enabled`, { enabled: 'yes' }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`${P}/override/.m.rule.master/enabled`, {}), 400, 'M_MISSING_PARAM');
    expectError(await alice.api.put(`${P}/override/.m.rule.master/actions`, { actions: [{ tweak: 1 }] }), 400, 'M_INVALID_PARAM');
  });

  test('a default rule can be disabled and given new actions, persisted and in m.push_rules account data', async () => {
    const initial = await alice.api.get('/sync?timeout=0');
    const inInitial = (initial.body.account_data.events as Array<{ type: string; content: { global: { underride: Array<{ rule_id: string }> } } }>).find(
      (e) => e.type === 'm.push_rules',
    );
    assert.ok(inInitial, 'initial sync carries m.push_rules');
    assert.ok(inInitial.content.global.underride.some((x) => x.rule_id === '.m.rule.message'));
    assert.equal((await alice.api.put(`${P}/underride/.m.rule.message/enabled`, { enabled: false })).status, 200);
    assert.equal((await alice.api.put(`${P}/underride/.m.rule.message/actions`, { actions: ['notify', { set_tweak: 'sound', value: 'ding' }] })).status, 200);
    assert.deepEqual((await alice.api.get(`${P}/underride/.m.rule.message/enabled`)).body, { enabled: false });
    assert.deepEqual((await alice.api.get(`${P}/underride/.m.rule.message/actions`)).body, { actions: ['notify', { set_tweak: 'sound', value: 'ding' }] });
    const rule = (await alice.api.get(`${P}/underride/.m.rule.message`)).body;
    assert.equal(rule.default, true);
    assert.equal(rule.enabled, false);
    const next = await alice.api.get(`/sync?timeout=0&since=${initial.body.next_batch}`);
    const ad = (next.body.account_data?.events ?? []) as Array<{ type: string; content: { global: { underride: Array<{ rule_id: string; enabled: boolean }> } } }>;
    const rules = ad.find((e) => e.type === 'm.push_rules');
    assert.ok(rules, 'the change reaches /sync as m.push_rules');
    assert.equal(rules.content.global.underride.find((x) => x.rule_id === '.m.rule.message')?.enabled, false);
    const fresh = await alice.api.get('/sync?timeout=0');
    const again = (fresh.body.account_data.events as Array<{ type: string; content: { global: { underride: Array<{ rule_id: string; enabled: boolean }> } } }>).find(
      (e) => e.type === 'm.push_rules',
    );
    assert.equal(again?.content.global.underride.find((x) => x.rule_id === '.m.rule.message')?.enabled, false);
    assert.equal((await alice.api.put(`${P}/underride/.m.rule.message/enabled`, { enabled: true })).status, 200);
    const global = await alice.api.get(`${P}/`);
    assert.equal(global.status, 200);
    assert.ok(Array.isArray(global.body.override));
  });

  test('user override rules come after .m.rule.master and before the other defaults; enabled on a user rule', async () => {
    assert.equal((await alice.api.put(`${P}/override/mine`, { conditions: [{ kind: 'event_match', key: 'type', pattern: 'x.y' }], actions: [] })).status, 200);
    assert.deepEqual((await ids('override')).slice(0, 3), ['.m.rule.master', 'mine', '.m.rule.suppress_notices']);
    assert.equal((await alice.api.put(`${P}/override/mine/enabled`, { enabled: false })).status, 200);
    assert.deepEqual((await alice.api.get(`${P}/override/mine/enabled`)).body, { enabled: false });
    assert.equal((await alice.api.put(`${P}/override/mine/actions`, { actions: ['notify'] })).status, 200);
    assert.deepEqual((await alice.api.get(`${P}/override/mine`)).body.actions, ['notify']);
    assert.equal((await alice.api.delete(`${P}/override/mine`)).status, 200);
  });
});
