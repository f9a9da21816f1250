/** What branch leads see: the live team board and the dashboard's figures (wire types). */

export interface TeamBoard {
  branchId: string;
  at: string;
  agents: {
    id: string;
    displayName: string;
    status: string;
    load: number;
    capacity: number;
    skills: string[];
    chats: { conversationId: string; customerName: string; state: string; slaBreached: boolean; escalated: boolean }[];
    slaBreaches: number;
  }[];
  queues: { skillGroup: string; name: { zh: string; en: string }; length: number; longestWaitS: number }[];
}


export type DashboardRange = 'today' | '7d' | '30d';

export interface DashboardFigures {
  range: DashboardRange;
  since: string;
  volumes: { total: number; served: number; abandoned: number; open: number; byDay: { day: string; count: number }[]; bySkillGroup: { skillGroup: string; count: number }[] };
  firstResponse: { p50S: number | null; p90S: number | null; samples: number };
  resolution: { p50S: number | null; p90S: number | null; samples: number };
  slaAttainment: number | null;
  transferRate: number | null;
  escalationRate: number | null;
  csat: { average: number | null; responses: number; distribution: number[] };
  hotTopics: { term: string; count: number }[];
}

