import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * "Saved" and the like: a short message that fades on its own. The live region is always in the
 * page (announcements into a region that appears with its text are often not read out).
 */
const Ctx = createContext<(message: string) => void>(() => undefined);

export const TOAST_MS = 4000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<{ id: number; message: string }[]>([]);
  const next = useRef(0);
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  const show = useCallback((message: string) => {
    const id = ++next.current;
    setItems((xs) => [...xs, { id, message }]);
    timers.current.push(setTimeout(() => setItems((xs) => xs.filter((x) => x.id !== id)), TOAST_MS));
  }, []);
  return (
    <Ctx.Provider value={show}>
      {children}
      <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
        {items.map((x) => (
          <div key={x.id} className="toast">
            {x.message}
          </div>
        ))}
      </div>
    </Ctx.Provider>
  );
}

/** Shows a success message for a few seconds. */
export const useToast = () => useContext(Ctx);
