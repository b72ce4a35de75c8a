// "ResizeObserver loop completed with undelivered notifications" is benign (the virtualizer
// measures rows as they render) but reaches window.onerror, where mocha would fail the test.
window.addEventListener(
  'error',
  (event) => {
    if (event.message?.includes('ResizeObserver loop')) event.stopImmediatePropagation();
  },
  true,
);

export {};
