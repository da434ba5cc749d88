// Sending images and files: an "Attach files" button, files dropped on the room or pasted into the composer. Each
// upload shows a labelled progress bar with Cancel (and Retry when it failed).
import { useEffect, useState } from 'react';
import { Button, FileTrigger, Label, ProgressBar } from 'react-aria-components';
import { strings } from '../../strings.ts';
import type { Announcer } from '../../viewModels/Announcer.ts';
import type { PickedFile, UploadViewModel } from '../../viewModels/UploadViewModel.ts';
import { useViewModel } from '../useViewModel.ts';
import { focusComposer } from './focus.ts';

/** Reads what the view model needs from browser files: images are decoded once for their size in pixels. */
export async function pickFiles(files: Iterable<File>): Promise<PickedFile[]> {
  return Promise.all(
    [...files].map(async (file): Promise<PickedFile> => {
      let dimensions: PickedFile['dimensions'] = null;
      if (file.type.startsWith('image/')) {
        try {
          const bitmap = await createImageBitmap(file);
          dimensions = { w: bitmap.width, h: bitmap.height };
          bitmap.close();
        } catch {
          dimensions = null;
        }
      }
      return { blob: file, name: file.name || 'pasted-file', type: file.type, size: file.size, dimensions };
    }),
  );
}

export function sendFiles(vm: UploadViewModel, announcer: Announcer, files: Iterable<File>): void {
  void pickFiles(files).then((picked) => {
    if (picked.length === 0) return;
    vm.add(picked);
    announcer.status(strings.uploads.started(picked.length));
  });
}

/** Files dropped anywhere on the open room, or pasted into its composer, are sent to it. */
export function useDropAndPaste(vm: UploadViewModel, announcer: Announcer): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    const main = document.getElementById('main');
    if (!main) return;
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const onDragOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    };
    const onDragLeave = (e: DragEvent) => {
      if (!main.contains(e.relatedTarget as Node | null)) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      sendFiles(vm, announcer, e.dataTransfer!.files);
    };
    const onPaste = (e: ClipboardEvent) => {
      if ((e.target as HTMLElement | null)?.id !== 'composer') return;
      const files = e.clipboardData?.files;
      if (!files || files.length === 0) return;
      e.preventDefault();
      sendFiles(vm, announcer, files);
    };
    main.addEventListener('dragover', onDragOver);
    main.addEventListener('dragleave', onDragLeave);
    main.addEventListener('drop', onDrop);
    document.addEventListener('paste', onPaste);
    return () => {
      main.removeEventListener('dragover', onDragOver);
      main.removeEventListener('dragleave', onDragLeave);
      main.removeEventListener('drop', onDrop);
      document.removeEventListener('paste', onPaste);
    };
  }, [vm, announcer]);
  return dragging;
}

export function UploadBar({ vm, announcer }: { vm: UploadViewModel; announcer: Announcer }) {
  const state = useViewModel(vm);
  const dragging = useDropAndPaste(vm, announcer);
  return (
    <div className="upload-bar">
      {dragging && (
        <p className="drop-hint" aria-hidden="true">
          {strings.uploads.dropHere}
        </p>
      )}
      <FileTrigger allowsMultiple onSelect={(files) => files && sendFiles(vm, announcer, Array.from(files))}>
        <Button className="attach-button">{strings.uploads.attach}</Button>
      </FileTrigger>
      {state.uploads.length > 0 && (
        <ul className="uploads" aria-label={strings.uploads.label}>
          {state.uploads.map((u) => (
            <li key={u.id} className="upload" data-status={u.status}>
              {u.status === 'uploading' ? (
                <ProgressBar
                  className="upload-progress"
                  value={u.loaded}
                  maxValue={Math.max(u.size, 1)}
                  valueLabel={`${strings.uploads.size(u.loaded)} / ${strings.uploads.size(u.size)}`}
                >
                  {({ percentage, valueText }) => (
                    <>
                      <Label>{strings.uploads.progress(u.name)}</Label>
                      <span className="upload-value">{valueText}</span>
                      <div className="bar">
                        <div className="fill" data-percent={Math.round((percentage ?? 0) / 5) * 5} />
                      </div>
                    </>
                  )}
                </ProgressBar>
              ) : (
                <p className="upload-failed">{strings.uploads.failedName(u.name, u.error ?? strings.uploads.failed)}</p>
              )}
              {u.status === 'failed' && (
                <Button aria-label={strings.uploads.retry(u.name)} onPress={() => vm.retry(u.id)}>
                  {strings.timeline.retry}
                </Button>
              )}
              <Button
                aria-label={strings.uploads.cancel(u.name)}
                onPress={() => {
                  vm.cancel(u.id);
                  announcer.status(strings.uploads.cancelled(u.name));
                  focusComposer();
                }}
              >
                {strings.timeline.cancel}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
