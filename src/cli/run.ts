// Process entry point: bin/vouch.js and `npm run dev` start here.
import { main } from './main.js';

const code = await main(process.argv);
process.exitCode = code;
