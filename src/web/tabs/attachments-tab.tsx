import { useEffect, useState } from 'react';
import { urls } from '../api/client';
import type { Message, Part } from '../api/types';
import { formatSize } from '../lib/format';

/** Types shown as an <img> preview; SVG is not among them (it can carry script). */
const RASTER = /^image\/(png|jpe?g|gif|webp|avif|bmp)$/i;
const PDF = /^application\/pdf$/i;

/** Attachments and inline parts: name, type, size, checksums, preview, download. */
export function AttachmentsTab({ message }: { message: Message }) {
  const parts = [
    ...message.Attachments.map((part) => ({ part, inline: false })),
    ...message.Inline.map((part) => ({ part, inline: true })),
  ];
  if (parts.length === 0) return <p className="empty">No attachments or inline parts.</p>;
  return (
    <ul className="parts">
      {parts.map(({ part, inline }) => (
        <PartItem key={part.PartID} id={message.ID} part={part} inline={inline} />
      ))}
    </ul>
  );
}

function PartItem({ id, part, inline }: { id: string; part: Part; inline: boolean }) {
  const [preview, setPreview] = useState(false);
  const media = part.ContentType.split(';')[0].trim();
  const previewable = RASTER.test(media) || PDF.test(media);
  const url = urls.part(id, part.PartID);
  return (
    <li className="part">
      <div className="part-head">
        {RASTER.test(media) && <img className="thumb" loading="lazy" src={urls.thumb(id, part.PartID)} alt="" width={90} height={60} />}
        <span className="part-name">{part.FileName || `part ${part.PartID}`}</span>
        {inline && <span className="tag">inline{part.ContentID ? ` cid:${part.ContentID}` : ''}</span>}
        <span className="muted">{media}</span>
        <span className="muted">{formatSize(part.Size)}</span>
        <span className="part-actions">
          {previewable && (
            <button onClick={() => setPreview(!preview)} aria-expanded={preview}>
              {preview ? 'Hide preview' : 'Preview'}
            </button>
          )}
          <a className="button" href={url} download={part.FileName || `part-${part.PartID}`}>
            Download
          </a>
        </span>
      </div>
      <details className="checksums">
        <summary>Checksums</summary>
        <dl>
          <dt>MD5</dt>
          <dd>{part.Checksums.MD5}</dd>
          <dt>SHA-1</dt>
          <dd>{part.Checksums.SHA1}</dd>
          <dt>SHA-256</dt>
          <dd>{part.Checksums.SHA256}</dd>
        </dl>
      </details>
      {preview && RASTER.test(media) && <img className="part-preview" src={url} alt={part.FileName} />}
      {preview && PDF.test(media) && <PdfPreview url={url} name={part.FileName} />}
    </li>
  );
}

/**
 * A PDF in the browser's viewer. The part route serves PDFs as downloads only, so the bytes are
 * fetched and shown from a blob: URL typed application/pdf by us, whatever the sender declared.
 */
function PdfPreview({ url, name }: { url: string; name: string }) {
  const [blobUrl, setBlobUrl] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    let made = '';
    fetch(url)
      .then((res) => (res.ok ? res.arrayBuffer() : Promise.reject(new Error(`${res.status}`))))
      .then((bytes) => setBlobUrl((made = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' })))))
      .catch((err: Error) => setError(`Cannot load the PDF (${err.message}).`));
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [url]);
  if (error) return <p className="error">{error}</p>;
  if (!blobUrl) return <p className="loading">Loading the PDF…</p>;
  return <iframe className="part-preview pdf" title={`PDF ${name}`} src={blobUrl} />;
}
