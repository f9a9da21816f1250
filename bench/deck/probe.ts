/**
 * In-page measurement, installed with `page.addInitScript` (plain JavaScript source, so no bundler helper can leak
 * into the page). Times are `performance.now()` milliseconds; an input event's `timeStamp` is on the same clock.
 *
 * "Painted" means: the change is in the DOM, the next animation frame has run (the one that paints it), and a task
 * posted from that frame has run, which happens after the paint.
 */
export const PROBE_SOURCE = String.raw`
(() => {
  const afterNextPaint = (fn) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => fn(performance.now());
    channel.port2.postMessage(0);
  });

  window.__deckProbe = {
    /**
     * Arms a switch measurement: from the next keydown (its timeStamp) or click, to the paint after the conversation
     * 'target' shows its message 'lastId'. Resolves the elapsed milliseconds; rejects after 10 s.
     */
    armSwitch(target, lastId) {
      // The list on show (hidden, kept-mounted lists of other conversations carry another test id).
      const selector = '[data-testid="conversation"][data-conversation-id="' + CSS.escape(target) + '"] [data-testid="message-list"][data-conversation-id="' + CSS.escape(target) + '"] [data-testid="message-' + CSS.escape(lastId) + '"]';
      let t0 = null;
      const start = (e) => { if (t0 === null) t0 = e.timeStamp; };
      addEventListener('keydown', start, true);
      addEventListener('pointerdown', start, true);
      this.pending = new Promise((resolve, reject) => {
        let finished = false;
        const finish = () => {
          if (finished) return;
          finished = true;
          observer.disconnect();
          clearTimeout(timer);
          afterNextPaint((t1) => {
            removeEventListener('keydown', start, true);
            removeEventListener('pointerdown', start, true);
            resolve(t1 - t0);
          });
        };
        const check = () => { if (t0 !== null && document.querySelector(selector)) finish(); };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-conversation-id', 'data-testid'] });
        const timer = setTimeout(() => { observer.disconnect(); reject(new Error('switch to ' + target + ' did not paint ' + lastId + ' within 10 s')); }, 10000);
        // In case the DOM is already there when the key lands (it should not be).
        addEventListener('keydown', () => queueMicrotask(check), { capture: true, once: true });
      });
    },

    /** Starts timing every printable keystroke in the element: keydown → paint after its input event. */
    startTyping(selector) {
      const el = document.querySelector(selector);
      if (!el) throw new Error('no element ' + selector);
      const samples = [];
      const queue = [];
      const onKey = (e) => { if (e.key.length === 1 && !e.ctrlKey && !e.metaKey) queue.push(e.timeStamp); };
      const onInput = () => {
        const t0 = queue.shift();
        if (t0 === undefined) return;
        afterNextPaint((t1) => samples.push(t1 - t0));
      };
      el.addEventListener('keydown', onKey, true);
      el.addEventListener('input', onInput, true);
      this.typing = {
        stop: () => new Promise((resolve) => setTimeout(() => {
          el.removeEventListener('keydown', onKey, true);
          el.removeEventListener('input', onInput, true);
          resolve(samples.slice());
        }, 100)),
      };
    },
  };
})();
`;

export interface DeckProbe {
  armSwitch(target: string, lastId: string): void;
  pending: Promise<number>;
  startTyping(selector: string): void;
  typing: { stop(): Promise<number[]> };
}
