import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Which code trained a model. */
export interface CodeVersion {
  readonly name: string;
  /** package.json version. */
  readonly version: string;
  /** Full commit hash of the checkout, or null when there is no git metadata (e.g. an npm tarball). */
  readonly gitCommit: string | null;
}

/** Overrides the commit (CI builds, containers without .git). */
export const GIT_COMMIT_ENV = 'TACHYON_GIT_COMMIT';

let cached: CodeVersion | undefined;

/**
 * package.json name and version plus the git commit, read once per process. The commit is resolved from
 * .git files directly (HEAD → ref → loose ref or packed-refs; worktrees via commondir) rather than by
 * spawning git, so it works without a git binary and costs no subprocess. Anything missing gives null,
 * never an error: a model trained outside a checkout is still a model.
 */
export function codeVersion(): CodeVersion {
  if (cached === undefined) cached = readCodeVersion(dirname(fileURLToPath(import.meta.url)), process.env);
  return cached;
}

/** Uncached, from an explicit start directory (tests). */
export function readCodeVersion(startDir: string, env: Readonly<Record<string, string | undefined>> = {}): CodeVersion {
  const root = findUp(startDir, 'package.json');
  let name = 'tachyon';
  let version = '0.0.0';
  if (root !== null) {
    try {
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (typeof pkg.name === 'string') name = pkg.name;
      if (typeof pkg.version === 'string') version = pkg.version;
    } catch {
      // An unreadable package.json leaves the defaults: the version is informative, not load-bearing.
    }
  }
  const fromEnv = env[GIT_COMMIT_ENV];
  const gitCommit = fromEnv !== undefined && /^[0-9a-f]{7,64}$/i.test(fromEnv) ? fromEnv.toLowerCase() : root === null ? null : gitHead(root);
  return { name, version, gitCommit };
}

function findUp(dir: string, file: string): string | null {
  let d = resolve(dir);
  for (let i = 0; i < 12; i++) {
    if (existsSync(join(d, file))) return d;
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return null;
}

function gitHead(root: string): string | null {
  try {
    let gitDir = join(root, '.git');
    if (!existsSync(gitDir)) return null;
    if (statSync(gitDir).isFile()) {
      // A worktree or submodule: ".git" is a file "gitdir: <path>".
      const m = /^gitdir:\s*(.+)\s*$/m.exec(readFileSync(gitDir, 'utf8'));
      if (m === null) return null;
      gitDir = resolve(root, m[1].trim());
    }
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (/^[0-9a-f]{40,64}$/.test(head)) return head; // detached
    const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
    if (ref === undefined) return null;
    const common = existsSync(join(gitDir, 'commondir')) ? resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim()) : gitDir;
    for (const dir of [gitDir, common]) {
      const loose = join(dir, ref);
      if (existsSync(loose)) {
        const sha = readFileSync(loose, 'utf8').trim();
        if (/^[0-9a-f]{40,64}$/.test(sha)) return sha;
      }
    }
    const packed = join(common, 'packed-refs');
    if (existsSync(packed)) {
      for (const line of readFileSync(packed, 'utf8').split('\n')) {
        const [sha, name] = line.trim().split(' ');
        if (name === ref && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
      }
    }
    return null; // an unborn branch (no commit yet)
  } catch {
    return null;
  }
}
