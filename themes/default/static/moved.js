/* baton: the 404 page finds a decision that moved.
 *
 * A decision written inline in a handoff once had a page of its own at decisions/ID/; it is now
 * an entry on its handoff's page (handoffs/H/#decision-ID). Bookmarks and links in chat still
 * name the old address, and a static host answers it with this page. When the missing address
 * is decisions/ID/, this script looks ID up in the decision index the site publishes
 * (decisions.json, continued in further pages on a very large base: each page names the first
 * and last id it holds) and goes to the entry, as a redirect would. Anything else is left to
 * the page's own links. No inline script: the site's Content Security Policy allows none.
 */
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || !window.fetch) return;
  var root = me.getAttribute('data-root') || '/';
  var path = location.pathname;
  if (path.indexOf(root) !== 0) return;
  var asked = /^decisions\/([^/]+)\/(?:index\.html)?$/.exec(path.slice(root.length) + (/\/$|\.html$/.test(path) ? '' : '/'));
  if (!asked) return;
  var id;
  try {
    id = decodeURIComponent(asked[1]);
  } catch (e) {
    return;
  }
  var note = document.getElementById('moved');

  function get(url) {
    return fetch(root + url).then(function (r) {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r.json();
    });
  }

  // The entry's address: the index gives it; an index without one (a theme's or an older
  // site's) still names the handoff an inline decision belongs to.
  function address(entry) {
    if (entry.url) return entry.url;
    if (entry.handoff) return 'handoffs/' + encodeURIComponent(entry.handoff) + '/#decision-' + encodeURIComponent(entry.id);
    return 'decisions/' + encodeURIComponent(entry.id) + '/';
  }

  function found(entry) {
    var target = address(entry);
    // Still at the address asked for: the decision has a page of its own, and it is missing.
    if (/^decisions\/[^/#]+\/$/.test(target)) return;
    if (note) {
      var link = document.createElement('a');
      link.href = root + target;
      link.textContent = entry.title || id;
      note.textContent = 'This decision moved to its handoff\u2019s page: ';
      note.appendChild(link);
      note.hidden = false;
    }
    location.replace(root + target);
  }

  function search(index, tried) {
    var entries = index.decisions || [];
    for (var i = 0; i < entries.length; i++) {
      if (entries[i].id === id) return found(entries[i]);
    }
    // A later page of the index whose range holds the id, else any page not read yet.
    var pages = (index.pages || []).filter(function (p) { return p.url && !tried[p.url]; });
    var next = pages.filter(function (p) { return p.first <= id && id <= p.last; })[0] || pages[0];
    if (!next) return;
    tried[next.url] = true;
    return get(next.url).then(function (more) { return search(more, tried); });
  }

  get('decisions.json')
    .then(function (index) { return search(index, { 'decisions.json': true }); })
    .catch(function () { /* the page's own links remain */ });
})();
