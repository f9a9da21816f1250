/**
 * Counters every simulated client of a run adds to; the CLI prints them, the tests and the benchmark read them.
 */
export interface SimStats {
  customersStarted: number;
  /** Customer sockets connected right now. */
  customersConnected: number;
  agentsConnected: number;
  /** (Re)connections after the first one, customers and agents. */
  reconnects: number;
  customerSent: number;
  customerAcked: number;
  agentSent: number;
  agentAcked: number;
  /** Sends repeated with the same clientMsgId (after a reconnect or an ack timeout). */
  resent: number;
  /** Acks that said the hub already had the message (a resend that had in fact arrived). */
  duplicateAcks: number;
  /** Sends the hub refused for good (not retried). */
  rejected: number;
  /** Agent messages customers received. */
  repliesReceived: number;
  /** Customer messages simulated agents received. */
  customerMessagesReceived: number;
  /** Conversations simulated agents resolved. */
  resolved: number;
  left: number;
  /** Conversations the hub ended (resolved and closed, idle close, ...). */
  ended: number;
  rated: number;
  errors: number;
}

export function createStats(): SimStats {
  return {
    customersStarted: 0,
    customersConnected: 0,
    agentsConnected: 0,
    reconnects: 0,
    customerSent: 0,
    customerAcked: 0,
    agentSent: 0,
    agentAcked: 0,
    resent: 0,
    duplicateAcks: 0,
    rejected: 0,
    repliesReceived: 0,
    customerMessagesReceived: 0,
    resolved: 0,
    left: 0,
    ended: 0,
    rated: 0,
    errors: 0,
  };
}

/** One line, bilingual labels: 已连接 connected, 已发送/已确认 sent/acked, 收到回复 replies, 离开 left, 评价 rated. */
export function formatStats(s: SimStats): string {
  const parts = [
    `已连接 connected ${s.customersConnected}/${s.customersStarted}`,
    `发送/确认 sent/acked ${s.customerSent}/${s.customerAcked}`,
    `收到回复 replies ${s.repliesReceived}`,
    `离开 left ${s.left}`,
    `结束 ended ${s.ended}`,
    `评价 rated ${s.rated}`,
  ];
  if (s.agentsConnected > 0 || s.agentSent > 0) parts.push(`坐席 agents ${s.agentsConnected} (sent/acked ${s.agentSent}/${s.agentAcked}, 解决 resolved ${s.resolved})`);
  if (s.resent > 0 || s.reconnects > 0) parts.push(`重连/重发 reconnects/resent ${s.reconnects}/${s.resent}`);
  if (s.rejected > 0 || s.errors > 0) parts.push(`拒绝/错误 rejected/errors ${s.rejected}/${s.errors}`);
  return parts.join(' | ');
}
