export { tokenStyles } from './tokens.styles.js';
export { baseStyles, buttonStyles, fieldStyles, dialogStyles } from './shared.styles.js';
export { gearIcon, chevronDownIcon, searchIcon, plusIcon } from './icons.js';
