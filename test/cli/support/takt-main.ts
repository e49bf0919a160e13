// `takt` from the TypeScript sources, for tests that need a real process (bin/takt.js needs a build).
import { main } from '../../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2), process.env);
