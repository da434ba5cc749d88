// An image or file in a message. Images show as a server-made thumbnail (a button that opens the viewer, named by
// the caption or file name); files as a download link with their name and size.
import { lazy, Suspense, useState, type MouseEvent } from 'react';
import { Button } from 'react-aria-components';
import { strings } from '../../strings.ts';
import { thumbnailBox, type Attachment } from '../../viewModels/attachment.ts';
import { downloadMedia, useMediaUrl, type MediaSource } from './useMediaUrl.ts';

const ImageViewer = lazy(() => import('../dialogs/ImageViewer.tsx'));

export function AttachmentView({ id, attachment: a, media }: { id: string; attachment: Attachment; media: MediaSource }) {
  return a.kind === 'image' ? <ImageAttachment id={id} attachment={a} media={media} /> : <FileAttachment id={id} attachment={a} media={media} />;
}

function ImageAttachment({ id, attachment: a, media }: { id: string; attachment: Attachment; media: MediaSource }) {
  const box = thumbnailBox(a.w, a.h);
  const { url, failed } = useMediaUrl(media, a.mxc, box);
  const [viewing, setViewing] = useState(false);
  return (
    <div id={id} className="attachment image-attachment">
      {a.caption && <p className="caption">{a.caption}</p>}
      {failed ? (
        <p className="media-failed">{strings.uploads.imageUnavailable(a.alt)}</p>
      ) : (
        <Button className="thumbnail-button" aria-label={strings.uploads.imageButton(a.alt)} onPress={() => setViewing(true)}>
          {url ? <img src={url} alt="" width={box.width} height={box.height} /> : <span className="thumbnail-placeholder">{strings.uploads.loadingImage}</span>}
        </Button>
      )}
      {!a.caption && <span className="visually-hidden">{a.alt}</span>}
      <Suspense fallback={null}>{viewing && <ImageViewer attachment={a} media={media} onClose={() => setViewing(false)} />}</Suspense>
    </div>
  );
}

function FileAttachment({ id, attachment: a, media }: { id: string; attachment: Attachment; media: MediaSource }) {
  const size = a.size !== null ? strings.uploads.size(a.size) : '';
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    void downloadMedia(media, a.mxc, a.name);
  };
  return (
    <div id={id} className="attachment file-attachment">
      {a.caption && <p className="caption">{a.caption}</p>}
      {/* A real link (it is one: it saves a file); the click fetches it with the access token first. */}
      <a href={`#download-${encodeURIComponent(a.mxc)}`} download={a.name} onClick={onClick}>
        {a.name}
      </a>
      {size && <span className="file-size"> ({size})</span>}
    </div>
  );
}
