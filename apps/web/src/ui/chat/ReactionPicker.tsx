// The reaction picker: a button opening a dialog with a search field and a grid of emoji (a ListBox with the grid
// layout: one Tab stop, arrow keys in two dimensions, Enter reacts). ↓ in the search field moves into the grid.
// The emoji table is loaded on first open.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Input, Label, ListBox, ListBoxItem, Popover, SearchField } from 'react-aria-components';
import { strings } from '../../strings.ts';
import { loadEmoji, searchEmoji, type Emoji } from '../../viewModels/emojiSearch.ts';

export function ReactionPicker({ onPick }: { onPick(emoji: string): void }) {
  return (
    <DialogTrigger>
      <Button>{strings.emojiPicker.open}</Button>
      <Popover className="popover emoji-popover" placement="bottom end">
        <PickerDialog onPick={onPick} />
      </Popover>
    </DialogTrigger>
  );
}

function PickerDialog({ onPick }: { onPick(emoji: string): void }) {
  const [all, setAll] = useState<Emoji[] | null>(null);
  const [query, setQuery] = useState('');
  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let live = true;
    void loadEmoji().then((e) => live && setAll(e));
    return () => {
      live = false;
    };
  }, []);
  const shown = useMemo(() => (all ? searchEmoji(all, query) : []), [all, query]);
  return (
    <Dialog className="dialog emoji-picker" aria-labelledby="emoji-picker-title">
      {({ close }) => (
        <>
          <Heading slot="title" id="emoji-picker-title" className="visually-hidden">
            {strings.emojiPicker.heading}
          </Heading>
          <SearchField
            className="emoji-search"
            value={query}
            onChange={setQuery}
            autoFocus
            onKeyDown={(e) => {
              // Esc clears the search first, then closes the picker.
              if (e.key === 'Escape' && query === '') {
                e.preventDefault();
                close();
              } else if (e.key === 'ArrowDown' && shown.length > 0) {
                e.preventDefault();
                grid.current?.focus();
              }
            }}
          >
            <Label>{strings.emojiPicker.search}</Label>
            <Input />
          </SearchField>
          <p className="visually-hidden" role="status">
            {all ? (shown.length > 0 ? strings.emojiPicker.results(shown.length) : '') : ''}
          </p>
          <ListBox
            ref={grid}
            className="emoji-grid"
            aria-label={strings.emojiPicker.grid}
            layout="grid"
            items={shown}
            selectionMode="none"
            renderEmptyState={() => <p className="emoji-empty">{all ? strings.emojiPicker.none : strings.loading}</p>}
            onAction={(key) => {
              const picked = shown.find((e) => e.shortcode === key);
              if (!picked) return;
              onPick(picked.emoji);
              close();
            }}
          >
            {(e) => (
              <ListBoxItem id={e.shortcode} className="emoji-option" textValue={e.name} aria-label={`${e.name} ${e.emoji}`}>
                <span aria-hidden="true">{e.emoji}</span>
              </ListBoxItem>
            )}
          </ListBox>
        </>
      )}
    </Dialog>
  );
}
