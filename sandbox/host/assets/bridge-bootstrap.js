/* Kaizen sandbox: the Custom UI bridge (window.__bridge.callBridge) a Forge host injects before the app's code. */
(function () {
  'use strict';
  var CONFIG = "__KAIZEN_FRAME_CONFIG__";
  var FRAME = CONFIG.frameId;
  var context = CONFIG.context;
  var origin = window.location.origin;
  var host = window.parent !== window ? window.parent : null;
  var theming = false;
  var listeners = {};
  var closeCallbacks = [];
  var modalCallbacks = {};
  var flagActions = {};
  var histories = [];

  function clone(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }
  function post(type, data) {
    if (!host) return;
    var msg = { source: 'kaizen-sandbox-frame', frameId: FRAME, type: type };
    for (var k in data || {}) msg[k] = data[k];
    host.postMessage(msg, origin);
  }
  /* The server-side half of the bridge; the frame's identity is its id, never anything it says about itself. */
  function server(op, body) {
    return fetch('/__sandbox/bridge/' + encodeURIComponent(FRAME) + '/' + op, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body === undefined ? {} : body),
      credentials: 'omit',
    }).then(function (res) {
      return res.text().then(function (text) {
        var json;
        try { json = text ? JSON.parse(text) : {}; } catch (e) { json = { error: 'The sandbox answered ' + res.status }; }
        if (!res.ok || json.error) throw new Error(json.error || 'The sandbox answered ' + res.status);
        return json;
      });
    });
  }

  function applyTheme() {
    if (!theming) return;
    var html = document.documentElement;
    html.setAttribute('data-color-mode', (context.theme && context.theme.colorMode) || 'light');
    html.setAttribute('data-theme', 'dark:dark light:light spacing:spacing typography:typography shape:shape');
    if (!document.querySelector('link[data-kaizen-sandbox-tokens]')) {
      var link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = '/__sandbox/host/tokens.css';
      link.setAttribute('data-kaizen-sandbox-tokens', '');
      (document.head || html).appendChild(link);
    }
  }

  function subscribe(name, callback) {
    (listeners[name] = listeners[name] || []).push(callback);
    return { unsubscribe: function () { listeners[name] = (listeners[name] || []).filter(function (cb) { return cb !== callback; }); } };
  }
  function deliver(name, payload) {
    (listeners[name] || []).slice().forEach(function (cb) {
      try { cb(payload); } catch (e) { setTimeout(function () { throw e; }); }
    });
  }

  function toUrl(location) {
    if (location && typeof location.url === 'string' && !location.target) return Promise.resolve(new URL(location.url, origin).href);
    var loc = {};
    for (var k in location || {}) if (k !== 'type') loc[k] = location[k];
    return server('url', { location: loc }).then(function (j) { return new URL(j.url, origin).href; });
  }

  /* A minimal `history` for pages with sub-routes: kept in the frame and mirrored into the host page's URL. */
  function parsePath(path) {
    if (path && typeof path === 'object') return { pathname: path.pathname || '/', search: path.search || '', hash: path.hash || '' };
    var m = /^([^?#]*)(\?[^#]*)?(#.*)?$/.exec(String(path || '/'));
    return { pathname: m[1] || '/', search: m[2] || '', hash: m[3] || '' };
  }
  function setLocation(path, action, state) {
    var loc = parsePath(path);
    loc.state = state === undefined ? null : state;
    loc.key = Math.random().toString(36).slice(2, 8);
    histories.forEach(function (h) {
      h.location = loc;
      h.action = action;
      h._listeners.slice().forEach(function (fn) { fn(loc, action); });
    });
    return loc;
  }
  function hrefOf(loc) { return loc.pathname + loc.search + loc.hash; }
  function createHistory() {
    var h = {
      _listeners: [],
      action: 'POP',
      location: setLocationless(CONFIG.history ? CONFIG.history.path : '/'),
      push: function (path, state) { post('history', { action: 'push', path: hrefOf(setLocation(path, 'PUSH', state)) }); },
      replace: function (path, state) { post('history', { action: 'replace', path: hrefOf(setLocation(path, 'REPLACE', state)) }); },
      go: function (n) { post('history', { action: 'go', delta: n }); },
      back: function () { h.go(-1); },
      forward: function () { h.go(1); },
      listen: function (fn) { h._listeners.push(fn); return function () { h._listeners = h._listeners.filter(function (x) { return x !== fn; }); }; },
      block: function () { return function () {}; },
      createHref: function (loc) { return typeof loc === 'string' ? loc : hrefOf(parsePath(loc)); },
    };
    histories.push(h);
    return h;
  }
  function setLocationless(path) { var loc = parsePath(path); loc.state = null; loc.key = 'default'; return loc; }

  var handlers = {
    invoke: function (p) {
      if (p && p.invokeType) throw new Error('invokeRemote / invokeService are not emulated by the Kaizen sandbox');
      return server('invoke', { functionKey: p && p.functionKey, payload: clone(p && p.payload), metadata: p && p.metadata }).then(function (j) { return j.value; });
    },
    getContext: function () { return clone(context); },
    getFrameId: function () { return FRAME; },
    submit: function (p) { return server('submit', { payload: clone(p) }).then(function () { post('submit', { payload: clone(p) }); return true; }); },
    close: function (p) { post('close', { payload: clone(p) }); return true; },
    onClose: function (cb) { if (typeof cb === 'function') closeCallbacks.push(cb); post('onClose', {}); return true; },
    open: function () { post('open', {}); return true; },
    refresh: function (p) { post('refresh', { payload: clone(p) }); return true; },
    createHistory: function () { return createHistory(); },
    enableTheming: function () { theming = true; applyTheme(); },
    changeWindowTitle: function (title) { post('title', { title: String(title) }); },
    emitReadyEvent: function () { post('ready', {}); },
    getFrameDispatch: function () { return undefined; },
    fetchProduct: function (p) {
      if (p && p.isMultipartFormData) throw new Error('Attachments (multipart requests) are not emulated by the Kaizen sandbox');
      return server('fetch', { product: p.product, restPath: p.restPath, fetchRequestInit: p.fetchRequestInit || {} });
    },
    navigate: function (p) { return toUrl(p).then(function (url) { post('navigate', { url: url, newTab: p && p.type === 'new-tab' }); }); },
    getUrl: function (location) { return toUrl(location); },
    reload: function () { post('reload', {}); },
    emit: function (p) { post('emit', { event: String(p.event), payload: clone(p.payload) }); },
    on: function (p) { return subscribe(String(p.event), p.callback); },
    emitPublic: function (p) { post('emit', { event: 'public:' + String(p.event), payload: clone(p.payload) }); },
    onPublic: function (p) { return subscribe('public:' + String(p.event), p.callback); },
    showFlag: function (o) {
      flagActions[o.id] = o.actions || [];
      post('showFlag', {
        flag: {
          id: String(o.id),
          title: o.title == null ? '' : String(o.title),
          description: o.description == null ? '' : String(o.description),
          appearance: String(o.appearance || o.type || 'info'),
          isAutoDismiss: !!o.isAutoDismiss,
          actions: (o.actions || []).map(function (a) { return { text: String(a && a.text) }; }),
        },
      });
    },
    closeFlag: function (p) { delete flagActions[p.id]; post('closeFlag', { id: String(p.id) }); },
    openModal: function (o) {
      return server('modal', { resource: o.resource || null, context: clone(o.context) || {}, size: o.size, title: o.title }).then(function (j) {
        modalCallbacks[j.frameId] = o.onClose;
        post('openModal', {
          modalFrameId: j.frameId,
          src: j.src,
          size: clone(o.size) || 'medium',
          title: o.title == null ? '' : String(o.title),
          closeOnEscape: o.closeOnEscape !== false,
          closeOnOverlayClick: o.closeOnOverlayClick !== false,
        });
        return true;
      });
    },
  };

  window.__bridge = {
    callBridge: function (name, payload) {
      var handler = handlers[name];
      if (!handler) return Promise.reject(new Error('The Kaizen sandbox host does not emulate the bridge call ' + name));
      try { return Promise.resolve(handler(payload)); } catch (e) { return Promise.reject(e); }
    },
  };

  window.addEventListener('message', function (e) {
    if (e.source !== host || e.origin !== origin) return;
    var m = e.data;
    if (!m || m.source !== 'kaizen-sandbox-host') return;
    if (m.type === 'event') deliver(m.event, m.payload);
    else if (m.type === 'theme') { context.theme = Object.assign({}, context.theme, { colorMode: m.colorMode }); applyTheme(); }
    else if (m.type === 'flagAction') {
      var action = (flagActions[m.id] || [])[m.index];
      if (action && typeof action.onClick === 'function') action.onClick();
    } else if (m.type === 'modalClosed') {
      var cb = modalCallbacks[m.modalFrameId];
      delete modalCallbacks[m.modalFrameId];
      if (typeof cb === 'function') cb(m.payload);
    } else if (m.type === 'beforeClose') {
      Promise.all(closeCallbacks.map(function (fn) { return Promise.resolve().then(fn); }))
        .catch(function () {})
        .then(function () { post('closeReady', {}); });
    } else if (m.type === 'historyPop') setLocation(m.path, 'POP', null);
  });

  /* Auto-resize: the host sizes the iframe to the body's height. */
  var lastHeight = -1;
  function measure() {
    var body = document.body;
    if (!body) return;
    var style = window.getComputedStyle(body);
    var height = Math.ceil(body.getBoundingClientRect().height + parseFloat(style.marginTop || '0') + parseFloat(style.marginBottom || '0'));
    if (height !== lastHeight) {
      lastHeight = height;
      post('resize', { height: height });
    }
  }
  document.addEventListener('DOMContentLoaded', function () {
    post('hello', { moduleType: CONFIG.moduleType });
    measure();
    if (window.ResizeObserver) new ResizeObserver(measure).observe(document.body);
  });
  window.addEventListener('load', measure);
})();
