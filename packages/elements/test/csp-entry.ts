// Loaded by the strict-CSP test page: records every violation, then registers the widget.
declare global {
  interface Window {
    cspViolations: string[];
  }
}

window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || event.sample} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`);
});

await import('../src/define.js');

export {};
