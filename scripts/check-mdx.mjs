// Compiles MDX files on their own, so a contributor (or a helper) can catch MDX syntax
// errors in a page in under a second, without a full site build.
// Usage: node scripts/check-mdx.mjs content/gil.mdx [more.mdx ...]
import { readFile } from 'node:fs/promises';
import { compile } from '@mdx-js/mdx';

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    await compile(await readFile(file, 'utf8'));
    console.log(`ok   ${file}`);
  } catch (error) {
    failed += 1;
    console.error(`FAIL ${file}\n  ${String(error).replaceAll('\n', '\n  ')}`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
