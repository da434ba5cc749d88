// Suggestions under the composer for the token at the caret. The textarea keeps focus and points at the active
// option with aria-activedescendant (set only once an arrow key chose one, so a screen reader first hears the
// field); the count is announced politely by the view model. Hand-rolled rather than react-aria's Autocomplete,
// which filters on the whole field rather than on the token at the caret.
import { useEffect, useSyncExternalStore, type KeyboardEvent, type ReactNode } from 'react';
import { strings } from '../../strings.ts';
import type { CompletionState, CompletionViewModel } from '../../viewModels/CompletionViewModel.ts';
import type { ComposerViewModel } from '../../viewModels/ComposerViewModel.ts';
import { useViewModel } from '../useViewModel.ts';

const CLOSED: CompletionState = { kind: null, suggestions: [], active: -1, start: 0, end: 0 };
const noSubscription = () => () => undefined;

const LIST_ID = 'composer-suggestions';
const optionId = (id: string) => `suggestion-${id.replace(/[^\w-]/g, '_')}`;

function field(): HTMLTextAreaElement | null {
  return document.getElementById('composer') as HTMLTextAreaElement | null;
}

export function useCompletion(
  composer: ComposerViewModel,
  vm: CompletionViewModel | null,
): { onKeyDown(e: KeyboardEvent): boolean; fieldProps: Record<string, string | undefined | (() => void)>; list: ReactNode } {
  const state = useSyncExternalStore(vm?.subscribe ?? noSubscription, vm?.snapshot ?? (() => CLOSED));
  const text = useViewModel(composer).text;

  useEffect(() => {
    const el = field();
    if (vm && el && document.activeElement === el) void vm.update(text, el.selectionStart ?? text.length);
    else vm?.close();
  }, [vm, text]);

  const accept = (index?: number) => {
    const el = field();
    const result = vm?.accept(el?.value ?? text, index);
    if (!result) return false;
    composer.setText(result.text);
    requestAnimationFrame(() => {
      field()?.focus();
      field()?.setSelectionRange(result.caret, result.caret);
    });
    return true;
  };

  const open = vm !== null && state.kind !== null;
  const onKeyDown = (e: KeyboardEvent): boolean => {
    if (!open || !vm) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      vm.move(e.key === 'ArrowDown' ? 1 : -1);
      return true;
    }
    if ((e.key === 'Tab' && !e.shiftKey) || (e.key === 'Enter' && state.active >= 0 && !e.shiftKey)) {
      e.preventDefault();
      accept(state.active >= 0 ? state.active : 0);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      vm.close();
      return true;
    }
    return false;
  };

  const active = open ? state.suggestions[state.active] : undefined;
  const fieldProps = {
    'aria-autocomplete': 'list',
    'aria-controls': open ? LIST_ID : undefined,
    'aria-activedescendant': active ? optionId(active.id) : undefined,
    onBlur: () => setTimeout(() => document.activeElement !== field() && vm?.close(), 0),
    onClick: () => {
      const el = field();
      if (el && vm) void vm.update(el.value, el.selectionStart ?? el.value.length);
    },
  };

  const list = open ? (
    <ul id={LIST_ID} role="listbox" className="suggestions" aria-label={strings.completion.label[state.kind!]}>
      {state.suggestions.map((s, i) => (
        <li
          key={s.id}
          id={optionId(s.id)}
          role="option"
          aria-selected={i === state.active}
          className="suggestion"
          onMouseDown={(e) => {
            e.preventDefault();
            accept(i);
          }}
        >
          {s.label}
        </li>
      ))}
    </ul>
  ) : null;
  return { onKeyDown, fieldProps, list };
}
