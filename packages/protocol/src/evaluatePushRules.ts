/**
 * Push rule evaluation (content/client-server-api/modules/push.md, "Push Rules"): which rule
 * of a user's ruleset an event matches first, and what its actions mean. Pure: the caller
 * supplies what the conditions need about the room and the user (`PushContext`).
 */
import { compileGlob, type GlobMatcher } from './globMatch.ts';
import type { PushAction, PushCondition, PushRule, PushRuleset } from './pushRules.ts';

export type PushRuleKind = 'override' | 'content' | 'room' | 'sender' | 'underride';
/** The kinds in the order they are checked. */
export const PUSH_RULE_KINDS: readonly PushRuleKind[] = Object.freeze(['override', 'content', 'room', 'sender', 'underride']);

/** The event as clients see it (type, content, sender, state_key, room_id, ...). */
export type PushEvent = Record<string, unknown> & { type: string; sender: string; room_id: string; content: Record<string, unknown> };

export interface PushContext {
  /** The user whose rules are evaluated. */
  userId: string;
  /** Their display name in the room (contains_display_name); null or empty matches nothing. */
  displayName: string | null;
  /** The room's joined members. */
  memberCount: number;
  /** The sender's power level in the room. */
  senderPowerLevel: number;
  /** The power level needed to notify for a key of `notifications` (e.g. `room`, 50 by default). */
  notificationPowerLevel(key: string): number;
}

export interface PushDecision {
  kind: PushRuleKind;
  ruleId: string;
  /** The rule's actions without the historical `dont_notify` and `coalesce` (shared by every decision of the rule: frozen). */
  actions: readonly PushAction[];
  notify: boolean;
  highlight: boolean;
}

/** The first enabled rule the event matches, with its actions; null when none matches. */
export function evaluatePushRules(ruleset: PushRuleset, event: PushEvent, ctx: PushContext): PushDecision | null {
  for (const kind of PUSH_RULE_KINDS) {
    for (const rule of ruleset[kind]) {
      if (!rule.enabled || !ruleMatches(kind, rule, event, ctx)) continue;
      return { kind, ruleId: rule.rule_id, ...outcomeOf(rule.actions) };
    }
  }
  return null;
}

/** What a rule's actions mean, worked out once per actions array (a server evaluates one ruleset for many events). */
const outcomes = new WeakMap<readonly PushAction[], { actions: readonly PushAction[]; notify: boolean; highlight: boolean }>();
function outcomeOf(ruleActions: readonly PushAction[]): { actions: readonly PushAction[]; notify: boolean; highlight: boolean } {
  let outcome = outcomes.get(ruleActions);
  if (!outcome) {
    const actions = Object.freeze(cleanActions(ruleActions));
    outcomes.set(ruleActions, (outcome = { actions, notify: actions.includes('notify'), highlight: highlightOf(actions) }));
  }
  return outcome;
}

/** Strips the historical actions clients and servers must ignore. */
export function cleanActions(actions: readonly PushAction[]): PushAction[] {
  return actions.filter((a) => a !== 'dont_notify' && a !== 'coalesce');
}

/** A `highlight` tweak with no value, or with the value true. */
export function highlightOf(actions: readonly PushAction[]): boolean {
  return actions.some((a) => typeof a === 'object' && a.set_tweak === 'highlight' && (a.value === undefined || a.value === true));
}

/** The legacy body-based mention rules that an event with `m.mentions` skips (mentions.md). */
const LEGACY_MENTION_RULES = new Set(['.m.rule.contains_display_name', '.m.rule.roomnotif', '.m.rule.contains_user_name']);

function ruleMatches(kind: PushRuleKind, rule: PushRule, event: PushEvent, ctx: PushContext): boolean {
  if (LEGACY_MENTION_RULES.has(rule.rule_id) && hasMentions(event)) return false;
  switch (kind) {
    case 'override':
    case 'underride':
      return (rule.conditions ?? []).every((c) => conditionMatches(c, event, ctx));
    case 'content':
      return typeof rule.pattern === 'string' && bodyMatches(rule.pattern, event);
    case 'room':
      return event.room_id === rule.rule_id;
    case 'sender':
      return event.sender === rule.rule_id;
  }
}

function hasMentions(event: PushEvent): boolean {
  const m = event.content['m.mentions'];
  return m !== null && typeof m === 'object' && !Array.isArray(m);
}

/** One condition; an unrecognised condition matches nothing. */
export function conditionMatches(condition: PushCondition, event: PushEvent, ctx: PushContext): boolean {
  const c = condition as PushCondition & Record<string, unknown>;
  switch (c.kind) {
    case 'event_match': {
      if (typeof c.key !== 'string' || typeof c.pattern !== 'string') return false;
      if (c.key === 'content.body') return bodyMatches(c.pattern, event);
      const value = propertyAt(event, c.key);
      return typeof value === 'string' && compiledGlob(c.pattern)(value.toLowerCase());
    }
    case 'event_property_is': {
      if (typeof c.key !== 'string' || !isScalar(c.value)) return false;
      const value = propertyAt(event, c.key);
      return isScalar(value) && value === c.value;
    }
    case 'event_property_contains': {
      if (typeof c.key !== 'string' || !isScalar(c.value)) return false;
      const value = propertyAt(event, c.key);
      return Array.isArray(value) && value.some((v) => isScalar(v) && v === c.value);
    }
    case 'contains_display_name': {
      const name = ctx.displayName;
      if (!name || hasMentions(event)) return false;
      const body = event.content.body;
      return typeof body === 'string' && findAtWordBoundaries(literalPattern(name), body);
    }
    case 'room_member_count':
      return typeof c.is === 'string' && memberCountMatches(c.is, ctx.memberCount);
    case 'sender_notification_permission':
      return typeof c.key === 'string' && ctx.senderPowerLevel >= ctx.notificationPowerLevel(c.key);
    default:
      return false;
  }
}

/** Compiled event_match patterns (the same few defaults for every user), at most MAX_COMPILED. */
const compiled = new Map<string, GlobMatcher>();
const MAX_COMPILED = 10_000;
function compiledGlob(pattern: string): GlobMatcher {
  let m = compiled.get(pattern);
  if (!m) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(pattern, (m = compileGlob(pattern.toLowerCase(), { questionMark: true })));
  }
  return m;
}

/** Strings, booleans, null and integers in the canonical JSON range. */
function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isSafeInteger(v));
}

/** `is` of room_member_count: a decimal integer with an optional ==, <, >, <= or >= prefix. */
export function memberCountMatches(is: string, count: number): boolean {
  const m = /^(==|<=|>=|<|>)?([0-9]+)$/.exec(is);
  if (!m) return false;
  const n = Number(m[2]);
  switch (m[1]) {
    case '<':
      return count < n;
    case '>':
      return count > n;
    case '<=':
      return count <= n;
    case '>=':
      return count >= n;
    default:
      return count === n;
  }
}

/**
 * The value at a dot-separated property path (appendices, "Dot-separated property paths"):
 * `.` separates keys, `\.` is a literal dot and `\\` a literal backslash.
 */
export function propertyAt(event: Record<string, unknown>, path: string): unknown {
  const keys: string[] = [];
  let key = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i]!;
    if (ch === '\\' && (path[i + 1] === '.' || path[i + 1] === '\\')) {
      key += path[++i]!;
    } else if (ch === '.') {
      keys.push(key);
      key = '';
    } else {
      key += ch;
    }
  }
  keys.push(key);
  let value: unknown = event;
  for (const k of keys) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, k)) return undefined;
    value = (value as Record<string, unknown>)[k];
  }
  return value;
}

function bodyMatches(pattern: string, event: PushEvent): boolean {
  const body = event.content.body;
  return typeof body === 'string' && findAtWordBoundaries(pattern, body);
}

/** A glob pattern matching `text` literally (its `*` and `?` are not wildcards). */
const LITERAL = '\u0000';
function literalPattern(text: string): string {
  return text.replace(/[*?]/g, (ch) => LITERAL + ch);
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9_]/.test(ch);

/**
 * Whether the glob `pattern` matches, case-insensitively, some substring of `text` that
 * starts and ends at a word boundary (the ends of the text, or a character outside
 * [A-Za-z0-9_] before/after it), as content.body matching requires. An automaton over the
 * pattern's positions, run once along the text: pattern x text steps at most, never backtracking.
 * A `?` or `*` preceded by U+0000 (literalPattern) is literal.
 */
export function findAtWordBoundaries(pattern: string, text: string): boolean {
  const tokens: Array<{ t: 'star' | 'any' | 'char'; c: string }> = [];
  const p = pattern.toLowerCase();
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === LITERAL && i + 1 < p.length) tokens.push({ t: 'char', c: p[++i]! });
    else if (ch === '*') tokens.push({ t: 'star', c: '' });
    else if (ch === '?') tokens.push({ t: 'any', c: '' });
    else tokens.push({ t: 'char', c: ch });
  }
  const m = tokens.length;
  const s = text.toLowerCase();
  const n = s.length;
  let active = new Uint8Array(m + 1);
  const close = (set: Uint8Array): void => {
    for (let k = 0; k < m; k++) if (set[k] && tokens[k]!.t === 'star') set[k + 1] = 1;
  };
  for (let i = 0; i <= n; i++) {
    // A match may start here: at the start, or after a non-word character.
    if (i === 0 || !isWordChar(s[i - 1])) active[0] = 1;
    close(active);
    // ... and end here: at the end, or before a non-word character.
    if (active[m] && (i === n || !isWordChar(s[i]))) return true;
    if (i === n) break;
    const next = new Uint8Array(m + 1);
    let any = false;
    const ch = s[i]!;
    for (let k = 0; k < m; k++) {
      if (!active[k]) continue;
      const tok = tokens[k]!;
      if (tok.t === 'star') {
        next[k] = 1;
        any = true;
      } else if (tok.t === 'any' || tok.c === ch) {
        next[k + 1] = 1;
        any = true;
      }
    }
    active = any ? next : new Uint8Array(m + 1);
  }
  return false;
}
