/**
 * A node platform's event stream, second by second: mostly audit and low-severity noise at the
 * node's base rate (Poisson), now and then a campaign (a scan or brute force against one asset:
 * tens of seconds at several events per second, mostly low, one high alert, sometimes a critical
 * escalation), and the platform closing every event after a handling time that depends on its
 * severity. So the open events of a severity hover around arrival rate × mean handling time
 * (Little's law) — a few critical and tens of high on the provincial node — instead of piling up.
 *
 * Each second's events depend only on (seed, node, second), not on when the platform started: a
 * restarted platform replays the last REPLAY_S in silence and still closes, under the same ids,
 * what its previous run opened, so a restart leaves nothing open for good.
 */
import type { SecurityCategory, SecuritySeverity } from '@gcc/domain';
import { rngFor, type Rng } from '../prng.ts';

export interface SimEvent {
  id: string;
  occurredAt: string;
  category: SecurityCategory;
  severity: SecuritySeverity;
  asset: string;
  description: string;
  state: 'open' | 'closed';
}

/** Share of the noise per severity (info takes the rest): severe events are rare, as on a real platform. */
const NOISE_SHARES: readonly [SecuritySeverity, number][] = [['critical', 0.00015], ['high', 0.0012], ['medium', 0.01], ['low', 0.1]];
/** Seconds from an event to its closing, per severity; info arrives closed. Critical goes first in the queue. */
const HANDLING_S: Readonly<Record<Exclude<SecuritySeverity, 'info'>, readonly [number, number]>> = {
  low: [300, 1800],
  medium: [1800, 14_400],
  high: [7200, 28_800],
  critical: [3600, 21_600],
};
/** Campaigns start at baseRate / this per second: about one an hour on the provincial node (1.2/s). */
const SECONDS_PER_CAMPAIGN_AT_RATE_1 = 3600;
const CAMPAIGN_S: readonly [number, number] = [20, 90];
const CAMPAIGN_EVENTS_PER_S: readonly [number, number] = [2, 6];
/** Share of a campaign's events that are medium (the rest low: blocked attempts), and how often one escalates. */
const CAMPAIGN_MEDIUM_SHARE = 0.1;
const ESCALATION_SHARE = 0.15;
/** Long enough that everything opened before it is closed again: the longest handling plus the longest campaign. */
const REPLAY_S = Math.max(...Object.values(HANDLING_S).map(([, hi]) => hi)) + CAMPAIGN_S[1] + 60;

const CATEGORY_BY_SEVERITY: Record<SecuritySeverity, SecurityCategory[]> = {
  info: ['audit', 'audit', 'policy-change'],
  low: ['audit', 'vulnerability', 'policy-change', 'intrusion'],
  medium: ['vulnerability', 'intrusion', 'malware'],
  high: ['intrusion', 'malware', 'vulnerability'],
  critical: ['intrusion', 'malware'],
};
const TEXT: Record<SecurityCategory, string[]> = {
  intrusion: ['检测到 SSH 暴力破解尝试', 'WAF 拦截 SQL 注入攻击', '政务外网边界端口扫描', '异常横向移动（SMB）', 'Web 目录遍历攻击被阻断'],
  malware: ['终端检出挖矿程序', '检出勒索软件样本并隔离', '可疑 PowerShell 下载行为', '邮件附件含木马'],
  vulnerability: ['发现高危漏洞 CVE-2024-3094（xz）', '中间件版本过低（Apache Struts）', '弱口令账户', 'OpenSSL 需要升级'],
  'policy-change': ['防火墙策略变更（已审批）', '安全组规则新增', 'WAF 规则库更新', '堡垒机访问策略调整'],
  audit: ['运维人员登录堡垒机', '数据库审计：批量导出', '特权账户操作审计', '配置基线核查完成'],
};

export interface EventStream {
  /** Events of every whole second since the previous tick: new ones, and closures now due. */
  tick(nowMs: number): SimEvent[];
}

interface Campaign {
  untilS: number;
  asset: string;
  eventsPerS: number;
  category: SecurityCategory;
  /** The second of its critical escalation, if it escalates. */
  escalatesAtS: number | null;
}

function poisson(r: Rng, lambda: number): number {
  let k = 0;
  let p = Math.exp(-lambda);
  let s = p;
  const u = r.next();
  while (u > s && k < 100) {
    k++;
    p *= lambda / k;
    s += p;
  }
  return k;
}

function noiseSeverity(r: Rng): SecuritySeverity {
  let u = r.next();
  for (const [s, share] of NOISE_SHARES) if ((u -= share) < 0) return s;
  return 'info';
}

const randomAsset = (r: Rng) => r.pick([`10.${r.int(1, 39)}.${r.int(0, 254)}.${r.int(2, 253)}`, `web-${r.int(1, 59)}`, `db-${r.int(1, 19)}`, 'bastion-01']);

export function createEventStream(seed: number, nodeId: string, baseRate: number, startMs: number): EventStream {
  const campaigns: Campaign[] = [];
  let closing: { atMs: number; event: SimEvent }[] = [];

  /** Everything that happens in second `s`: the same events whichever run generates them. */
  function second(s: number): { event: SimEvent; closeAtMs: number | null }[] {
    const r = rngFor(seed, 'security-stream', nodeId, s);
    const out: { event: SimEvent; closeAtMs: number | null }[] = [];
    const make = (severity: SecuritySeverity, category: SecurityCategory, asset: string) => {
      const occurredMs = s * 1000 + Math.floor(r.next() * 1000);
      const closeAtMs = severity === 'info' ? null : occurredMs + Math.round(r.between(...HANDLING_S[severity]) * 1000);
      const event: SimEvent = {
        id: `${nodeId}-${s.toString(36)}-${out.length}`,
        occurredAt: new Date(occurredMs).toISOString(),
        category, severity, asset,
        description: r.pick(TEXT[category]),
        state: closeAtMs === null ? 'closed' : 'open',
      };
      out.push({ event, closeAtMs });
    };

    for (let i = poisson(r, baseRate); i > 0; i--) {
      const severity = noiseSeverity(r);
      make(severity, r.pick(CATEGORY_BY_SEVERITY[severity]), randomAsset(r));
    }
    if (r.next() < baseRate / SECONDS_PER_CAMPAIGN_AT_RATE_1) {
      const c: Campaign = {
        untilS: s + r.int(...CAMPAIGN_S), asset: randomAsset(r), eventsPerS: r.between(...CAMPAIGN_EVENTS_PER_S),
        category: r.pick(['intrusion', 'intrusion', 'malware'] as const), escalatesAtS: null,
      };
      if (r.next() < ESCALATION_SHARE) c.escalatesAtS = r.int(s, c.untilS);
      campaigns.push(c);
      // The platform correlates the campaign into one high alert.
      make('high', c.category, c.asset);
    }
    for (const c of campaigns) {
      for (let i = poisson(r, c.eventsPerS); i > 0; i--) make(r.next() < CAMPAIGN_MEDIUM_SHARE ? 'medium' : 'low', c.category, c.asset);
      if (c.escalatesAtS === s) make('critical', c.category, c.asset);
    }
    for (let i = campaigns.length - 1; i >= 0; i--) if (campaigns[i]!.untilS <= s) campaigns.splice(i, 1);
    return out;
  }

  // Replay the seconds before the start in silence: what an earlier run opened there and has not
  // closed yet is closed on time here (and ongoing campaigns go on). The second under way at the
  // start is the first one sent.
  let lastS = Math.floor(startMs / 1000) - 1;
  for (let s = lastS - REPLAY_S; s <= lastS; s++) {
    for (const { event, closeAtMs } of second(s)) if (closeAtMs !== null && closeAtMs > startMs) closing.push({ atMs: closeAtMs, event });
  }

  return {
    tick(nowMs) {
      const out: SimEvent[] = [];
      // A second's events are out once it is over, so none is stamped after nowMs.
      for (const nowS = Math.floor(nowMs / 1000); lastS < nowS - 1; ) {
        for (const { event, closeAtMs } of second(++lastS)) {
          out.push(event);
          if (closeAtMs !== null) closing.push({ atMs: closeAtMs, event });
        }
      }
      const due = closing.filter((c) => c.atMs <= nowMs).sort((a, b) => a.atMs - b.atMs);
      if (due.length) closing = closing.filter((c) => c.atMs > nowMs);
      for (const c of due) out.push({ ...c.event, state: 'closed' });
      return out;
    },
  };
}
