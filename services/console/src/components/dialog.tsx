import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { ErrorBox } from './ui';

/**
 * Asks before an action that cannot be taken back. The native <dialog> opened with showModal()
 * traps focus, closes on Escape and hides the page from screen readers while it is open; focus
 * starts on "cancel" so a stray Enter does nothing harmful, and returns to the button after.
 */
export function ConfirmDialog({ open, title, message, confirmLabel, busy, error, onConfirm, onCancel }: { open: boolean; title: string; message: ReactNode; confirmLabel: string; busy?: boolean; error?: unknown; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const messageId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      cancelRef.current?.focus();
    } else if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={messageId}
      data-testid="confirm-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={messageId}>{message}</div>
      <ErrorBox error={error} />
      <div className="actions">
        <button type="button" ref={cancelRef} onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
        <button type="button" className="danger" onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/** A button whose action runs only after the user confirms it in a ConfirmDialog. */
export function ConfirmButton({ label, title, message, confirmLabel, action, onDone, className = 'danger', testId }: { label: string; title: string; message: ReactNode; confirmLabel?: string; action: () => Promise<unknown>; onDone?: () => void; className?: string; testId?: string }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setOpen(false);
      onDone?.();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className={className} data-testid={testId} onClick={() => setOpen(true)}>
        {label}
      </button>
      <ConfirmDialog
        open={open}
        title={title}
        message={message}
        confirmLabel={confirmLabel ?? label}
        busy={busy}
        error={error}
        onConfirm={() => void confirm()}
        onCancel={() => {
          setOpen(false);
          setError(undefined);
        }}
      />
    </>
  );
}
