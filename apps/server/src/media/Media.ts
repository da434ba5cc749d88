import type { MediaStore } from './MediaStore.ts';

/** The media repository's dependencies (deps.media): the store, where uploads are staged, and its background work. */
export interface Media {
  store: MediaStore;
  /** Folder uploads are written to while their hash is computed, before they go to the store. */
  stagingDir: string;
  /** Start of `media.legacy_freeze_date` (ms, UTC): newer media is not served by the legacy unauthenticated endpoints. */
  legacyFreezeTs: number;
  /** Runs work after the response (thumbnail pre-generation); the server waits for it when it closes. */
  runInBackground(task: () => Promise<void>): void;
}
