import type { ElementHandle, Frame, Locator, Page } from 'playwright-core';

/** Every Playwright call that moves, presses or taps a pointer (check/uncheck/setChecked click the box). */
const POINTER_METHODS = ['click', 'dblclick', 'hover', 'tap', 'dragTo', 'dragAndDrop', 'check', 'uncheck', 'setChecked'] as const;
/** Synthetic events that stand for a pointer; `dispatchEvent` of any other type (input, keydown...) stays allowed. */
const POINTER_EVENT = /^(click|dblclick|auxclick|contextmenu|mouse|pointer|touch|drag|drop|wheel)/i;
/** Trusted events only a pointer produces (a key press that activates a button fires `click`, never these). */
const RECORDED = ['pointerdown', 'pointerup', 'pointermove', 'mousedown', 'mouseup', 'mousemove', 'wheel', 'touchstart', 'touchend', 'dragstart'];

/** Forbidden pages, with the trusted pointer events each has seen since. */
const forbidden = new WeakMap<Page, string[]>();
const patched = new WeakSet<object>();
const BINDING = '__parleyPointerEvent';

/** What forbidMouse() leaves on the page: the trusted pointer events the page saw anyway. */
export interface MouseGuard {
  /** Event types, in order, of trusted pointer events since forbidMouse() (none in a keyboard-only test). */
  readonly pointerEvents: string[];
  /** Throws when the page saw any trusted pointer event. */
  assertNoPointerEvents(): void;
}

function refusal(api: string): Error {
  return new Error(`forbidMouse: ${api} uses the mouse (or touch), and this test is keyboard-only; use page.keyboard, locator.press() or locator.focus()`);
}

type AnyFn = (...args: unknown[]) => unknown;

/** Wraps `names` on a prototype once: the call is refused when `pageOf(this)` is forbidden. */
function guardPrototype(proto: object, kind: string, pageOf: (self: never) => Page | null | Promise<Page | null>, eventTypeArg: number): void {
  if (patched.has(proto)) return;
  patched.add(proto);
  const target = proto as Record<string, AnyFn>;
  for (const name of [...POINTER_METHODS, 'dispatchEvent'] as const) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = async function (this: never, ...args: unknown[]) {
      const isPointer = name !== 'dispatchEvent' || POINTER_EVENT.test(String(args[eventTypeArg]));
      if (isPointer) {
        const page = await pageOf(this);
        if (page && forbidden.has(page)) throw refusal(`${kind}.${name}(${name === 'dispatchEvent' ? JSON.stringify(args[eventTypeArg]) : ''})`);
      }
      return original.apply(this, args);
    };
  }
}

/**
 * Makes every pointer API on `page` fail, so a keyboard-only test cannot use one by mistake:
 * `page.mouse` and `page.touchscreen` throw when read; `click`, `dblclick`, `hover`, `tap`,
 * `dragTo`/`dragAndDrop`, `check`, `uncheck`, `setChecked` and `dispatchEvent` of a pointer
 * event reject on the page, its frames, its locators (getByRole, getByLabel, frameLocator...)
 * and its element handles. Other pages are unaffected. As a second line, the page reports
 * trusted pointer events (a mouse obtained before this call still moves the real pointer):
 * see MouseGuard. Call it before the test's first action; it lasts for the page's life.
 */
export async function forbidMouse(page: Page): Promise<MouseGuard> {
  let pointerEvents = forbidden.get(page);
  if (!pointerEvents) {
    const seen: string[] = (pointerEvents = []);
    forbidden.set(page, seen);
    for (const prop of ['mouse', 'touchscreen'] as const) {
      Object.defineProperty(page, prop, {
        configurable: true,
        get() {
          throw refusal(`page.${prop}`);
        },
      });
    }
    for (const name of [...POINTER_METHODS, 'dispatchEvent'] as const) {
      const original = (page as unknown as Record<string, AnyFn>)[name];
      if (typeof original !== 'function') continue;
      Object.defineProperty(page, name, {
        configurable: true,
        value: async (...args: unknown[]) => {
          if (name !== 'dispatchEvent' || POINTER_EVENT.test(String(args[1]))) throw refusal(`page.${name}(${name === 'dispatchEvent' ? JSON.stringify(args[1]) : ''})`);
          return original.apply(page, args);
        },
      });
    }
    // Locators, frames and element handles share prototypes across pages: patched once, checked per call.
    guardPrototype(Object.getPrototypeOf(page.locator('html')) as object, 'locator', (l: Locator) => l.page(), 0);
    guardPrototype(Object.getPrototypeOf(page.mainFrame()) as object, 'frame', (f: Frame) => f.page(), 1);
    const html = await page.$('html');
    if (html) {
      guardPrototype(Object.getPrototypeOf(html) as object, 'elementHandle', async (h: ElementHandle) => (await h.ownerFrame())?.page() ?? null, 0);
      await html.dispose();
    }
    await page.exposeFunction(BINDING, (type: string) => seen.push(type));
    const record = ({ binding, types }: { binding: string; types: string[] }): void => {
      for (const type of types)
        window.addEventListener(
          type,
          (e) => {
            if (e.isTrusted) (window as unknown as Record<string, (t: string) => void>)[binding]?.(type);
          },
          { capture: true },
        );
    };
    await page.addInitScript(record, { binding: BINDING, types: RECORDED });
    await page.evaluate(record, { binding: BINDING, types: RECORDED });
  }
  const events = pointerEvents;
  return {
    pointerEvents: events,
    assertNoPointerEvents() {
      if (events.length > 0) throw new Error(`forbidMouse: the page saw trusted pointer events in a keyboard-only test: ${events.join(', ')}`);
    },
  };
}
