/* baton search: the search box in every header and the /search/ page.
 *
 * Reads the static index that `baton build` writes under search/ (see src/search/static_index):
 * meta.bin once, then only the shards a query's words fall in, the facets file for filter counts,
 * the newest-first order for a query of filters alone, and one fragment per result shown
 * (fragments and pair shards by range requests into packs). On
 * pages other than the search page, search-box.js loads this script when the box is first used. Every rule here mirrors the Rust side, so the page and
 * `baton search` agree: analysis (src/search/analyze.rs), the query language
 * (src/search/query.rs) and ranking (src/search/static_index/rank.rs, which tantivy's BM25 in
 * src/search/engine.rs matches). Change one, change the other; tests/analysis.json and the
 * browser tests hold them together.
 *
 * No framework, no inline script, no HTML strings: every node is built with textContent, so no
 * title or snippet can inject markup. Without JavaScript the header form is a plain GET to
 * search/ and the page says search needs JavaScript.
 */
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || !window.fetch || !window.DecompressionStream || !window.TextDecoder) return;
  var BASE = (me.getAttribute('data-root') || '') + 'search/';
  var ROOT = me.getAttribute('data-root') || '';
  var K1 = 1.2, B = 0.75, MAX_TERM = 40, SNIPPET = 180, PAGE = 10, POPUP = 6, MIN_PREFIX = 3;

  /* ---- Analysis: mirrors src/search/analyze.rs ---------------------------------------- */

  var RUN = /[\p{Alphabetic}\p{N}][\p{Alphabetic}\p{N}\p{M}]*/gu;
  // Characters that UAX #29 makes words of their own (ideographs, kana, scripts without spaces).
  var ALONE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
  var KATAKANA = /\p{Script=Katakana}/u;
  var MARK = /\p{M}/u;
  var MARKS = /\p{M}/gu;

  function fold(word) {
    return word.toLowerCase().normalize('NFD').replace(MARKS, '');
  }

  // Terms of `text` with their UTF-16 offsets: [{t, start, end}].
  function terms(text) {
    var out = [];
    RUN.lastIndex = 0;
    var m;
    while ((m = RUN.exec(text)) !== null) split(m[0], m.index, out);
    return out;
  }

  function split(run, offset, out) {
    var start = 0, kind = null, i = 0;
    function close(end) {
      if (end > start) push(run.slice(start, end), offset + start, offset + end, out);
      start = end;
    }
    for (var ch of run) {
      var next = MARK.test(ch) ? 'mark' : ALONE.test(ch) ? 'alone' : KATAKANA.test(ch) ? 'kana' : 'word';
      if (next !== 'mark') {
        if (kind === 'alone' || (kind !== null && next !== kind) || next === 'alone') close(i);
        kind = next;
      }
      i += ch.length;
    }
    close(run.length);
  }

  function push(word, start, end, out) {
    var t = fold(word);
    if (t.length && Array.from(t).length <= MAX_TERM) out.push({ t: t, start: start, end: end });
  }

  function termTexts(text) {
    return terms(text).map(function (x) { return x.t; });
  }

  /* ---- Query language: mirrors src/search/query.rs ------------------------------------ */

  var QUESTION = new Set(('a about an and are choose chose chosen decide decided decision decisions did do does for ' +
    'how in is of on pick picked the to was we what when where which who why').split(' '));
  var CUES = new Set('choose chose chosen decide decided decision decisions pick picked why'.split(' '));
  var FIELDS = ['title', 'owner', 'status', 'team', 'tag', 'kind'];
  var STATUSES = ['draft', 'ready', 'accepted', 'in-progress', 'blocked', 'done', 'cancelled', 'proposed',
    'rejected', 'superseded', 'deprecated'];

  // As src/slug.rs: compatibility-decomposed, accents dropped, lowercase, other characters → `-`.
  function slugify(text) {
    return text.normalize('NFKD').replace(MARKS, '').toLowerCase()
      .replace(/[^\p{Alphabetic}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
  }

  // Splits into pieces {neg, field, value, quoted}; throws a message on bad syntax.
  function pieces(input) {
    var out = [], rest = input.replace(/^\s+/, '');
    while (rest.length) {
      var neg = false;
      if (rest[0] === '-') {
        if (rest.length === 1 || /\s/.test(rest[1])) throw '`-` must be followed by the word to exclude, as in `-mysql`';
        neg = true;
        rest = rest.slice(1);
      }
      var wordEnd = rest.search(/\s/);
      var word = wordEnd < 0 ? rest : rest.slice(0, wordEnd);
      var field = null, colon = word.indexOf(':');
      if (colon > 0 && word[0] !== '"') {
        var name = word.slice(0, colon);
        if (/^[A-Za-z]+$/.test(name) && name.length <= 12 && name !== 'http' && name !== 'https') {
          field = name.toLowerCase();
          rest = rest.slice(colon + 1);
        }
      }
      if (rest[0] === '"') {
        var close = rest.indexOf('"', 1);
        if (close < 0) throw 'a phrase is missing its closing `"`';
        out.push({ neg: neg, field: field, value: rest.slice(1, close), quoted: true });
        rest = rest.slice(close + 1);
      } else {
        var end = rest.search(/\s/);
        if (field && FIELDS.indexOf(field) < 0) throw 'unknown field `' + field + ':`; fields are ' + FIELDS.join(', ');
        out.push({ neg: neg, field: field, value: end < 0 ? rest : rest.slice(0, end), quoted: false });
        rest = end < 0 ? '' : rest.slice(end);
      }
      rest = rest.replace(/^\s+/, '');
    }
    return out;
  }

  // Query: {groups: [{alts: [text], required}], pairs: [[a, b]], excluded: [text], filters: [[facet, value]], cue}
  // where text = {scope: 'any'|'title', kind: 'term'|'phrase'|'prefix', terms: [..]}.
  // `typing` makes the last plain word a prefix, as the user has not finished it yet.
  function parse(input, typing) {
    var list = pieces(input);
    if (typing && list.length && !/\s$/.test(input)) {
      var last = list[list.length - 1];
      var bare = termTexts(last.value);
      var plain = !last.quoted && !last.neg && last.field === null && last.value !== 'OR' && !/\*$/.test(last.value);
      // A prefix of one or two letters would fetch every shard of its range: wait for a third,
      // and until then leave the fragment out when other words are there to search.
      if (plain && bare.length === 1 && Array.from(bare[0]).length >= MIN_PREFIX) last.value += '*';
      else if (plain && bare.length === 1 && list.length > 1 && list[list.length - 2].value !== 'OR') list.pop();
    }
    var q = { groups: [], pairs: [], excluded: [], filters: [], cue: false };
    var pending = [], joined = false, lastPlain = null;
    list.forEach(function (p, i) {
      if (!p.quoted && p.field === null && p.value === 'OR' && !p.neg) {
        if (!pending.length || i + 1 === list.length) throw '`OR` needs a word on each side, as in `kafka OR debezium`';
        joined = true;
        return;
      }
      var part = partOf(p);
      if (part.filter) q.filters.push(part.filter);
      else if (part.excluded) q.excluded = q.excluded.concat(part.excluded);
      else if (part.texts) {
        var plain = !p.quoted && part.texts.length === 1 && part.texts[0].scope === 'any' && part.texts[0].kind === 'term'
          ? part.texts[0].terms[0] : null;
        if (joined) {
          pending = pending.concat(part.texts);
          joined = false;
          lastPlain = null;
          return;
        }
        flush(q, pending);
        if (lastPlain !== null && plain !== null) q.pairs.push([lastPlain, plain]);
        lastPlain = plain;
        pending = part.texts;
      }
      if (joined) throw '`OR` must join two words or phrases, not a filter or an exclusion';
    });
    flush(q, pending);
    var isQuestion = function (g) {
      return g.alts.length === 1 && g.alts[0].scope === 'any' && g.alts[0].kind === 'term' && QUESTION.has(g.alts[0].terms[0]);
    };
    if (q.groups.some(function (g) { return !isQuestion(g); })) {
      q.groups.forEach(function (g) { if (isQuestion(g)) g.required = false; });
    }
    q.cue = q.groups.some(function (g) {
      return g.alts.some(function (t) { return t.kind === 'term' && CUES.has(t.terms[0]); });
    });
    return q;
  }

  function flush(q, pending) {
    if (pending.length) q.groups.push({ alts: pending.slice(), required: true });
    pending.length = 0;
  }

  function partOf(p) {
    var scope = 'any';
    if (p.field === 'title') scope = 'title';
    else if (p.field !== null) {
      if (p.neg) throw '`-' + p.field + ':` is not supported: a filter can only include, not exclude';
      return { filter: filterOf(p.field, p.value) };
    }
    var prefix = !p.quoted && /\*$/.test(p.value);
    var ts = termTexts(p.value.replace(/\*+$/, ''));
    if (prefix && !ts.length) throw '`' + p.value + '`: a prefix needs at least one letter or digit before `*`';
    if (!ts.length) return {};
    var text = { scope: scope, kind: ts.length > 1 ? 'phrase' : prefix ? 'prefix' : 'term', terms: ts };
    return p.neg ? { excluded: [text] } : { texts: [text] };
  }

  function filterOf(field, value) {
    if (!value) throw '`' + field + ':` needs a value';
    if (field === 'owner') return ['owner', value.toLowerCase().replace(/^@+/, '')];
    if (field === 'status') {
      if (STATUSES.indexOf(value.toLowerCase()) < 0) throw '`' + value + '` is not a status; statuses are ' + STATUSES.join(', ');
      return ['status', value.toLowerCase()];
    }
    if (field === 'kind') {
      var kind = value.toLowerCase();
      if (kind !== 'handoff' && kind !== 'decision') throw '`kind:' + value + '`: a kind is `handoff` or `decision`';
      return ['kind', kind];
    }
    return [field, slugify(value)];
  }

  function relaxed(q) {
    return Object.assign({}, q, { groups: q.groups.map(function (g) { return { alts: g.alts, required: false }; }) });
  }

  /* ---- The index files ---------------------------------------------------------------- */

  var files = new Map();
  function load(path) {
    if (!files.has(path)) {
      var pending = fetch(BASE + path).then(function (r) {
        if (!r.ok) throw new Error(path + ': ' + r.status);
        return r.arrayBuffer();
      }).then(gunzip);
      pending.catch(function () { files.delete(path); });
      files.set(path, pending);
    }
    return files.get(path);
  }

  // Every file is gzipped; a host that already decoded it (Content-Encoding) is fine too.
  function gunzip(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  var utf8 = new TextDecoder();
  function json(bytes) { return JSON.parse(utf8.decode(bytes)); }

  function Reader(bytes) { this.b = bytes; this.at = 0; }
  Reader.prototype.varint = function () {
    var value = 0, scale = 1, byte;
    do {
      byte = this.b[this.at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return value;
  };

  // term → [heading postings, body postings], each a flat [doc, tf, norm, doc, tf, norm, …].
  function decodeShard(bytes) {
    var r = new Reader(bytes), count = r.varint(), map = new Map(), prev = new Uint8Array(0);
    for (var i = 0; i < count; i++) {
      var shared = r.varint(), len = r.varint();
      var term = new Uint8Array(shared + len);
      term.set(prev.subarray(0, shared));
      term.set(bytes.subarray(r.at, r.at + len), shared);
      r.at += len;
      var fields = [[], []];
      for (var f = 0; f < 2; f++) {
        var n = r.varint(), doc = 0, list = fields[f];
        for (var j = 0; j < n; j++) {
          var delta = r.varint();
          doc = j === 0 ? delta : doc + delta;
          list.push(doc, r.varint(), bytes[r.at++]);
        }
      }
      map.set(utf8.decode(term), fields);
      prev = term;
    }
    return map;
  }

  function decodeFacet(bytes) {
    var r = new Reader(bytes), n = r.varint(), all = new Array(n);
    for (var d = 0; d < n; d++) {
      var k = r.varint(), list = [];
      for (var j = 0; j < k; j++) list.push(r.varint());
      all[d] = list;
    }
    return all;
  }

  var index = null;
  function open() {
    if (!index) {
      index = load('meta.bin').then(function (bytes) {
        var meta = json(bytes);
        if (meta.version !== 4) throw new Error('search index format ' + meta.version);
        meta.firstBytes = meta.shards.map(function (s) { return new TextEncoder().encode(s[0]); });
        return { meta: meta, facets: {}, shards: new Map() };
      });
      index.catch(function () { index = null; });
    }
    return index;
  }

  function compareBytes(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  }

  // The shard whose range holds `term`: the last whose first term is not after it (byte order).
  function shardOf(ix, term) {
    var key = new TextEncoder().encode(term), lo = 0, hi = ix.meta.firstBytes.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (compareBytes(ix.meta.firstBytes[mid], key) <= 0) lo = mid + 1; else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  // The shard holding `term`: a word shard's file by range, `pair N` for pair shard N by hash.
  function fileOf(ix, term) {
    if (term[0] === ' ') return 'pair ' + (fnv32(term) % ix.meta.pairs.count);
    return ix.meta.shards[shardOf(ix, term)][1];
  }

  // 32-bit FNV-1a of the UTF-8 bytes, as src/search/hash.rs fnv1a32.
  function fnv32(text) {
    var h = 0x811c9dc5, bytes = new TextEncoder().encode(text);
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    return h >>> 0;
  }

  // Every document number, newest first: the order of a query with filters and no words
  // (src/search/static_index/newest.rs), fetched only for such a query.
  function newest(ix) {
    if (!ix.newest) {
      ix.newest = load(ix.meta.newest).then(function (bytes) {
        var r = new Reader(bytes), n = r.varint(), order = new Array(n);
        for (var i = 0; i < n; i++) order[i] = r.varint();
        return order;
      });
      ix.newest.catch(function () { ix.newest = null; });
    }
    return ix.newest;
  }

  function shard(ix, key) {
    if (!ix.shards.has(key)) {
      var bytes = /^pair /.test(key) ? member(ix.meta.pairs.packs, Number(key.slice(5))) : load(key);
      ix.shards.set(key, bytes.then(decodeShard));
    }
    return ix.shards.get(key);
  }

  // Loads the facet files `names` (status, owner, team, tag) that are not loaded yet.
  function facets(ix, names) {
    return Promise.all(names.filter(function (n) { return n !== 'kind' && !ix.facets[n]; }).map(function (n) {
      return load(ix.meta.facets[FACETS.indexOf(n) - 1]).then(function (bytes) { ix.facets[n] = decodeFacet(bytes); });
    }));
  }

  /* ---- Ranking: mirrors src/search/static_index/rank.rs ------------------------------- */

  // Two adjacent terms, as the index keys them (src/search/static_index/mod.rs pair_key).
  function pairKey(a, b) { return ' ' + a + ' ' + b; }

  // Every shard a query needs, fetched in parallel before scoring.
  function needed(ix, q) {
    var want = new Set();
    var addText = function (t) {
      if (t.kind === 'prefix') {
        for (var n = shardOf(ix, t.terms[0]); n < ix.meta.shards.length; n++) {
          want.add(ix.meta.shards[n][1]);
          var next = ix.meta.shards[n + 1];
          if (!next || !next[0].startsWith(t.terms[0])) break;
        }
      } else {
        t.terms.forEach(function (w) { want.add(fileOf(ix, w)); });
        for (var i = 0; i + 1 < t.terms.length; i++) want.add(fileOf(ix, pairKey(t.terms[i], t.terms[i + 1])));
      }
    };
    q.groups.forEach(function (g) { g.alts.forEach(addText); });
    q.excluded.forEach(addText);
    q.pairs.forEach(function (p) { want.add(fileOf(ix, pairKey(p[0], p[1]))); });
    var loaded = {};
    return Promise.all(Array.from(want).map(function (file) {
      return shard(ix, file).then(function (map) { loaded[file] = map; });
    })).then(function () { return loaded; });
  }

  function Scorer(ix, loaded) { this.ix = ix; this.loaded = loaded; }

  Scorer.prototype.postings = function (term) {
    var map = this.loaded[fileOf(this.ix, term)];
    return (map && map.get(term)) || [[], []];
  };

  Scorer.prototype.fields = function (scope) {
    return scope === 'title' ? [[0, this.ix.meta.title_boost]] : [[0, this.ix.meta.title_boost], [1, 1]];
  };

  Scorer.prototype.bm25 = function (field, idf, tf, norm) {
    var length = this.ix.meta.norms[norm];
    return idf * (1 + K1) * tf / (tf + K1 * (1 - B + B * length / this.ix.meta.avg[field]));
  };

  function idf(n, total) { return Math.log(1 + (total - n + 0.5) / (n + 0.5)); }

  function add(into, scores) { scores.forEach(function (s, d) { into.set(d, (into.get(d) || 0) + s); }); }

  Scorer.prototype.term = function (scope, term, weight) {
    var p = this.postings(term), scores = new Map(), self = this;
    this.fields(scope).forEach(function (fb) {
      var list = p[fb[0]], w = idf(list.length / 3, self.ix.meta.docs);
      for (var i = 0; i < list.length; i += 3) {
        var d = list[i];
        scores.set(d, (scores.get(d) || 0) + fb[1] * weight * self.bm25(fb[0], w, list[i + 1], list[i + 2]));
      }
    });
    return scores;
  };

  // Two words: the pair's postings; longer phrases: every consecutive pair, the rarest pair's count.
  Scorer.prototype.phrase = function (scope, words, weight) {
    var self = this, pairs = [], scores = new Map();
    for (var i = 0; i + 1 < words.length; i++) pairs.push(this.postings(pairKey(words[i], words[i + 1])));
    this.fields(scope).forEach(function (fb) {
      var f = fb[0], w = 0;
      words.forEach(function (t) { w += idf(self.postings(t)[f].length / 3, self.ix.meta.docs); });
      var matches = new Map(), first = pairs[0][f];
      for (var j = 0; j < first.length; j += 3) matches.set(first[j], [first[j + 1], first[j + 2]]);
      pairs.slice(1).forEach(function (pair) {
        var present = new Map();
        for (var k = 0; k < pair[f].length; k += 3) present.set(pair[f][k], pair[f][k + 1]);
        matches.forEach(function (m, d) {
          if (present.has(d)) m[0] = Math.min(m[0], present.get(d)); else matches.delete(d);
        });
      });
      matches.forEach(function (m, d) {
        scores.set(d, (scores.get(d) || 0) + fb[1] * weight * self.bm25(f, w, m[0], m[1]));
      });
    });
    return scores;
  };

  // The most frequent terms starting with `prefix` (pairs excluded), ties by term.
  Scorer.prototype.expand = function (prefix) {
    var found = [];
    for (var n in this.loaded) {
      this.loaded[n].forEach(function (p, term) {
        if (term.startsWith(prefix) && term[0] !== ' ') found.push([term, (p[0].length + p[1].length) / 3]);
      });
    }
    found.sort(function (a, b) { return b[1] - a[1] || compareBytes(new TextEncoder().encode(a[0]), new TextEncoder().encode(b[0])); });
    return found.slice(0, this.ix.meta.max_expansions).map(function (x) { return x[0]; });
  };

  Scorer.prototype.text = function (t) {
    if (t.kind === 'term') return this.term(t.scope, t.terms[0], 1);
    if (t.kind === 'phrase') return this.phrase(t.scope, t.terms, 1);
    var scores = new Map(), self = this, prefix = t.terms[0], expansions = this.expand(prefix);
    expansions.forEach(function (term) {
      add(scores, self.term(t.scope, term, term === prefix ? 1 : self.ix.meta.prefix_weight));
    });
    this.expanded = (this.expanded || []).concat(expansions);
    return scores;
  };

  var FACETS = ['kind', 'status', 'owner', 'team', 'tag'];

  // Documents after the handoffs are decisions (they are numbered that way).
  function kindOf(ix, doc) { return doc < ix.meta.handoffs ? 0 : 1; }

  // The facet's value positions of `doc`; the facet's file must be loaded.
  function valuesOf(ix, facet, doc) {
    return facet === 'kind' ? [kindOf(ix, doc)] : ix.facets[facet][doc];
  }

  function passes(ix, doc, filters) {
    return filters.every(function (f) {
      var values = ix.meta.values[f[0]];
      var position = values.findIndex(function (v) { return (Array.isArray(v) ? v[0] : v) === f[1]; });
      return position >= 0 && valuesOf(ix, f[0], doc).indexOf(position) >= 0;
    });
  }

  // The documents matching the text of `q` (filters not applied yet) with their scores.
  function match(ix, loaded, q) {
    var s = new Scorer(ix, loaded);
    var groups = q.groups.map(function (g) {
      var scores = new Map();
      g.alts.forEach(function (t) { add(scores, s.text(t)); });
      return { required: g.required, scores: scores };
    });
    var required = groups.filter(function (g) { return g.required; });
    var candidates;
    if (required.length) {
      candidates = Array.from(required[0].scores.keys()).filter(function (d) {
        return required.every(function (g) { return g.scores.has(d); });
      });
    } else {
      var all = new Set();
      groups.forEach(function (g) { g.scores.forEach(function (_, d) { all.add(d); }); });
      candidates = Array.from(all);
    }
    var excluded = new Set();
    q.excluded.forEach(function (t) { s.text(t).forEach(function (_, d) { excluded.add(d); }); });
    var pairs = q.pairs.map(function (p) { return s.phrase('any', p, 1); });
    var hits = candidates.filter(function (d) { return !excluded.has(d); }).map(function (d) {
      var score = 0;
      groups.forEach(function (g) { score += g.scores.get(d) || 0; });
      pairs.forEach(function (p) { score += p.get(d) || 0; });
      if (q.cue && kindOf(ix, d) === 1) score *= ix.meta.decision_boost;
      return [d, score];
    });
    return { hits: hits, terms: wanted(q, s) };
  }

  // A query without words: every document but the excluded ones, newest first, scored 0, as
  // `baton search` lists them (filters are applied by the caller).
  function listing(ix, loaded, order, q) {
    var s = new Scorer(ix, loaded), excluded = new Set();
    q.excluded.forEach(function (t) { s.text(t).forEach(function (_, d) { excluded.add(d); }); });
    var hits = order.filter(function (d) { return !excluded.has(d); }).map(function (d) { return [d, 0]; });
    return { hits: hits, terms: new Set() };
  }

  function wanted(q, scorer) {
    var set = new Set(scorer.expanded || []);
    q.groups.forEach(function (g) { g.alts.forEach(function (t) { t.terms.forEach(function (w) { set.add(w); }); }); });
    return set;
  }

  function sortHits(hits) {
    return hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
  }

  // Runs `q` with `chosen` filters added to its own; relaxes like the CLI when nothing has every
  // word. Loads the facet files the filters need, plus `counted` (the facets to count).
  function search(q, chosen, counted) {
    return open().then(function (ix) {
      var names = q.filters.concat(chosen).map(function (f) { return f[0]; }).concat(counted || []);
      var words = q.groups.length > 0;
      return Promise.all([needed(ix, q), words ? null : newest(ix), facets(ix, names)]).then(function (done) {
        var loaded = done[0];
        var run = function (query) {
          var m = words ? match(ix, loaded, query) : listing(ix, loaded, done[1], query);
          var filters = query.filters.concat(chosen);
          var hits = m.hits.filter(function (h) { return passes(ix, h[0], filters); });
          if (words) sortHits(hits);
          return { ix: ix, q: query, all: m.hits, hits: hits, terms: m.terms, relaxed: false };
        };
        var result = run(q);
        var canRelax = q.groups.length > 1 && q.groups.some(function (g) { return g.required; });
        if (!result.hits.length && canRelax) {
          result = run(relaxed(q));
          result.relaxed = true;
        }
        return result;
      });
    });
  }

  /* ---- Packs: mirrors src/search/static_index/pack.rs --------------------------------- */

  // Fragments and pair shards are members of packs: a table of u32 offsets, then gzip members.
  // A member takes two range requests: the 8 bytes of the table that bound it, then its bytes.
  // A host that ignores Range sends the whole pack, which is kept and sliced here; so that it
  // comes once, other members of a pack wait for the first answer about it.
  var wholes = new Map(), firsts = new Map(), members = new Map();

  // Bytes [from, to) of a search file.
  function slice(path, from, to) {
    var whole = wholes.get(path);
    if (whole) return whole.then(function (b) { return b.subarray(from, to); });
    return fetch(BASE + path, { headers: { Range: 'bytes=' + from + '-' + (to - 1) } }).then(function (r) {
      if (!r.ok) throw new Error(path + ': ' + r.status);
      if (r.status === 206) return r.arrayBuffer().then(function (b) { return new Uint8Array(b); });
      whole = r.arrayBuffer().then(function (b) { return new Uint8Array(b); });
      wholes.set(path, whole);
      whole.catch(function () { wholes.delete(path); });
      return whole.then(function (b) { return b.subarray(from, to); });
    });
  }

  function u32(bytes, at) {
    return bytes[at] + bytes[at + 1] * 0x100 + bytes[at + 2] * 0x10000 + bytes[at + 3] * 0x1000000;
  }

  // Member `n` of `packs` ({folder, per_pack}), unzipped.
  function member(packs, n) {
    var slot = n % packs.per_pack, path = packs.folder + '/' + Math.floor(n / packs.per_pack) + '.bin';
    var key = path + '#' + slot;
    if (!members.has(key)) {
      var table = function () { return slice(path, 4 * slot, 4 * slot + 8); };
      var first = firsts.get(path);
      var bounds = first ? first.then(table, table) : table();
      if (!first) firsts.set(path, bounds);
      var pending = bounds.then(function (t) {
        if (t.length !== 8) throw new Error(path + ': no member ' + slot);
        return slice(path, u32(t, 0), u32(t, 4));
      }).then(gunzip);
      pending.catch(function () { members.delete(key); });
      members.set(key, pending);
    }
    return members.get(key);
  }

  function fragment(ix, doc) {
    return member(ix.meta.fragments, doc).then(json);
  }

  /* ---- Snippets ----------------------------------------------------------------------- */

  // The passage of `text` with the most distinct wanted terms: [{text, mark}].
  function snippet(text, want) {
    var ts = terms(text), best = null;
    for (var i = 0; i < ts.length; i++) {
      if (!want.has(ts[i].t)) continue;
      var distinct = new Set(), count = 0;
      for (var j = i; j < ts.length && ts[j].end - ts[i].start <= SNIPPET; j++) {
        if (want.has(ts[j].t)) { distinct.add(ts[j].t); count++; }
      }
      var score = distinct.size * 100 + count;
      if (!best || score > best.score) best = { score: score, at: i };
    }
    var from = best ? Math.max(0, ts[best.at].start - 40) : 0;
    while (from > 0 && /\S/.test(text[from - 1])) from--;
    var to = Math.min(text.length, from + SNIPPET);
    while (to < text.length && /\S/.test(text[to])) to++;
    var parts = [], at = from;
    ts.forEach(function (x) {
      if (x.start >= from && x.end <= to && want.has(x.t)) {
        parts.push({ text: text.slice(at, x.start) }, { text: text.slice(x.start, x.end), mark: true });
        at = x.end;
      }
    });
    parts.push({ text: text.slice(at, to) });
    parts.forEach(function (p) { p.text = p.text.replace(/\s+/g, ' '); });
    if (from > 0) parts.unshift({ text: '…' });
    if (to < text.length) parts.push({ text: '…' });
    return parts;
  }

  /* ---- DOM ---------------------------------------------------------------------------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function badge(status) { return el('span', 'badge status-' + status, status); }

  function resultItem(f, want, id) {
    var li = el('li', 'search-result');
    if (id) { li.id = id; li.setAttribute('role', 'option'); }
    var a = el('a', 'search-result-title', f.title);
    a.href = ROOT + f.url;
    var facts = el('p', 'search-result-facts');
    facts.append(badge(f.status), ' ', el('span', 'search-kind', f.kind));
    if (f.people.length) facts.append(' · ' + f.people.join(', '));
    if (f.date) facts.append(' · ', el('time', null, f.date));
    (f.trackers || []).forEach(function (t) { facts.append(' ', el('span', 'badge tracker', t)); });
    var snip = el('p', 'search-snippet');
    snippet(f.text, want).forEach(function (p) { snip.append(p.mark ? el('mark', null, p.text) : p.text); });
    li.append(a, facts, snip);
    return li;
  }

  function isEditable(node) {
    return node && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName));
  }

  // "/" focuses the search field, wherever the page is (unless you are typing somewhere).
  function focusKey(input) {
    document.addEventListener('keydown', function (e) {
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isEditable(document.activeElement)) {
        e.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  /* ---- The header box: results as you type, arrows and Enter ----------------------- */

  function headerBox(form) {
    var input = form.querySelector('input[name=q]');
    var list = form.querySelector('.search-popup');
    var active = -1, seq = 0;
    focusKey(input);
    var show = function (on) {
      list.hidden = !on;
      input.setAttribute('aria-expanded', on ? 'true' : 'false');
    };
    var select = function (i) {
      var items = list.querySelectorAll('[role=option]');
      active = Math.max(-1, Math.min(i, items.length - 1));
      items.forEach(function (item, k) { item.setAttribute('aria-selected', k === active ? 'true' : 'false'); });
      if (active >= 0) input.setAttribute('aria-activedescendant', items[active].id);
      else input.removeAttribute('aria-activedescendant');
    };
    input.addEventListener('input', function () {
      var mine = ++seq, text = input.value, started = performance.now();
      if (!text.trim()) { show(false); list.replaceChildren(); return; }
      var q;
      try { q = parse(text, true); } catch (message) { render([el('li', 'search-note', String(message))]); return; }
      if (!q.groups.length && !q.filters.length) return;
      search(q, []).then(function (r) {
        return Promise.all(r.hits.slice(0, POPUP).map(function (h) { return fragment(r.ix, h[0]); })).then(function (fs) {
          if (mine !== seq) return;
          var items = fs.map(function (f, i) { return resultItem(f, r.terms, 'search-option-' + i); });
          if (!items.length) items = [el('li', 'search-note', 'No results')];
          var more = el('li', 'search-note');
          var link = el('a', null, r.hits.length > POPUP ? 'All ' + r.hits.length + ' results' : 'Search page');
          link.href = ROOT + 'search/?q=' + encodeURIComponent(text);
          more.append(link);
          render(items.concat(more), text, started);
        });
      }).catch(function () { if (mine === seq) render([el('li', 'search-note', 'Search is unavailable right now.')]); });
    });
    // data-for and data-ms say which query is shown and how long it took from its keystroke.
    function render(items, text, started) {
      list.replaceChildren.apply(list, items);
      list.dataset.for = text || '';
      if (started) list.dataset.ms = (performance.now() - started).toFixed(1);
      active = -1;
      show(true);
    }
    input.addEventListener('keydown', function (e) {
      var options = list.querySelectorAll('[role=option]');
      if (e.key === 'ArrowDown' && options.length) { e.preventDefault(); show(true); select(active + 1); }
      else if (e.key === 'ArrowUp' && options.length) { e.preventDefault(); select(active - 1); }
      else if (e.key === 'Escape') { show(false); select(-1); }
      else if (e.key === 'Enter' && active >= 0 && options[active]) {
        e.preventDefault();
        window.location.href = options[active].querySelector('a').href;
      }
    });
    input.addEventListener('blur', function () { setTimeout(function () { show(false); }, 150); });
    input.addEventListener('focus', function () { if (list.children.length && input.value.trim()) show(true); open(); });
    // search-box.js loads this script when the box is first focused: what was typed meanwhile
    // is searched now.
    if (document.activeElement === input) {
      open();
      if (input.value.trim()) input.dispatchEvent(new Event('input'));
    }
  }

  /* ---- The /search/ page: full results, filters with counts, more on demand --------- */

  function searchPage(page) {
    var form = page.querySelector('form');
    var input = form.querySelector('input[name=q]');
    var status = page.querySelector('.search-status');
    var results = page.querySelector('.search-results');
    var filters = page.querySelector('.search-filters');
    var params = new URLSearchParams(window.location.search);
    var chosen = {}, seq = 0, withTags = false;
    FACETS.forEach(function (f) { if (params.get(f)) chosen[f] = params.get(f); });
    input.value = params.get('q') || '';
    focusKey(input);
    page.classList.add('search-live');
    var run = function (typing) {
      var mine = ++seq, text = input.value;
      saveUrl(text);
      if (!text.trim()) { results.replaceChildren(); filters.replaceChildren(); status.textContent = ''; return; }
      var q;
      try { q = parse(text, typing); } catch (message) { status.textContent = String(message); results.replaceChildren(); return; }
      // As `baton search`: words, or filters alone (listed newest first).
      if (!q.groups.length && !q.filters.length) {
        status.textContent = 'Add a word or a filter (such as owner:kofi) to search for.';
        results.replaceChildren();
        return;
      }
      var picked = FACETS.filter(function (f) { return chosen[f]; }).map(function (f) { return [f, chosen[f]]; });
      // Tags are the largest facet file: counted once asked for, or when a tag filter is on.
      var counted = ['status', 'owner', 'team'].concat(withTags ? ['tag'] : []);
      search(q, picked, counted).then(function (r) {
        if (mine !== seq) return;
        showFilters(r, picked);
        return showResults(r, 0, mine, text);
      }).catch(function () { if (mine === seq) status.textContent = 'Search is unavailable right now.'; });
    };
    function saveUrl(text) {
      var p = new URLSearchParams();
      if (text) p.set('q', text);
      FACETS.forEach(function (f) { if (chosen[f]) p.set(f, chosen[f]); });
      history.replaceState(null, '', '?' + p.toString());
    }
    function showResults(r, from, mine, text) {
      var slice = r.hits.slice(from, from + PAGE);
      return Promise.all(slice.map(function (h) { return fragment(r.ix, h[0]); })).then(function (fs) {
        if (mine !== seq) return;
        var n = r.hits.length;
        status.textContent = (r.relaxed ? 'No page has every word; showing pages with some of them. ' : '') +
          (n === 0 ? 'No results.' : n === 1 ? '1 result' : n + ' results');
        var list = from === 0 ? el('ol', 'search-list') : results.querySelector('.search-list');
        fs.forEach(function (f) { list.append(resultItem(f, r.terms)); });
        var more = results.querySelector('.search-more');
        if (more) more.remove();
        if (from === 0) results.replaceChildren(list);
        if (from + PAGE < n) {
          more = el('button', 'search-more', 'Show more results');
          more.type = 'button';
          more.addEventListener('click', function () { showResults(r, from + PAGE, mine, text); });
          results.append(more);
        }
        results.dataset.for = text;
      });
    }
    // Counts per value over the matches with every filter but the facet's own chosen value.
    function showFilters(r, picked) {
      var ix = r.ix, groups = [];
      FACETS.forEach(function (facet) {
        if (facet !== 'kind' && !ix.facets[facet]) {
          var ask = el('button', 'search-facet-all', 'Filter by ' + facet);
          ask.type = 'button';
          ask.addEventListener('click', function () { withTags = true; run(false); });
          groups.push(ask);
          return;
        }
        var others = picked.filter(function (p) { return p[0] !== facet; }).concat(r.q.filters);
        var counts = new Map();
        r.all.forEach(function (h) {
          if (!passes(ix, h[0], others)) return;
          valuesOf(ix, facet, h[0]).forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
        });
        if (!counts.size) return;
        var values = Array.from(counts).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        var box = el('fieldset', 'search-facet');
        box.append(el('legend', null, facet[0].toUpperCase() + facet.slice(1)));
        values.forEach(function (vc, k) {
          var raw = ix.meta.values[facet][vc[0]];
          var value = Array.isArray(raw) ? raw[0] : raw, label = Array.isArray(raw) ? raw[1] : raw;
          var button = el('button', 'search-facet-value' + (k >= 8 ? ' search-facet-extra' : ''));
          button.type = 'button';
          button.dataset.facet = facet;
          button.dataset.value = value;
          button.setAttribute('aria-pressed', chosen[facet] === value ? 'true' : 'false');
          button.append(el('span', null, label), ' ', el('span', 'search-count', String(vc[1])));
          button.addEventListener('click', function () {
            chosen[facet] = chosen[facet] === value ? undefined : value;
            run(false);
          });
          box.append(button);
        });
        if (values.length > 8) {
          var all = el('button', 'search-facet-all', 'Show all ' + values.length);
          all.type = 'button';
          all.addEventListener('click', function () { box.classList.add('search-facet-open'); all.remove(); });
          box.append(all);
        }
        groups.push(box);
      });
      filters.replaceChildren.apply(filters, groups);
    }
    form.addEventListener('submit', function (e) { e.preventDefault(); run(false); });
    input.addEventListener('input', function () { run(true); });
    run(false);
  }

  var page = document.getElementById('search-page');
  if (page) searchPage(page);
  document.querySelectorAll('form.search-box').forEach(headerBox);

  // For the browser tests: the analyzer, parser and ranking as the page runs them.
  window.batonSearch = { terms: termTexts, parse: parse, search: search };
})();
