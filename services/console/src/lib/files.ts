/** What the requests service accepts, checked in the browser before anything is uploaded. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const TYPES: Record<string, string[]> = {
  pdf: ['application/pdf'],
  png: ['image/png'],
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  webp: ['image/webp'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  zip: ['application/zip', 'application/x-zip-compressed'],
};

/** For the file input's `accept`: the extensions the service takes. */
export const ACCEPT = Object.keys(TYPES)
  .map((e) => `.${e}`)
  .join(',');

export type FileProblem = 'too_large' | 'wrong_type' | 'empty';

/**
 * Why a chosen file would be refused, or null. The service checks again (and by content);
 * this only spares the user an upload that cannot succeed. An empty browser type is allowed
 * when the extension is known (some systems report none for DOCX/XLSX).
 */
export function fileProblem(f: { name: string; size: number; type: string }): FileProblem | null {
  if (f.size === 0) return 'empty';
  if (f.size > MAX_FILE_BYTES) return 'too_large';
  const ext = f.name.toLowerCase().split('.').pop() ?? '';
  const types = TYPES[ext];
  if (!types) return 'wrong_type';
  return f.type === '' || types.includes(f.type) ? null : 'wrong_type';
}

/** The chosen files with a problem, each by name, for one message before anything is sent. */
export function fileProblems(files: readonly { name: string; size: number; type: string }[]): { name: string; problem: FileProblem }[] {
  return files.flatMap((f) => {
    const problem = fileProblem(f);
    return problem ? [{ name: f.name, problem }] : [];
  });
}

/** How the console shows a file: images as thumbnails, PDFs and images open in a tab, others download. */
export function fileKind(contentType: string): 'image' | 'pdf' | 'other' {
  if (contentType.startsWith('image/')) return 'image';
  return contentType === 'application/pdf' ? 'pdf' : 'other';
}
