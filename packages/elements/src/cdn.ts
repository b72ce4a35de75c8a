// The script-tag build's entry: registers every tag on load and exposes the public API
// (`<script type="module" src=".../contacts-manager.js">`, or the classic IIFE as `ContactsManager`).
import './define.js';

export * from './index.js';
