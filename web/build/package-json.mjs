// Writes the JavaScript package's package.json, with the workspace's version
// and licence. Usage: node package-json.mjs crates/wasm/Cargo.toml Cargo.toml
import { readFileSync } from 'node:fs';

const workspace = readFileSync(process.argv[3], 'utf8');
const field = (name) => {
  const m = workspace.match(new RegExp(`^${name} = "([^"]+)"`, 'm'));
  if (!m) throw new Error(`${process.argv[3]}: no ${name} in [workspace.package]`);
  return m[1];
};
const crate = readFileSync(process.argv[2], 'utf8');
const description = crate.match(/^description = "([^"]+)"/m)?.[1] ?? '';

const pkg = {
  name: '@exempt-dev/exempt',
  version: field('version'),
  description,
  license: field('license'),
  repository: field('repository'),
  type: 'module',
  main: './exempt.js',
  types: './exempt.d.ts',
  exports: {
    '.': { types: './exempt.d.ts', default: './exempt.js' },
    './exempt_bg.wasm': './exempt_bg.wasm',
  },
  files: ['exempt.js', 'exempt_bg.wasm', 'exempt.d.ts', 'README.md'],
  sideEffects: false,
  engines: { node: '>=20' },
};
process.stdout.write(JSON.stringify(pkg, null, 2) + '\n');
