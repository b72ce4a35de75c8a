// Side-effect entry: importing it registers every tag (`import '@contacts-manager/elements/define'`).
import './internal/zod-jitless.js';
import { define } from './register.js';

define();

export { define };
