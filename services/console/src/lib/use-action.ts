import { useCallback, useState, type FormEvent } from 'react';

/** A form's onSubmit: the page stays and `run` starts. */
const onSubmit = (run: () => Promise<void>) => (e: FormEvent) => {
  e.preventDefault();
  void run();
};

/**
 * What a button or form does on the server: its failure kept for ErrorBox (and its fields for
 * fieldErrors), cleared when it runs again; `done` once it succeeded, until the next run.
 */
export function useAction() {
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const run = useCallback(async (work: () => Promise<unknown>) => {
    setError(undefined);
    setDone(false);
    try {
      await work();
      setDone(true);
    } catch (err) {
      setError(err);
    }
  }, []);
  return { error, done, run, submit: (work: () => Promise<unknown>) => onSubmit(() => run(work)) };
}

/** A fraction from 0 to 1, null while the size is unknown (the server is working). */
export type Fraction = number | null;

/**
 * Long work that tells its progress (an upload or a download): `progress` is undefined while
 * idle, `error` its failure for ErrorBox.
 */
export function useProgressTask() {
  const [progress, setProgress] = useState<Fraction | undefined>(undefined);
  const [error, setError] = useState<unknown>();
  const run = async (work: (progress: (f: Fraction) => void) => Promise<unknown>) => {
    setError(undefined);
    try {
      await work(setProgress);
    } catch (err) {
      setError(err);
    } finally {
      setProgress(undefined);
    }
  };
  return { progress, busy: progress !== undefined, error, run, submit: (work: (progress: (f: Fraction) => void) => Promise<unknown>) => onSubmit(() => run(work)) };
}

/** An upload's progress: its fraction while the file goes up, from 0, then null while the server reads it. */
export function uploadThenProcessing(setProgress: (f: Fraction) => void): (f: number) => void {
  setProgress(0);
  return (f) => setProgress(f >= 1 ? null : f);
}
