// Generates TypeScript types from every OpenAPI file under http/ into generated/.
// The OpenAPI files are the source of truth; handlers' zod schemas are checked against
// these types at compile time.
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'generated');
mkdirSync(out, { recursive: true });
const files = readdirSync(join(root, 'http')).filter((f) => f.endsWith('.yaml') && !f.startsWith('_'));
const index = [];
for (const file of files) {
  const name = basename(file, '.yaml');
  const ast = await openapiTS(pathToFileURL(join(root, 'http', file)), { alphabetize: true, immutable: false });
  writeFileSync(join(out, `${name}.ts`), `// Generated from contracts/http/${file} by openapi-typescript. Do not edit.\n${astToString(ast)}`);
  index.push(`export type * as ${name.replace(/-(\w)/g, (_, c) => c.toUpperCase())} from './${name}';`);
}
writeFileSync(join(out, 'index.ts'), `// Generated. Do not edit.\n${index.join('\n')}\nexport {};\n`);
console.log(`openapi-typescript: ${files.length} contracts -> generated/`);
