/**
 * A node platform's event stream, second by second: mostly audit and low-severity noise at the
 * node's base rate (Poisson), now and then a burst (a scan or a brute-force campaign against one
 * asset: tens of seconds at several events per second, mostly medium and high, sometimes one
 * critical), and the platform closing what it has handled after a while. Randomness is seeded per
 * node, so a demo replays the same way for a seed.
 */
import type { SecurityCategory, SecuritySeverity } from '@gcc/domain';
import { mulberry32, hashKeys } from '../prng.ts';

export interface SimEvent {
  id: string;
  occurredAt: string;
  category: SecurityCategory;
  severity: SecuritySeverity;
  asset: string;
  description: string;
  state: 'open' | 'closed';
}

const SEVERITY_WEIGHTS: [SecuritySeverity, number][] = [['info', 0.45], ['low', 0.35], ['medium', 0.14], ['high', 0.05], ['critical', 0.01]];
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
const CLOSE_AFTER_S: Record<SecuritySeverity, [number, number]> = { info: [0, 0], low: [300, 1800], medium: [600, 3600], high: [1800, 7200], critical: [1200, 3600] };
const BURST_PER_SECOND = 1 / 1800;

export interface EventStream {
  /** Events of the second ending at nowMs (new ones and closures of earlier ones). */
  tick(nowMs: number): SimEvent[];
}

export function createEventStream(seed: number, nodeId: string, baseRate: number, startMs: number): EventStream {
  const rand = mulberry32(hashKeys(seed, 'security-stream', nodeId, Math.floor(startMs / 1000)));
  const between = (a: number, b: number) => a + (b - a) * rand();
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const poisson = (lambda: number) => {
    let k = 0;
    let p = Math.exp(-lambda);
    let s = p;
    const u = rand();
    while (u > s && k < 100) {
      k++;
      p *= lambda / k;
      s += p;
    }
    return k;
  };
  const weighted = (): SecuritySeverity => {
    let u = rand();
    for (const [s, w] of SEVERITY_WEIGHTS) if ((u -= w) <= 0) return s;
    return 'info';
  };
  const asset = () => pick([`10.${Math.floor(between(1, 40))}.${Math.floor(between(0, 255))}.${Math.floor(between(2, 254))}`, `web-${Math.floor(between(1, 60))}`, `db-${Math.floor(between(1, 20))}`, 'bastion-01']);
  let seq = 0;
  let burst: { until: number; asset: string; rate: number; category: SecurityCategory } | null = null;
  const closing: { at: number; event: SimEvent }[] = [];

  function make(nowMs: number, severity: SecuritySeverity, category: SecurityCategory, on: string): SimEvent {
    const e: SimEvent = {
      id: `${nodeId}-${startMs.toString(36)}-${(seq++).toString(36)}`,
      occurredAt: new Date(nowMs - Math.floor(rand() * 1000)).toISOString(),
      category, severity, asset: on,
      description: pick(TEXT[category]),
      state: severity === 'info' ? 'closed' : 'open',
    };
    if (e.state === 'open') {
      const [a, b] = CLOSE_AFTER_S[severity];
      closing.push({ at: nowMs + between(a, b) * 1000, event: e });
    }
    return e;
  }

  return {
    tick(nowMs) {
      const out: SimEvent[] = [];
      for (let i = poisson(baseRate); i > 0; i--) {
        const s = weighted();
        out.push(make(nowMs, s, pick(CATEGORY_BY_SEVERITY[s]), asset()));
      }
      if (!burst && rand() < BURST_PER_SECOND) burst = { until: nowMs + between(20, 90) * 1000, asset: asset(), rate: between(3, 12), category: pick(['intrusion', 'intrusion', 'malware'] as const) };
      if (burst) {
        for (let i = poisson(burst.rate); i > 0; i--) {
          const u = rand();
          out.push(make(nowMs, u < 0.02 ? 'critical' : u < 0.35 ? 'high' : 'medium', burst.category, burst.asset));
        }
        if (nowMs >= burst.until) burst = null;
      }
      closing.sort((a, b) => a.at - b.at);
      while (closing.length && closing[0]!.at <= nowMs) out.push({ ...closing.shift()!.event, state: 'closed' });
      return out;
    },
  };
}
