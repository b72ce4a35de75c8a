// Side-effect entry: importing it registers every tag (`import '@contacts-manager/elements/define'`).
import { define } from './register.js';

define();

export { define };
