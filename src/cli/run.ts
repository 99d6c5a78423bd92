// Process entry point: bin/vouch.js and `npm run dev` start here.
import { main } from './main.js';

const code = await main(process.argv);
// Every piece of work is awaited by main. Once the output is flushed, exit at once rather than let
// V8 run the idle-time garbage collection it has queued (tens of ms after a large SBOM).
if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
process.exitCode = code;
