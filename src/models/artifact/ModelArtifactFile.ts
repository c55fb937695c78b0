import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { validateModelArtifact, type ModelArtifact } from './ModelArtifact.ts';
import { ModelArtifactError } from './ModelArtifactError.ts';

/**
 * Writes an artifact as one JSON file: validated first (never write what cannot be read back), one
 * top-level field per line so `head` and diffs show the metadata while large bodies stay compact, and
 * through a temporary file + rename so a crash never leaves half a model behind.
 */
export async function writeModelArtifact(path: string, artifact: ModelArtifact): Promise<void> {
  const file = resolve(path);
  validateModelArtifact(JSON.parse(JSON.stringify(artifact)), file);
  const lines = Object.entries(artifact).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const text = `{\n${lines.join(',\n')}\n}\n`;
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, file);
}

/** Reads and validates an artifact; every failure is a ModelArtifactError naming the file and field. */
export async function readModelArtifact(path: string): Promise<ModelArtifact> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ModelArtifactError(file, '(file)', `cannot be read: ${(e as Error).message}`, { cause: e });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ModelArtifactError(file, '(file)', `is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  return validateModelArtifact(value, file);
}
