/**
 * Records what native CPython prints for every program of the differential suite, in
 * src/engines/python/interpreter-tests/differential/native.json: the suite compares with
 * it on machines without `python3` (see differential.ts there). Run it after adding or
 * changing a program: `npm run differential:record`.
 */
import { writeFileSync } from 'node:fs';
import {
  RECORD_PATH,
  nativeVersion,
  programs,
  references,
} from '../src/engines/python/interpreter-tests/differential.ts';

const version = nativeVersion();
if (!version) {
  console.error('python3 is needed to record its outputs.');
  process.exit(1);
}
const list = programs().filter((program) => program.expected === null);
const outputs = {};
const answers = references(list);
for (const program of list) outputs[program.id] = await answers.get(program.id);
writeFileSync(RECORD_PATH, `${JSON.stringify({ python: version, outputs }, null, 2)}\n`);
console.log(`Recorded ${list.length} outputs of ${version} in ${RECORD_PATH}.`);
