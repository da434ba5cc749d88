// The composer: a labelled textarea. Enter sends, Shift+Enter adds a line, ↑ in an empty composer edits the last own
// message, Esc cancels a reply or edit. Slash commands and Markdown are handled by the view model.
import { useEffect, type KeyboardEvent } from 'react';
import { Button, Form, Label, TextArea, TextField, Text } from 'react-aria-components';
import { strings } from '../../strings.ts';
import type { ComposerViewModel } from '../../viewModels/ComposerViewModel.ts';
import type { TimelineViewModel } from '../../viewModels/TimelineViewModel.ts';
import { useViewModel } from '../useViewModel.ts';
import type { CompletionViewModel } from '../../viewModels/CompletionViewModel.ts';
import { useCompletion } from './CompletionList.tsx';
import { focusComposer } from './focus.ts';

interface Props {
  vm: ComposerViewModel;
  timeline: TimelineViewModel;
  roomName: string;
  onJoined(roomId: string): void;
  onLeft(): void;
  /** Suggestions for `:emoji`, `@person` and `#channel` at the caret. */
  completion?: CompletionViewModel | null;
}

export function Composer({ vm, timeline, roomName, onJoined, onLeft, completion }: Props) {
  const state = useViewModel(vm);
  const suggest = useCompletion(vm, completion ?? null);

  useEffect(() => {
    const el = document.getElementById('composer') as HTMLTextAreaElement | null;
    if (el && state.editing) el.setSelectionRange(el.value.length, el.value.length);
  }, [state.editing]);

  const submit = async () => {
    const result = await vm.submit();
    if (result.kind === 'joined') onJoined(result.roomId);
    else if (result.kind === 'left') onLeft();
    else focusComposer();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (suggest.onKeyDown(e)) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    } else if (e.key === 'ArrowUp' && state.text === '' && !state.editing) {
      if (vm.startEdit(timeline.lastOwnMessage())) e.preventDefault();
    } else if (e.key === 'Escape') {
      if (vm.cancel()) {
        e.preventDefault();
        e.stopPropagation();
      }
    }
  };

  return (
    <Form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {state.replyTo && (
        <div className="composer-context">
          <span>{strings.composer.replyingTo(state.replyTo.senderName)}</span>: <span className="context-body">{state.replyTo.body}</span>
          <Button onPress={() => vm.cancel()}>{strings.composer.cancelReply}</Button>
        </div>
      )}
      {state.editing && (
        <div className="composer-context">
          <span>{strings.composer.editing}</span>
          <Button onPress={() => vm.cancel()}>{strings.composer.cancelEdit}</Button>
        </div>
      )}
      <div className="composer-row">
        <TextField className="composer-field" value={state.text} onChange={(v) => vm.setText(v)} aria-describedby="composer-help" isInvalid={state.error !== null}>
          <Label className="visually-hidden">{strings.composer.label(roomName)}</Label>
          <TextArea id="composer" rows={2} onKeyDown={onKeyDown} {...suggest.fieldProps} />
          {state.error && (
            <Text slot="errorMessage" className="field-error" elementType="p">
              {state.error}
            </Text>
          )}
        </TextField>
        {suggest.list}
        <Button type="submit" className="primary">
          {strings.composer.send}
        </Button>
      </div>
      <p id="composer-help" className="help">
        {strings.composer.help}
      </p>
      <div role="alert" className="visually-hidden">
        {state.error ?? ''}
      </div>
    </Form>
  );
}
