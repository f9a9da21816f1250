// The customer H5 chat page. Plain script (no build step) so the hub can serve it as is.
// Every text from the network is rendered with textContent, never as HTML.
(function () {
  'use strict';
  var STORE = 'aw-customer';
  var saved = {};
  try { saved = JSON.parse(localStorage.getItem(STORE) || '{}') || {}; } catch (e) { saved = {}; }
  var state = { token: null, conversationId: null, lastSeq: 0, seen: {}, outbox: saved.outbox || [] };
  var log = document.getElementById('log');
  var input = document.getElementById('input');
  var statusEl = document.getElementById('status');
  var typingEl = document.getElementById('typing');
  var socket = null;

  function persist() {
    localStorage.setItem(STORE, JSON.stringify({ resumeToken: state.token, outbox: state.outbox }));
  }
  function setStatus(text) { statusEl.textContent = text; }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, '');
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }
  function time(iso) {
    var d = new Date(iso);
    return ('0' + d.getHours()).slice(-2) + ':' + ('0' + d.getMinutes()).slice(-2);
  }
  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function bubble(m, pending) {
    var el = document.createElement('div');
    var mine = m.senderKind === 'customer';
    el.className = 'msg ' + (m.kind === 'system' ? 'system' : mine ? 'mine' : 'theirs') + (pending ? ' pending' : '');
    el.setAttribute('data-client-id', m.clientMsgId);
    if (m.seq) el.setAttribute('data-seq', String(m.seq));
    var text = document.createElement('span');
    text.textContent = m.text;
    el.appendChild(text);
    var meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = (mine ? '' : m.senderName + ' · ') + time(m.at);
    el.appendChild(meta);
    return el;
  }

  function render(m) {
    if (state.seen[m.seq]) return;
    state.seen[m.seq] = true;
    state.lastSeq = Math.max(state.lastSeq, m.seq);
    var pending = log.querySelector('[data-client-id="' + CSS.escape(m.clientMsgId) + '"]');
    var el = bubble(m, false);
    if (pending) pending.replaceWith(el);
    else {
      // keep order by seq even when a resync delivers older messages late
      var after = null;
      var nodes = log.querySelectorAll('[data-seq]');
      for (var i = 0; i < nodes.length; i++) {
        if (Number(nodes[i].getAttribute('data-seq')) > m.seq) { after = nodes[i]; break; }
      }
      log.insertBefore(el, after || firstPending());
    }
    scrollDown();
  }
  function firstPending() { return log.querySelector('.msg.pending'); }

  function flushOutbox() {
    state.outbox.forEach(function (item) { deliver(item); });
  }
  function deliver(item) {
    if (!socket || !socket.connected || !state.conversationId) return;
    socket.timeout(10000).emit('msg.send', { conversationId: state.conversationId, clientMsgId: item.clientMsgId, text: item.text }, function (err, res) {
      if (err) return; // stays in the outbox; retried on reconnect
      state.outbox = state.outbox.filter(function (o) { return o.clientMsgId !== item.clientMsgId; });
      persist();
      if (!res || !res.ok) {
        var el = log.querySelector('[data-client-id="' + CSS.escape(item.clientMsgId) + '"]');
        if (el) { el.classList.remove('pending'); el.querySelector('.meta').textContent = '未发送:' + (res && res.error ? res.error.message : ''); }
      }
    });
  }

  function send(text) {
    var item = { clientMsgId: newId(), text: text, at: new Date().toISOString() };
    state.outbox.push(item);
    persist();
    log.appendChild(bubble({ clientMsgId: item.clientMsgId, senderKind: 'customer', senderName: '', kind: 'text', text: text, at: item.at }, true));
    scrollDown();
    deliver(item);
  }

  function connect() {
    socket = io({ auth: { token: state.token }, transports: ['websocket'] });
    socket.on('connect', function () {
      setStatus('已连接');
      socket.emit('customer.hello', {}, function (res) {
        if (!res || !res.ok) { setStatus('连接失败:' + (res && res.error ? res.error.message : '')); return; }
        state.conversationId = res.value.conversationId;
        res.value.messages.forEach(render);
        flushOutbox();
      });
    });
    socket.on('disconnect', function () { setStatus('连接断开,正在重连…'); });
    socket.on('connect_error', function (err) {
      setStatus('正在重连…');
      if (err && err.data && err.data.code === 'UNAUTHENTICATED') { state.token = null; persist(); socket.close(); start(); }
    });
    socket.io.on('reconnect', function () {
      if (!state.conversationId) return;
      socket.emit('conv.sync', { conversationId: state.conversationId, afterSeq: state.lastSeq }, function (res) {
        if (res && res.ok) res.value.forEach(render);
      });
    });
    socket.on('msg.new', function (m) { if (m.conversationId === state.conversationId) render(m); });
    socket.on('typing', function (t) { typingEl.hidden = !(t.typing && t.senderKind !== 'customer'); });
  }

  function start() {
    fetch('/api/customer/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(saved.resumeToken ? { resumeToken: saved.resumeToken } : {}),
    })
      .then(function (r) { return r.json(); })
      .then(function (session) {
        state.token = session.token;
        persist();
        connect();
      })
      .catch(function () { setStatus('无法连接服务器,稍后重试…'); setTimeout(start, 3000); });
  }

  var typingTimer = null;
  input.addEventListener('input', function () {
    if (!socket || !state.conversationId) return;
    if (!typingTimer) socket.emit('typing', { conversationId: state.conversationId, typing: true });
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () {
      typingTimer = null;
      socket.emit('typing', { conversationId: state.conversationId, typing: false });
    }, 1500);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); document.getElementById('composer').requestSubmit(); }
  });
  document.getElementById('composer').addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    send(text);
  });

  state.outbox.forEach(function (item) {
    log.appendChild(bubble({ clientMsgId: item.clientMsgId, senderKind: 'customer', senderName: '', kind: 'text', text: item.text, at: item.at }, true));
  });
  start();
})();
