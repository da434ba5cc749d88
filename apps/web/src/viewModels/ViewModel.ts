// The shape every view model has (Hydrogen's habit): a snapshot that React reads through useSyncExternalStore,
// and subscribe() to hear about changes. Snapshots are immutable; a change replaces the snapshot.

export abstract class ViewModel<S> {
  private listeners = new Set<() => void>();
  private current: S;

  constructor(initial: S) {
    this.current = initial;
  }

  get state(): S {
    return this.current;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): S => this.current;

  protected set(patch: Partial<S>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener();
  }
}
