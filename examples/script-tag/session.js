/* global document, location */
// The page's glue, as an external file because the CSP forbids inline scripts. It gives every
// <contacts-manager> on the page a getToken that asks this site's backend for a session
// token (POST /api/contacts-session); the secret key stays on that backend.
(function () {
  'use strict';
  var EXPIRY_MARGIN_MS = 60000;
  var current = null;
  var pending = null;

  function requestToken() {
    return fetch('/api/contacts-session', { method: 'POST', credentials: 'same-origin' });
  }

  // The token route serves only the user signed in to this site (its SameSite=Strict cookie).
  // This page has no login of its own: it signs in as the demo administrator when needed.
  function signIn() {
    return fetch('/api/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'role=admin',
    });
  }

  // Signed in once per page load before the first token, so no request is refused on the
  // way (a 401 in the console looks like a fault); a later 401 means the sign-in expired.
  var signedIn = null;

  function signInOnce() {
    signedIn =
      signedIn ||
      signIn().catch(function (error) {
        signedIn = null; // a failed sign-in is tried again on the next token
        throw error;
      });
    return signedIn;
  }

  function mint() {
    return signInOnce()
      .then(requestToken)
      .then(function (response) {
        if (response.status !== 401) return response;
        signedIn = null;
        return signInOnce().then(requestToken);
      })
      .then(function (response) {
        if (!response.ok)
          throw new Error('Could not start a contacts session (HTTP ' + response.status + ').');
        return response.json();
      });
  }

  function getToken() {
    if (current && Date.parse(current.expiresAt) - EXPIRY_MARGIN_MS > Date.now())
      return Promise.resolve(current.token);
    if (!pending) {
      pending = mint().then(
        function (session) {
          pending = null;
          current = session;
          return session;
        },
        function (error) {
          pending = null;
          throw error;
        },
      );
    }
    return pending.then(function (session) {
      return session.token;
    });
  }

  // Deferred scripts run in order once the page is parsed: this one before the widget's, so
  // the elements are configured before they upgrade and start (the API is on this origin).
  document.querySelectorAll('contacts-manager').forEach(function (element) {
    if (!element.hasAttribute('base-url')) element.setAttribute('base-url', location.origin);
    element.getToken = getToken;
  });
})();
