// The file tree is derived from paths alone: folders are prefixes, sorted folders first, counts at any depth.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTree, fileCount } from "../src/pages/fileTree";

test("folders are path prefixes, folders before files, each level sorted by name", () => {
  const tree = buildTree([
    { documentId: "1", path: "src/b.ts", revision: 0 },
    { documentId: "2", path: "README.md", revision: 3 },
    { documentId: "3", path: "src/a/deep.ts", revision: 1 },
    { documentId: "4", path: "src/a.ts", revision: 0 },
    { documentId: "5", path: "docs/x.md", revision: 0 },
  ]);
  assert.deepEqual(tree.folders.map((f) => f.path), ["docs", "src"]);
  assert.deepEqual(tree.files.map((f) => f.name), ["README.md"]);
  const src = tree.folders[1];
  assert.deepEqual(src.folders.map((f) => f.path), ["src/a"]);
  assert.deepEqual(src.files.map((f) => f.name), ["a.ts", "b.ts"]);
  assert.equal(src.folders[0].files[0].documentId, "3");
  assert.equal(fileCount(tree), 5);
  assert.equal(fileCount(src), 3);
});

test("5,000 files in nested folders: every file appears exactly once under its folder", () => {
  const entries = Array.from({ length: 5000 }, (_, i) => ({ documentId: String(i), path: `pkg${i % 50}/mod${i % 7}/file${i}.ts`, revision: 0 }));
  const tree = buildTree(entries);
  assert.equal(fileCount(tree), 5000);
  assert.equal(tree.folders.length, 50);
  const seen = new Set<string>();
  const walk = (folder: ReturnType<typeof buildTree>) => {
    for (const file of folder.files) {
      assert.ok(file.path.startsWith(folder.path + "/"), `${file.path} under ${folder.path}`);
      assert.ok(!seen.has(file.documentId));
      seen.add(file.documentId);
    }
    folder.folders.forEach(walk);
  };
  walk(tree);
  assert.equal(seen.size, 5000);
});

test("no files, no folders", () => {
  const tree = buildTree([]);
  assert.equal(fileCount(tree), 0);
  assert.deepEqual(tree.folders, []);
});
