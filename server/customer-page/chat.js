// The customer H5 chat page. Plain script (no build step) so the hub serves it as is.
// Every text from the network is rendered with textContent, never as HTML.
(function () {
  'use strict';
  var STORE = 'aw-customer';
  var saved = {};
  try { saved = JSON.parse(localStorage.getItem(STORE) || '{}') || {}; } catch (e) { saved = {}; }
  var params = new URLSearchParams(location.search);
  var state = {
    token: null,
    conversationId: saved.conversationId || null,
    entryPoint: params.get('entry') || null,
    lastSeq: 0,
    seen: {},
    outbox: saved.outbox || [],
    ended: false,
  };
  var log = document.getElementById('log');
  var input = document.getElementById('input');
  var statusEl = document.getElementById('status');
  var typingEl = document.getElementById('typing');
  var welcome = document.getElementById('welcome');
  var leaveBtn = document.getElementById('leave');
  var socket = null;

  function persist() {
    localStorage.setItem(STORE, JSON.stringify({ resumeToken: state.token, conversationId: state.conversationId, outbox: state.outbox }));
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
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function bubble(m, pending) {
    if (m.kind === 'card') return card(m);
    var mine = m.senderKind === 'customer';
    var node = el('div', 'msg ' + (m.kind === 'system' ? 'system' : mine ? 'mine' : 'theirs') + (pending ? ' pending' : ''));
    node.setAttribute('data-client-id', m.clientMsgId);
    if (m.seq) node.setAttribute('data-seq', String(m.seq));
    node.appendChild(el('span', '', m.text));
    node.appendChild(el('span', 'meta', (mine || m.kind === 'system' ? '' : m.senderName + ' · ') + time(m.at)));
    return node;
  }

  // Business cards and product pushes: structured payloads rendered field by field as text.
  function card(m) {
    var p = m.payload || {};
    var node = el('div', 'card');
    node.setAttribute('data-client-id', m.clientMsgId);
    node.setAttribute('data-seq', String(m.seq));
    node.setAttribute('data-testid', 'customer-card');
    node.appendChild(el('h3', '', p.title || m.text));
    if (p.summary) node.appendChild(el('div', '', p.summary));
    if (Array.isArray(p.steps) && p.steps.length) {
      var ol = el('ol');
      p.steps.forEach(function (s) { ol.appendChild(el('li', '', String(s))); });
      node.appendChild(ol);
    }
    if (Array.isArray(p.conditions) && p.conditions.length) {
      node.appendChild(el('div', 'label', '办理条件'));
      var ul = el('ul');
      p.conditions.forEach(function (s) { ul.appendChild(el('li', '', String(s))); });
      node.appendChild(ul);
    }
    if (p.riskWarning) node.appendChild(el('div', 'warning', p.riskWarning));
    if (p.requiresConfirmation && p.pushId) {
      var btn = el('button', '', p.confirmed ? '已确认' : '我已阅读并确认');
      btn.type = 'button';
      btn.setAttribute('data-testid', 'customer-confirm-push');
      btn.disabled = !!p.confirmed;
      btn.addEventListener('click', function () {
        btn.disabled = true;
        socket.emit('push.confirm', { conversationId: state.conversationId, pushId: p.pushId }, function (res) {
          btn.textContent = res && res.ok ? '已确认' : '确认失败,请重试';
          if (!res || !res.ok) btn.disabled = false;
        });
      });
      node.appendChild(btn);
    }
    node.appendChild(el('span', 'meta', m.senderName + ' · ' + time(m.at)));
    return node;
  }

  function render(m) {
    if (state.seen[m.seq]) return;
    state.seen[m.seq] = true;
    state.lastSeq = Math.max(state.lastSeq, m.seq);
    welcome.hidden = true;
    leaveBtn.hidden = false;
    var pending = log.querySelector('[data-client-id="' + CSS.escape(m.clientMsgId) + '"]');
    var node = bubble(m, false);
    if (pending) pending.replaceWith(node);
    else {
      // keep order by seq even when a resync delivers older messages late
      var after = null;
      var nodes = log.querySelectorAll('[data-seq]');
      for (var i = 0; i < nodes.length; i++) {
        if (Number(nodes[i].getAttribute('data-seq')) > m.seq) { after = nodes[i]; break; }
      }
      log.insertBefore(node, after || log.querySelector('.msg.pending, .csat, .ended'));
    }
    scrollDown();
  }

  function hello(cb) {
    socket.emit('customer.hello', state.entryPoint ? { entryPoint: state.entryPoint } : {}, function (res) {
      if (!res || !res.ok) { setStatus('连接失败:' + (res && res.error ? res.error.message : '')); return; }
      if (state.conversationId !== res.value.conversationId) { state.seen = {}; state.lastSeq = 0; }
      state.conversationId = res.value.conversationId;
      state.ended = false;
      persist();
      res.value.messages.forEach(render);
      if (cb) cb();
    });
  }

  function flushOutbox() { state.outbox.forEach(function (item) { deliver(item); }); }
  function deliver(item) {
    if (!socket || !socket.connected) return;
    if (!state.conversationId) { hello(flushOutbox); return; }
    socket.timeout(10000).emit('msg.send', { conversationId: state.conversationId, clientMsgId: item.clientMsgId, text: item.text }, function (err, res) {
      if (err) return; // stays in the outbox; resent after reconnect
      if (res && !res.ok && res.error.code === 'INVALID_TRANSITION') {
        // The conversation ended meanwhile: start a new one and send this message there.
        state.conversationId = null;
        hello(function () { deliver(item); });
        return;
      }
      state.outbox = state.outbox.filter(function (o) { return o.clientMsgId !== item.clientMsgId; });
      persist();
      if (!res || !res.ok) {
        var node = log.querySelector('[data-client-id="' + CSS.escape(item.clientMsgId) + '"]');
        if (node) { node.classList.remove('pending'); node.querySelector('.meta').textContent = '未发送:' + (res && res.error ? res.error.message : ''); }
      }
    });
  }

  function send(text) {
    var item = { clientMsgId: newId(), text: text, at: new Date().toISOString() };
    state.outbox.push(item);
    persist();
    welcome.hidden = true;
    var ended = log.querySelector('.ended');
    if (ended) ended.remove();
    log.appendChild(bubble({ clientMsgId: item.clientMsgId, senderKind: 'customer', senderName: '', kind: 'text', text: text, at: item.at }, true));
    scrollDown();
    deliver(item);
  }

  function showCsat(conversationId) {
    if (log.querySelector('.csat')) return;
    var box = el('div', 'csat');
    box.setAttribute('data-testid', 'customer-csat');
    box.appendChild(el('div', '', '请为本次服务评分'));
    var rating = el('div', 'rating');
    var chosen = 0;
    for (var i = 1; i <= 5; i++) {
      (function (score) {
        var b = el('button', '', score + '分');
        b.type = 'button';
        b.setAttribute('data-testid', 'csat-' + score);
        b.addEventListener('click', function () {
          chosen = score;
          rating.querySelectorAll('button').forEach(function (x) { x.setAttribute('aria-pressed', String(x === b)); });
        });
        rating.appendChild(b);
      })(i);
    }
    box.appendChild(rating);
    var comment = el('textarea');
    comment.maxLength = 500;
    comment.placeholder = '您的建议(选填)';
    box.appendChild(comment);
    var submit = el('button', '', '提交评价');
    submit.type = 'button';
    submit.setAttribute('data-testid', 'csat-submit');
    submit.addEventListener('click', function () {
      if (!chosen) return;
      submit.disabled = true;
      var payload = { conversationId: conversationId, score: chosen };
      if (comment.value.trim()) payload.comment = comment.value.trim();
      socket.emit('csat.submit', payload, function (res) {
        box.replaceChildren(el('div', '', res && res.ok ? '感谢您的评价!' : '评价提交失败:' + (res && res.error ? res.error.message : '')));
      });
    });
    box.appendChild(submit);
    log.appendChild(box);
    scrollDown();
  }

  function showEnded() {
    state.ended = true;
    leaveBtn.hidden = true;
    if (log.querySelector('.ended')) return;
    var box = el('div', 'ended');
    box.setAttribute('data-testid', 'customer-ended');
    box.appendChild(el('div', '', '本次会话已结束'));
    var again = el('button', '', '重新咨询');
    again.type = 'button';
    again.addEventListener('click', function () {
      box.remove();
      state.conversationId = null;
      persist();
      welcome.hidden = false;
      input.focus();
    });
    box.appendChild(again);
    log.appendChild(box);
    scrollDown();
  }

  function connect() {
    socket = io({ auth: { token: state.token }, transports: ['websocket'] });
    socket.on('connect', function () {
      setStatus('已连接');
      // Resume an existing conversation; a new visitor's conversation starts with the first message or entry choice.
      if (state.conversationId || state.outbox.length) hello(flushOutbox);
    });
    socket.on('disconnect', function () { setStatus('连接断开,正在重连…'); });
    socket.on('connect_error', function (err) {
      setStatus('正在重连…');
      if (err && err.data && err.data.code === 'UNAUTHENTICATED') { state.token = null; saved.resumeToken = null; persist(); socket.close(); start(); }
    });
    socket.io.on('reconnect', function () {
      if (!state.conversationId) return;
      socket.emit('conv.sync', { conversationId: state.conversationId, afterSeq: state.lastSeq }, function (res) {
        if (res && res.ok) res.value.forEach(render);
      });
    });
    socket.on('msg.new', function (m) { if (m.conversationId === state.conversationId) render(m); });
    socket.on('typing', function (t) { typingEl.hidden = !(t.typing && t.senderKind !== 'customer'); });
    socket.on('csat.request', function (r) { if (r.conversationId === state.conversationId) showCsat(r.conversationId); });
    socket.on('conv.ended', function (r) { if (r.conversationId === state.conversationId) showEnded(); });
  }

  function start() {
    fetch('/api/customer/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(saved.resumeToken ? { resumeToken: saved.resumeToken } : params.get('customer') ? { customerId: params.get('customer') } : {}),
    })
      .then(function (r) { return r.json(); })
      .then(function (session) {
        if (!session.token) throw new Error('no session');
        state.token = session.token;
        persist();
        connect();
      })
      .catch(function () { setStatus('无法连接服务器,稍后重试…'); setTimeout(start, 3000); });
  }

  document.getElementById('chips').addEventListener('click', function (e) {
    var b = e.target.closest('button[data-entry]');
    if (!b) return;
    state.entryPoint = b.getAttribute('data-entry');
    document.querySelectorAll('#chips button').forEach(function (x) { x.setAttribute('aria-pressed', String(x === b)); });
    input.focus();
  });
  leaveBtn.addEventListener('click', function () {
    if (!state.conversationId || !socket) return;
    socket.emit('customer.leave', { conversationId: state.conversationId }, function () { showEnded(); });
  });

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
    welcome.hidden = true;
    log.appendChild(bubble({ clientMsgId: item.clientMsgId, senderKind: 'customer', senderName: '', kind: 'text', text: item.text, at: item.at }, true));
  });
  start();
})();
