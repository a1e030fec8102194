// Small per-project preferences kept in localStorage (who is rating, which clip was open, queue mode):
// the project file is the source of truth for labels; these only restore where the user was.
export function loadPref<T>(project: string, key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(`ew:${project}:${key}`);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}

export function savePref(project: string, key: string, value: unknown): void {
  try {
    localStorage.setItem(`ew:${project}:${key}`, JSON.stringify(value));
  } catch {
    // storage full or disabled: preferences are a convenience, labels are saved in the project file
  }
}
