// Prints vitest's totals as one plain line ("N passed, N failed, N skipped") for CI log readers.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
const r = JSON.parse(readFileSync(file, 'utf8'));
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + (r.numTodoTests ?? 0)} skipped`);
if (r.numTotalTests === 0) process.exitCode = 1;
