// One message: an article named "sender, time" and described by its text; its actions in a toolbar that is
// reachable from the keyboard (Enter or → from the message, Esc back), never hover-only.
import { useState } from 'react';
import { Button, Dialog, Heading, Menu, MenuItem, MenuTrigger, Modal, Popover, ToggleButton, Toolbar } from 'react-aria-components';
import { strings } from '../../strings.ts';
import type { MessageItem } from '../../viewModels/buildTimeline.ts';
import { AttachmentView } from './AttachmentView.tsx';
import { MessageBody } from './MessageBody.tsx';
import { ReactionPicker } from './ReactionPicker.tsx';
import { ReadReceipts } from './ReadReceipts.tsx';
import type { MediaSource } from './useMediaUrl.ts';

export const QUICK_REACTIONS = ['👍', '❤️', '😄', '🎉', '👀', '🙏'];

interface Props {
  message: MessageItem;
  active: boolean;
  onFocusMessage(): void;
  onReply(): void;
  onEdit(): void;
  onDelete(): void;
  onReact(key: string): void;
  onRetry(): void;
  /** Copies the message's permalink. */
  onCopyLink?(): void;
  /** Where images and files are fetched from. */
  media?: MediaSource;
  /** The message a permalink opened at. */
  highlighted?: boolean;
}

export function MessageRow({ message: m, active, onFocusMessage, onReply, onEdit, onDelete, onReact, onRetry, onCopyLink, highlighted, media }: Props) {
  const [confirming, setConfirming] = useState(false);
  const base = `msg-${m.key.replace(/[^\w-]/g, '_')}`;
  const sent = m.status === 'sent' && m.eventId !== null && !m.redacted;
  return (
    <article
      className="message"
      data-first={m.firstInGroup || undefined}
      data-own={m.own || undefined}
      data-mention={m.mentionsMe || undefined}
      data-status={m.status}
      data-highlighted={highlighted || undefined}
      tabIndex={active ? 0 : -1}
      aria-labelledby={`${highlighted ? `${base}-linked ` : ''}${base}-sender ${base}-time`}
      aria-describedby={m.readBy?.length ? `${base}-body ${base}-receipts` : `${base}-body`}
      data-message-key={m.key}
      onFocus={(e) => e.target === e.currentTarget && onFocusMessage()}
    >
      {highlighted && (
        <span className="visually-hidden" id={`${base}-linked`}>
          {strings.permalink.linkedMessage}
        </span>
      )}
      <div className={m.firstInGroup ? 'message-meta' : 'message-meta visually-hidden'}>
        <span className="sender" id={`${base}-sender`}>
          {m.senderName}
        </span>{' '}
        <time id={`${base}-time`} dateTime={new Date(m.ts).toISOString()}>
          {m.time}
        </time>
      </div>
      {m.replyTo && (
        <blockquote className="reply-origin">
          <span className="visually-hidden">{strings.timeline.inReplyTo(m.replyTo.senderName)}: </span>
          <span aria-hidden="true" className="reply-sender">
            {m.replyTo.senderName}
          </span>{' '}
          <span className="reply-body">{m.replyTo.body}</span>
        </blockquote>
      )}
      {m.attachment && media ? (
        <AttachmentView id={`${base}-body`} attachment={m.attachment} media={media} />
      ) : (
        <MessageBody
          id={`${base}-body`}
          body={m.msgtype === 'm.emote' ? strings.timeline.emote(m.senderName, m.body) : m.body}
          html={m.msgtype === 'm.emote' ? null : m.formattedBody}
          className={m.redacted ? 'redacted' : m.msgtype === 'm.emote' ? 'emote' : ''}
        />
      )}
      {m.edited && <span className="edited">{strings.timeline.edited}</span>}
      {m.status === 'sending' && <span className="send-status">{strings.timeline.sending}</span>}
      {m.status === 'failed' && (
        <span className="send-status failed">
          {strings.timeline.failed} —{' '}
          <Button onPress={onRetry} aria-label={strings.timeline.retryLabel(m.body)}>
            {strings.timeline.retry}
          </Button>
        </span>
      )}
      {m.reactions.length > 0 && (
        <div className="reactions" role="group" aria-label="Reactions">
          {m.reactions.map((r) => (
            <ToggleButton
              key={r.key}
              className="reaction"
              isSelected={r.mine !== null}
              onChange={() => onReact(r.key)}
              aria-label={strings.timeline.reactionLabel(r.key, r.count, r.senders, r.mine !== null)}
            >
              {r.key} {r.count}
            </ToggleButton>
          ))}
        </div>
      )}
      {m.readBy && m.readBy.length > 0 && <ReadReceipts id={`${base}-receipts`} readers={m.readBy} />}
      {sent && (
        <div
          className="message-actions-wrap"
          onKeyDown={(e) => {
            if (e.key === 'Escape' && !e.defaultPrevented) {
              e.preventDefault();
              e.stopPropagation();
              (e.currentTarget.closest('article') as HTMLElement | null)?.focus();
            }
          }}
        >
          <Toolbar className="message-actions" aria-label={strings.timeline.actions(m.senderName)}>
            <Button onPress={onReply}>{strings.timeline.reply}</Button>
            <MenuTrigger>
              <Button aria-label={strings.timeline.react}>{strings.timeline.react}</Button>
              <Popover className="popover">
                <Menu className="menu reaction-menu" onAction={(key) => onReact(String(key))}>
                  {QUICK_REACTIONS.map((emoji) => (
                    <MenuItem key={emoji} id={emoji} className="menu-item" aria-label={strings.timeline.reactWith(emoji)}>
                      {emoji}
                    </MenuItem>
                  ))}
                </Menu>
              </Popover>
            </MenuTrigger>
            <ReactionPicker onPick={onReact} />
            {onCopyLink && <Button onPress={onCopyLink}>{strings.permalink.copy}</Button>}
            {m.own && <Button onPress={onEdit}>{strings.timeline.edit}</Button>}
            {m.own && <Button onPress={() => setConfirming(true)}>{strings.timeline.remove}</Button>}
          </Toolbar>
        </div>
      )}
      <Modal isOpen={confirming} onOpenChange={setConfirming} isDismissable className="modal">
        <Dialog role="alertdialog" className="dialog" aria-describedby={`${base}-confirm`}>
          <Heading slot="title">{strings.timeline.confirmDelete}</Heading>
          <p id={`${base}-confirm`}>{strings.timeline.confirmDeleteBody}</p>
          <div className="dialog-actions">
            <Button autoFocus onPress={() => setConfirming(false)}>
              {strings.timeline.cancel}
            </Button>
            <Button
              className="danger"
              onPress={() => {
                setConfirming(false);
                onDelete();
              }}
            >
              {strings.timeline.remove}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </article>
  );
}
