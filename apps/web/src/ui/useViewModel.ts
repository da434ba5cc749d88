import { useSyncExternalStore } from 'react';
import type { ViewModel } from '../viewModels/ViewModel.ts';

/** Reads a view model's snapshot and re-renders when it changes. */
export function useViewModel<S>(vm: ViewModel<S>): S {
  return useSyncExternalStore(vm.subscribe, vm.snapshot);
}
