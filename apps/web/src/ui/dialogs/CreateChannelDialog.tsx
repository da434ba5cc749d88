// Create a channel: name, topic, public or private. On success the new channel opens with focus in its composer.
import { useState, type FormEvent } from 'react';
import { Button, Dialog, Form, Heading, Input, Label, Modal, ModalOverlay, Radio, RadioGroup, TextField } from 'react-aria-components';
import { strings } from '../../strings.ts';
import type { ChatViewModel } from '../../viewModels/ChatViewModel.ts';

export default function CreateChannelDialog({ vm, onOpen, onClose }: { vm: ChatViewModel; onOpen(roomId: string): void; onClose(): void }) {
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const [visibility, setVisibility] = useState('public');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!name.trim()) return setError(strings.create.nameRequired);
    setBusy(true);
    setError(null);
    try {
      const roomId = await vm.client.createRoom({ name: name.trim(), topic: topic.trim(), isPublic: visibility === 'public' });
      onClose();
      onOpen(roomId);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <ModalOverlay isOpen isDismissable onOpenChange={(open) => !open && onClose()} className="modal-overlay">
      <Modal className="modal">
        <Dialog className="dialog">
          <Heading slot="title">{strings.create.heading}</Heading>
          <Form onSubmit={(e) => void submit(e)}>
            <TextField value={name} onChange={setName} isRequired autoFocus>
              <Label>{strings.create.name}</Label>
              <Input />
            </TextField>
            <TextField value={topic} onChange={setTopic}>
              <Label>{strings.create.topic}</Label>
              <Input />
            </TextField>
            <RadioGroup value={visibility} onChange={setVisibility} className="radio-group">
              <Label>{strings.create.visibility}</Label>
              <Radio value="public">{strings.create.public}</Radio>
              <Radio value="private">{strings.create.private}</Radio>
            </RadioGroup>
            {error && <p role="alert">{error}</p>}
            <div className="dialog-actions">
              <Button slot="close">{strings.create.cancel}</Button>
              <Button type="submit" className="primary" aria-disabled={busy || undefined}>
                {busy ? strings.create.creating : strings.create.submit}
              </Button>
            </div>
          </Form>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
