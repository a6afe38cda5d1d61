/* Kaizen sandbox host pages: the product side of the Custom UI bridge (frames talk to it with postMessage). */
(function () {
  'use strict';
  var origin = window.location.origin;
  var SANDBOX = 'allow-downloads allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-same-origin allow-scripts';
  var log = [];
  var modals = [];

  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function frames() { return $all('iframe[data-frame-id]'); }
  function frameOf(win) { return frames().filter(function (f) { return f.contentWindow === win; })[0]; }
  function send(iframe, msg) {
    if (!iframe || !iframe.contentWindow) return;
    msg.source = 'kaizen-sandbox-host';
    iframe.contentWindow.postMessage(msg, origin);
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) if (attrs[k] != null) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }
  window.__kaizenHost = { log: log, frames: function () { return frames().map(function (f) { return { frameId: f.getAttribute('data-frame-id'), testId: f.getAttribute('data-testid'), state: f.getAttribute('data-frame-state') }; }); } };

  /* Header: user and locale switchers submit on change; the theme toggle applies at once and tells every frame. */
  $all('select[data-autosubmit]').forEach(function (s) { s.addEventListener('change', function () { s.form.submit(); }); });
  var toggle = document.querySelector('[data-testid="theme-toggle"]');
  function mode() { return document.documentElement.getAttribute('data-color-mode') === 'dark' ? 'dark' : 'light'; }
  if (toggle) {
    toggle.addEventListener('click', function (e) {
      e.preventDefault();
      var next = mode() === 'dark' ? 'light' : 'dark';
      document.documentElement.setAttribute('data-color-mode', next);
      document.cookie = 'kaizen_sandbox_theme=' + next + '; Path=/; Max-Age=31536000; SameSite=Lax';
      toggle.setAttribute('aria-pressed', String(next === 'dark'));
      toggle.textContent = next === 'dark' ? 'Light theme' : 'Dark theme';
      frames().forEach(function (f) { send(f, { type: 'theme', colorMode: next }); });
    });
  }

  /* Flags (bottom left, newest on top), as Atlassian's products show them. */
  function showFlag(iframe, f) {
    var box = document.querySelector('[data-testid="flags"]');
    if (!box) return;
    closeFlag(f.id);
    var flag = el('div', { class: 'flag flag-' + f.appearance, 'data-testid': 'flag', 'data-flag-id': f.id, 'data-appearance': f.appearance, role: 'alert' });
    flag.appendChild(el('div', { class: 'flag-title', 'data-testid': 'flag-title' }, f.title));
    if (f.description) flag.appendChild(el('div', { class: 'flag-description', 'data-testid': 'flag-description' }, f.description));
    var actions = el('div', { class: 'flag-actions' });
    (f.actions || []).forEach(function (a, i) {
      var b = el('button', { type: 'button', class: 'link-button', 'data-testid': 'flag-action' }, a.text);
      b.addEventListener('click', function () { send(iframe, { type: 'flagAction', id: f.id, index: i }); });
      actions.appendChild(b);
    });
    var dismiss = el('button', { type: 'button', class: 'link-button', 'data-testid': 'flag-dismiss', 'aria-label': 'Dismiss' }, 'Dismiss');
    dismiss.addEventListener('click', function () { flag.remove(); });
    actions.appendChild(dismiss);
    flag.appendChild(actions);
    box.insertBefore(flag, box.firstChild);
    if (f.isAutoDismiss) setTimeout(function () { flag.remove(); }, 8000);
  }
  function closeFlag(id) { $all('[data-testid="flag"]').forEach(function (f) { if (f.getAttribute('data-flag-id') === id) f.remove(); }); }

  /* Modals: issue actions and `new Modal().open()`. */
  function openModal(o) {
    var overlay = el('div', { class: 'modal-overlay', 'data-testid': 'modal', 'data-frame-id': o.frameId });
    var size = typeof o.size === 'string' ? o.size : 'custom';
    var dialog = el('div', { class: 'modal-dialog modal-' + size, role: 'dialog', 'aria-modal': 'true', 'aria-label': o.title || 'App' });
    if (o.size && typeof o.size === 'object') { dialog.style.width = o.size.width; if (o.size.height) dialog.style.height = o.size.height; }
    var header = el('div', { class: 'modal-header' });
    header.appendChild(el('h2', {}, o.title || ''));
    var close = el('button', { type: 'button', class: 'icon-button', 'data-testid': 'modal-close', 'aria-label': 'Close' }, '\u00d7');
    header.appendChild(close);
    var iframe = el('iframe', { class: 'frame modal-frame', src: o.src, title: o.title || 'App', 'data-frame-id': o.frameId, 'data-testid': o.testId, 'data-frame-state': 'loading', sandbox: o.sandbox || SANDBOX });
    dialog.appendChild(header);
    dialog.appendChild(iframe);
    overlay.appendChild(dialog);
    document.body.appendChild(overlay);
    var modal = { overlay: overlay, iframe: iframe, opener: o.opener, frameId: o.frameId, closing: null };
    modals.push(modal);
    close.addEventListener('click', function () { requestClose(modal); });
    overlay.addEventListener('click', function (e) { if (e.target === overlay && o.closeOnOverlayClick !== false) requestClose(modal); });
    modal.closeOnEscape = o.closeOnEscape !== false;
    return modal;
  }
  function modalOf(iframe) { return modals.filter(function (m) { return m.iframe === iframe; })[0]; }
  function requestClose(modal) {
    if (modal.iframe.getAttribute('data-on-close') !== 'true') return finishClose(modal, undefined);
    if (modal.closing) return;
    modal.closing = setTimeout(function () { finishClose(modal, undefined); }, 3000);
    send(modal.iframe, { type: 'beforeClose' });
  }
  function finishClose(modal, payload) {
    if (modal.closing) clearTimeout(modal.closing);
    modals = modals.filter(function (m) { return m !== modal; });
    modal.overlay.remove();
    if (modal.opener && modal.opener.isConnected) send(modal.opener, { type: 'modalClosed', modalFrameId: modal.frameId, payload: payload });
  }
  document.addEventListener('keydown', function (e) {
    var top = modals[modals.length - 1];
    if (e.key === 'Escape' && top && top.closeOnEscape) requestClose(top);
  });
  $all('[data-open-frame]').forEach(function (button) {
    button.addEventListener('click', function () {
      openModal({ frameId: button.getAttribute('data-open-frame'), src: '/__sandbox/frame/' + button.getAttribute('data-open-frame'), title: button.getAttribute('data-title'), size: button.getAttribute('data-size') || 'medium', testId: button.getAttribute('data-frame-testid') });
    });
  });

  function navigate(url, newTab) {
    var u;
    try { u = new URL(url, origin); } catch (e) { return; }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return;
    if (u.origin !== origin && !window.confirm('This app wants to open ' + u.href + '. Continue?')) return;
    if (newTab) window.open(u.href, '_blank', 'noopener');
    else window.location.assign(u.href);
  }
  function historyPath(base) {
    var p = window.location.pathname;
    return (p.indexOf(base) === 0 ? p.slice(base.length) : '') || '/';
  }
  window.addEventListener('popstate', function () {
    frames().forEach(function (f) {
      var base = f.getAttribute('data-history-base');
      if (base) send(f, { type: 'historyPop', path: historyPath(base) + window.location.search + window.location.hash });
    });
  });

  window.addEventListener('message', function (e) {
    if (e.origin !== origin) return;
    var m = e.data;
    if (!m || m.source !== 'kaizen-sandbox-frame') return;
    var iframe = frameOf(e.source);
    if (!iframe || iframe.getAttribute('data-frame-id') !== m.frameId) return;
    log.push({ time: Date.now(), frameId: m.frameId, type: m.type, data: m });
    var modal = modalOf(iframe);
    switch (m.type) {
      case 'hello':
        if (iframe.getAttribute('data-frame-state') !== 'ready') iframe.setAttribute('data-frame-state', 'loaded');
        send(iframe, { type: 'theme', colorMode: mode() }); // the page's theme may have been toggled since the frame was registered
        break;
      case 'ready': iframe.setAttribute('data-frame-state', 'ready'); break;
      case 'resize': if (!iframe.hasAttribute('data-fixed-height')) iframe.style.height = Math.max(24, Number(m.height) || 0) + 'px'; break;
      case 'title': document.title = String(m.title); break;
      case 'emit': frames().forEach(function (f) { send(f, { type: 'event', event: m.event, payload: m.payload }); }); break;
      case 'showFlag': showFlag(iframe, m.flag); break;
      case 'closeFlag': closeFlag(m.id); break;
      case 'openModal':
        openModal({ frameId: m.modalFrameId, src: m.src, title: m.title, size: m.size, opener: iframe, testId: iframe.getAttribute('data-testid') + '-modal', sandbox: iframe.getAttribute('sandbox'), closeOnEscape: m.closeOnEscape, closeOnOverlayClick: m.closeOnOverlayClick });
        break;
      case 'onClose': iframe.setAttribute('data-on-close', 'true'); break;
      case 'closeReady': if (modal) finishClose(modal, undefined); break;
      case 'submit':
      case 'close':
        if (modal) finishClose(modal, m.payload);
        else if (iframe.getAttribute('data-after-' + m.type)) window.location.assign(iframe.getAttribute('data-after-' + m.type));
        break;
      case 'refresh': if (iframe.getAttribute('data-refreshable') === 'true') iframe.src = iframe.src; break;
      case 'navigate': navigate(m.url, m.newTab); break;
      case 'reload': window.location.reload(); break;
      case 'history': {
        var base = iframe.getAttribute('data-history-base');
        if (!base) break;
        if (m.action === 'go') window.history.go(Number(m.delta) || 0);
        else window.history[m.action === 'replace' ? 'replaceState' : 'pushState'](null, '', base + (String(m.path).charAt(0) === '/' ? '' : '/') + m.path);
        break;
      }
    }
  });
})();
