// The file tree is derived from document paths: folders are path prefixes and exist while a file is under them.

export interface FileEntry { documentId: string; path: string; revision: number; }
export interface Folder { name: string; path: string; folders: Folder[]; files: (FileEntry & { name: string })[]; }

/** Builds the folder tree of a project's documents, folders first, each level sorted by name. O(n log n). */
export function buildTree(entries: readonly FileEntry[]): Folder {
  const root: Folder = { name: "", path: "", folders: [], files: [] };
  const folders = new Map<string, Folder>([["", root]]);
  for (const entry of entries) {
    const segments = entry.path.split("/");
    let parent = root;
    for (let i = 0; i < segments.length - 1; i++) {
      const path = segments.slice(0, i + 1).join("/");
      let folder = folders.get(path);
      if (!folder) {
        folder = { name: segments[i], path, folders: [], files: [] };
        folders.set(path, folder);
        parent.folders.push(folder);
      }
      parent = folder;
    }
    parent.files.push({ ...entry, name: segments[segments.length - 1] });
  }
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  for (const folder of folders.values()) {
    folder.folders.sort(byName);
    folder.files.sort(byName);
  }
  return root;
}

/** Counts the files under a folder, at any depth. */
export function fileCount(folder: Folder): number {
  return folder.files.length + folder.folders.reduce((sum, f) => sum + fileCount(f), 0);
}
