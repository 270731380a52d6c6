/* baton: the header search box, until it is used.
 *
 * Every page but the search page has the box; few visits use it. This script only makes "/"
 * focus the box, and loads search.js (the parser, the ranking, the index reader) the first time
 * the box is focused or hovered. search.js then takes the box over, and runs whatever was typed
 * while it loaded. No inline script: the site's Content Security Policy allows none.
 */
(function () {
  'use strict';
  var me = document.currentScript;
  var input = document.querySelector('form.search-box input[name=q]');
  if (!me || !input) return;
  var root = me.getAttribute('data-root') || '';
  var loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    var script = document.createElement('script');
    script.src = root + 'search.js';
    script.setAttribute('data-root', root);
    document.head.appendChild(script);
  }
  input.addEventListener('focus', load);
  input.addEventListener('pointerenter', load);
  // As search.js does once loaded (its own handler then finds the box focused and does nothing).
  document.addEventListener('keydown', function (e) {
    var at = document.activeElement;
    var editing = at && (at.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(at.tagName));
    if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !editing) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
})();
