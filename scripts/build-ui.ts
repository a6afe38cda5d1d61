import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Builds every Custom UI resource into `static/<name>/build` (the paths manifest.yml names).
 * Until the React apps land (issue 4), a resource's build is its `public/` folder as it is.
 */
const root = resolve(__dirname, '..');
for (const name of readdirSync(join(root, 'static'))) {
  const pub = join(root, 'static', name, 'public');
  if (!existsSync(pub)) continue;
  const out = join(root, 'static', name, 'build');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(pub, out, { recursive: true });
  console.log(`built static/${name}/build`);
}
