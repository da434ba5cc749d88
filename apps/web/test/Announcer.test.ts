import { describe, expect, it } from 'vitest';
import { Announcer, type Clock, type Politeness } from '../src/viewModels/Announcer.ts';

function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => void (timers = timers.filter((t) => t.id !== id)),
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      due.forEach((t) => t.fn());
    },
  };
}

describe('Announcer', () => {
  it('says a lone message at once, then coalesces a burst into one summary per interval', () => {
    const clock = manualClock();
    const said: [string, Politeness][] = [];
    const announcer = new Announcer((text, p) => said.push([text, p]), clock, 2000);
    announcer.message('Alice', 'hello', false);
    expect(said).toEqual([['Alice: hello', 'polite']]);
    announcer.message('Bob', 'one', false);
    announcer.message('Alice', 'two', false);
    announcer.message('Bob', 'three', false);
    expect(said).toHaveLength(1);
    clock.advance(2000);
    expect(said[1]).toEqual(['3 new messages from Bob and Alice', 'polite']);
  });

  it('says mentions assertively, apart from the polite summary', () => {
    const clock = manualClock();
    const said: [string, Politeness][] = [];
    const announcer = new Announcer((text, p) => said.push([text, p]), clock, 2000);
    announcer.message('Alice', 'hi', false);
    announcer.message('Bob', 'me: look', true);
    expect(said).toEqual([
      ['Alice: hi', 'polite'],
      ['Bob mentioned you: me: look', 'assertive'],
    ]);
  });

  it('drops pending announcements on reset (room switch)', () => {
    const clock = manualClock();
    const said: string[] = [];
    const announcer = new Announcer((text) => said.push(text), clock, 2000);
    announcer.message('Alice', 'a', false);
    announcer.message('Alice', 'b', false);
    announcer.reset();
    clock.advance(5000);
    expect(said).toEqual(['Alice: a']);
  });
});
