/** Where the browser tests write their screenshots (the CI keeps them as artifacts). */
import path from 'node:path';

export const SCREENSHOTS = path.resolve('test-results/screenshots');
