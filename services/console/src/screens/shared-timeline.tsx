import { useI18n } from '../i18n';
import type { Comment, HistoryEntry } from '../api/requests';
import { formatDateTime } from '../lib/format';
import { actorLabel } from '../lib/actor';
import { hasKey } from '../i18n';

/** History and public comments merged into one time-ordered list, each line naming who acted. */
export function TimelineView({ history, comments }: { history: HistoryEntry[]; comments: Comment[] }) {
  const { t, lang } = useI18n();
  const items = [
    ...history.map((h, i) => ({ at: h.at, key: `h${i}${h.at}${h.action}`, kind: 'history' as const, h })),
    ...comments.map((c) => ({ at: c.at, key: `c${c.id}`, kind: 'comment' as const, c })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <ol className="timeline" data-testid="timeline">
      {items.map((it) =>
        it.kind === 'history' ? (
          <li key={it.key} className={`tl-item tl-${it.h.to}`}>
            <time>{formatDateTime(it.at, lang)}</time>
            <span className="tl-actor">{actorLabel(t, it.h.byName, it.h.byRole)}</span>
            {it.h.action === 'transfer' && it.h.assigneeName ? (
              // Work always goes to a liaison: "转派给 王芳（联络员）".
              <strong>{t('timeline.transferredTo', { name: actorLabel(t, it.h.assigneeName, 'liaison') })}</strong>
            ) : (
              <>
                <strong>{hasKey(`history.${it.h.action}`) ? t(`history.${it.h.action}`) : t('history.other')}</strong>
                {it.h.assigneeName && <span> {t('timeline.assignedTo', { name: it.h.assigneeName })}</span>}
              </>
            )}
            {it.h.from !== it.h.to && <span> → {t(`state.${it.h.to}`)}</span>}
            {it.h.note && <p>{it.h.note}</p>}
          </li>
        ) : (
          <li key={it.key} className={`tl-item tl-comment${it.c.visibility === 'internal' ? ' internal' : ''}`}>
            <time>{formatDateTime(it.at, lang)}</time>
            <strong className="tl-actor">{actorLabel(t, it.c.byName, it.c.byRole)}</strong>
            {it.c.visibility === 'internal' && <span className="badge badge-none">{t('request.internal')}</span>}
            <p>{it.c.body}</p>
          </li>
        ),
      )}
    </ol>
  );
}
