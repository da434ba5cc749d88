// The image viewer: a modal dialog titled by the image's alt text (the sender's caption, else the file name) showing
// the full image, with Download and Close. Focus returns to the thumbnail that opened it.
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { strings } from '../../strings.ts';
import type { Attachment } from '../../viewModels/attachment.ts';
import { downloadMedia, useMediaUrl, type MediaSource } from '../chat/useMediaUrl.ts';

export default function ImageViewer({ attachment: a, media, onClose }: { attachment: Attachment; media: MediaSource; onClose(): void }) {
  const { url, failed } = useMediaUrl(media, a.mxc);
  return (
    <Modal isOpen onOpenChange={(open) => !open && onClose()} isDismissable className="modal image-viewer-modal">
      <Dialog className="dialog image-viewer">
        <Heading slot="title">{a.alt}</Heading>
        <div className="image-viewer-body">
          {failed ? (
            <p>{strings.uploads.imageUnavailable(a.alt)}</p>
          ) : url ? (
            <img src={url} alt={a.alt} {...(a.w && a.h ? { width: a.w, height: a.h } : {})} />
          ) : (
            <p role="status">{strings.uploads.loadingImage}</p>
          )}
        </div>
        {a.caption && a.caption !== a.name && <p className="file-name">{a.name}</p>}
        <div className="dialog-actions">
          <Button onPress={() => void downloadMedia(media, a.mxc, a.name)}>{strings.uploads.viewerDownload}</Button>
          <Button autoFocus onPress={onClose}>
            {strings.uploads.viewerClose}
          </Button>
        </div>
      </Dialog>
    </Modal>
  );
}
