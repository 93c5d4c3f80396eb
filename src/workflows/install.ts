/**
 * Installed workflows live as TypeScript files in the customer's workflows folder
 * (`<dataDir>/workflows/<id>.ts`), where people read, diff and review them. Installing a catalog
 * workflow copies its file there, pointing its one import at this installation's SDK.
 */
import { createHash } from 'node:crypto';
import { constants, watch, type FSWatcher } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GatehouseError } from '../common/errors.ts';
import { isWorkflow, type AnyWorkflow } from './sdk.ts';

const sdkUrl = new URL('./sdk.ts', import.meta.url).href;
const catalogDir = fileURLToPath(new URL('./catalog/', import.meta.url));
const sdkImport = /from\s+(['"])\.\.\/\.\.\/sdk\.ts\1/g;

/** Installing or loading a workflow file failed; the message names the file and what to do. */
export class WorkflowInstallError extends GatehouseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WORKFLOW_INSTALL_FAILED', message, options);
  }
}

/** The source of a catalog workflow, as it would be installed. */
export async function catalogSource(id: string): Promise<string> {
  if (!/^[a-z][a-z0-9-]*$/.test(id)) throw new WorkflowInstallError(`"${id}" is not a workflow id; ids are kebab-case like "offboarding".`);
  const file = join(catalogDir, id, 'index.ts');
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    throw new WorkflowInstallError(`The catalog has no workflow "${id}"; see gatehouse workflows catalog.`, { cause: error });
  }
  return source.replace(sdkImport, (_m, quote: string) => `from ${quote}${sdkUrl}${quote}`);
}

/**
 * Copies a catalog workflow into the workflows folder. Refuses to overwrite a file that is already
 * there (it may have local edits) unless `force`; then the old file is kept as `<id>.ts.bak`.
 */
export async function installWorkflow(dir: string, id: string, options: { force?: boolean } = {}): Promise<{ file: string; replaced: boolean }> {
  const source = await catalogSource(id);
  await prepareFolder(dir);
  const file = join(dir, `${id}.ts`);
  let exists = false;
  try {
    await stat(file);
    exists = true;
  } catch {
    exists = false;
  }
  if (exists && !options.force) throw new WorkflowInstallError(`${file} already exists (it may have local changes); install again with --force to replace it (the old file is kept as ${id}.ts.bak).`);
  if (exists) await copyFile(file, `${file}.bak`, constants.COPYFILE_FICLONE);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, source, { mode: 0o644 });
  await rename(tmp, file);
  return { file, replaced: exists };
}

/**
 * Makes the folder an ES module package, so the TypeScript loader runs its files as modules wherever
 * the folder is (outside the project, Node would take `.ts` files for CommonJS).
 */
async function prepareFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const manifest = join(dir, 'package.json');
  try {
    await stat(manifest);
  } catch {
    await writeFile(manifest, JSON.stringify({ name: 'gatehouse-workflows', private: true, type: 'module' }, null, 2) + '\n', { flag: 'wx' }).catch(() => undefined);
  }
}

/**
 * The file to import for a workflow file as it is now. The module loader caches by URL (and a
 * query-string cache-buster would hide the `.ts` extension from tsx), so an edited file is imported
 * through a copy named after its content: `.loaded/<name>-<sha256>.ts`. Unchanged files keep their URL.
 */
async function versionOf(dir: string, name: string): Promise<string> {
  const source = await readFile(join(dir, name), 'utf8');
  const digest = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const loadedDir = join(dir, '.loaded');
  await prepareFolder(loadedDir);
  const copy = join(loadedDir, `${name.slice(0, -3)}-${digest}.ts`);
  try {
    await stat(copy);
  } catch {
    const tmp = `${copy}.${process.pid}.tmp`;
    await writeFile(tmp, source);
    await rename(tmp, copy);
  }
  return copy;
}

/**
 * Calls `onChange` (debounced) when a `.ts` file of the workflows folder is added, edited or removed,
 * so a running server picks edits up. Returns a function that stops watching.
 */
export function watchWorkflows(dir: string, onChange: () => void, debounceMs = 300): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, (_event, file) => {
      if (!file || !String(file).endsWith('.ts') || String(file).startsWith('.')) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    });
  } catch {
    return () => undefined;
  }
  return () => {
    if (timer) clearTimeout(timer);
    watcher?.close();
  };
}

/** A workflow file that could not be loaded, and why. */
export interface WorkflowLoadProblem {
  file: string;
  message: string;
}

/**
 * Loads every `*.ts` file of the workflows folder whose default export is a workflow. A broken file
 * is reported and skipped; it never stops the others from loading.
 */
export async function loadInstalledWorkflows(dir: string): Promise<{ workflows: AnyWorkflow[]; problems: WorkflowLoadProblem[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.ts') && !n.startsWith('.') && !n.endsWith('.test.ts') && !n.endsWith('.d.ts')).sort();
  } catch {
    return { workflows: [], problems: [] };
  }
  if (names.length > 0) await prepareFolder(dir);
  const workflows: AnyWorkflow[] = [];
  const problems: WorkflowLoadProblem[] = [];
  const ids = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    try {
      const mod = (await import(pathToFileURL(await versionOf(dir, name)).href)) as { default?: unknown };
      if (!isWorkflow(mod.default)) {
        problems.push({ file, message: `${name} has no default export made with defineWorkflow(); export default defineWorkflow({ … }).` });
        continue;
      }
      const previous = ids.get(mod.default.id);
      if (previous) {
        problems.push({ file, message: `${name} defines workflow "${mod.default.id}", which ${previous} already defines; ids must be unique.` });
        continue;
      }
      ids.set(mod.default.id, name);
      workflows.push(mod.default);
    } catch (error) {
      problems.push({ file, message: `${name} could not be loaded: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { workflows, problems };
}
