import { useEffect, useState, type FormEvent } from 'react';
import { useI18n, type T } from '../i18n';
import { addAttachment, attachmentPath, type Attachment } from '../api/requests';
import { fetchBlob, saveBlob } from '../api/http';
import { ACCEPT, fileKind, fileProblems, type FileProblem } from '../lib/files';
import { actorLabel } from '../lib/actor';
import { formatBytes, formatDateTime } from '../lib/format';
import { ErrorBox, Field, FileInput, Progress } from './ui';

/** A Blob as a data: URL: the gateway's content security policy lets images come from data: but not blob:. */
function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.readAsDataURL(blob);
  });
}

/** A thumbnail of an image attachment, fetched with the access token (an <img src> could not send it). */
function Thumbnail({ requestId, a }: { requestId: string; a: Attachment }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let live = true;
    fetchBlob(attachmentPath(requestId, a.id))
      .then(dataUrlOf)
      .then(
        (made) => live && setUrl(made),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [requestId, a.id]);
  return url ? <img className="thumb" src={url} alt="" /> : <span className="thumb thumb-empty" aria-hidden="true" />;
}

/**
 * A request's files: each opens (PDFs and images in a new tab) or downloads, images show a
 * thumbnail, and the line says who added it and when.
 */
export function AttachmentList({ requestId, attachments }: { requestId: string; attachments: Attachment[] }) {
  const { t, lang } = useI18n();
  const [error, setError] = useState<unknown>();
  if (attachments.length === 0) return null;
  const open = async (a: Attachment) => {
    setError(undefined);
    // Opened now, while the click still counts as the user's: a tab opened after the fetch would be blocked.
    const tab = fileKind(a.contentType) === 'other' ? null : window.open('', '_blank');
    try {
      // Asked for inline, as the browser's own viewer would; the download below asks for the file as an attachment.
      const blob = await fetchBlob(attachmentPath(requestId, a.id), tab ? { disposition: 'inline' } : undefined);
      if (!tab) return saveBlob(blob, a.fileName);
      const url = URL.createObjectURL(blob);
      tab.location.href = url;
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      tab?.close();
      setError(err);
    }
  };
  const save = async (a: Attachment) => {
    setError(undefined);
    try {
      saveBlob(await fetchBlob(attachmentPath(requestId, a.id)), a.fileName);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="attachments">
      <ul className="files" data-testid="attachments">
        {attachments.map((a) => (
          <li key={a.id} className="file">
            {fileKind(a.contentType) === 'image' && <Thumbnail requestId={requestId} a={a} />}
            <span className="file-main">
              <button type="button" className="link" onClick={() => void open(a)} aria-label={t('file.open', { name: a.fileName })}>
                {a.fileName}
              </button>
              <small className="muted">
                {formatBytes(a.size)} · {a.uploadedByRole ? `${actorLabel(t, a.uploadedByName, a.uploadedByRole)} · ` : ''}
                {formatDateTime(a.uploadedAt, lang)}
              </small>
            </span>
            <button type="button" onClick={() => void save(a)} aria-label={t('file.download', { name: a.fileName })}>
              {t('common.download')}
            </button>
          </li>
        ))}
      </ul>
      <ErrorBox error={error} />
    </div>
  );
}

/** The refusals of chosen files in words, each naming its file. */
export function fileProblemText(t: T, problems: { name: string; problem: FileProblem }[]): string {
  return problems.map((p) => t(`file.problem.${p.problem}`, { name: p.name })).join(' ');
}

/** A file input that refuses, by name, what the service would refuse, before anything is sent. */
export function FilePicker({ files, onChange, label }: { files: File[]; onChange: (files: File[]) => void; label?: string }) {
  const { t } = useI18n();
  const problems = fileProblems(files);
  return (
    <>
      <Field label={label ?? t('request.attachments')} hint={t('request.attachHint')} error={problems.length ? fileProblemText(t, problems) : undefined}>
        <FileInput name="attachments" multiple accept={ACCEPT} count={files.length} onChange={(e) => onChange([...(e.target.files ?? [])])} />
      </Field>
      {files.length > 0 && (
        <ul className="files" data-testid="chosen-files">
          {files.map((f) => (
            <li key={`${f.name}-${f.size}`}>
              {f.name} · {formatBytes(f.size)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Uploads files to a request one by one, with progress; the caller reloads the request after. */
export async function uploadAll(requestId: string, files: File[], onProgress: (p: { fraction: number; label: string }) => void): Promise<void> {
  for (const [i, f] of files.entries()) {
    await addAttachment(requestId, f, (fr) => onProgress({ fraction: (i + fr) / files.length, label: `${f.name} (${i + 1}/${files.length})` }));
  }
}

/** Adds files to an open request (the enterprise, or staff in scope). */
export function AddFiles({ requestId, onDone }: { requestId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<{ fraction: number; label: string } | null>(null);
  const [error, setError] = useState<unknown>();
  const [key, setKey] = useState(0);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await uploadAll(requestId, files, setProgress);
      setFiles([]);
      setKey((k) => k + 1);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };
  return (
    <form className="form inline-form" onSubmit={submit} key={key} data-testid="add-files">
      <FilePicker files={files} onChange={setFiles} label={t('file.add')} />
      {progress && <Progress fraction={progress.fraction} label={progress.label} />}
      <ErrorBox error={error} />
      <button disabled={files.length === 0 || fileProblems(files).length > 0 || !!progress}>{t('file.upload')}</button>
    </form>
  );
}
