/**
 * Guangdong's 21 prefecture-level cities with their administrative codes (GB/T 2260),
 * the same codes the Guangdong GeoJSON uses as feature ids.
 */
export const PROVINCE_CODE = '440000';

export type CityGroup = 'province-built' | 'prd';

export interface City {
  /** Administrative code, e.g. '440200'. */
  code: string;
  /** Slug used in node ids and URLs, e.g. 'shaoguan'. */
  slug: string;
  nameZh: string;
  nameEn: string;
  /** province-built: one of the 14 city nodes the province builds; prd: a Pearl River Delta city with its own cloud. */
  group: CityGroup;
}

export const CITIES: readonly City[] = Object.freeze([
  { code: '440100', slug: 'guangzhou', nameZh: '广州市', nameEn: 'Guangzhou', group: 'prd' },
  { code: '440200', slug: 'shaoguan', nameZh: '韶关市', nameEn: 'Shaoguan', group: 'province-built' },
  { code: '440300', slug: 'shenzhen', nameZh: '深圳市', nameEn: 'Shenzhen', group: 'prd' },
  { code: '440400', slug: 'zhuhai', nameZh: '珠海市', nameEn: 'Zhuhai', group: 'prd' },
  { code: '440500', slug: 'shantou', nameZh: '汕头市', nameEn: 'Shantou', group: 'province-built' },
  { code: '440600', slug: 'foshan', nameZh: '佛山市', nameEn: 'Foshan', group: 'prd' },
  { code: '440700', slug: 'jiangmen', nameZh: '江门市', nameEn: 'Jiangmen', group: 'province-built' },
  { code: '440800', slug: 'zhanjiang', nameZh: '湛江市', nameEn: 'Zhanjiang', group: 'province-built' },
  { code: '440900', slug: 'maoming', nameZh: '茂名市', nameEn: 'Maoming', group: 'province-built' },
  { code: '441200', slug: 'zhaoqing', nameZh: '肇庆市', nameEn: 'Zhaoqing', group: 'province-built' },
  { code: '441300', slug: 'huizhou', nameZh: '惠州市', nameEn: 'Huizhou', group: 'prd' },
  { code: '441400', slug: 'meizhou', nameZh: '梅州市', nameEn: 'Meizhou', group: 'province-built' },
  { code: '441500', slug: 'shanwei', nameZh: '汕尾市', nameEn: 'Shanwei', group: 'province-built' },
  { code: '441600', slug: 'heyuan', nameZh: '河源市', nameEn: 'Heyuan', group: 'province-built' },
  { code: '441700', slug: 'yangjiang', nameZh: '阳江市', nameEn: 'Yangjiang', group: 'province-built' },
  { code: '441800', slug: 'qingyuan', nameZh: '清远市', nameEn: 'Qingyuan', group: 'province-built' },
  { code: '441900', slug: 'dongguan', nameZh: '东莞市', nameEn: 'Dongguan', group: 'prd' },
  { code: '442000', slug: 'zhongshan', nameZh: '中山市', nameEn: 'Zhongshan', group: 'prd' },
  { code: '445100', slug: 'chaozhou', nameZh: '潮州市', nameEn: 'Chaozhou', group: 'province-built' },
  { code: '445200', slug: 'jieyang', nameZh: '揭阳市', nameEn: 'Jieyang', group: 'province-built' },
  { code: '445300', slug: 'yunfu', nameZh: '云浮市', nameEn: 'Yunfu', group: 'province-built' },
]);

const byCode = new Map(CITIES.map((c) => [c.code, c]));
const bySlug = new Map(CITIES.map((c) => [c.slug, c]));

export function cityByCode(code: string): City | undefined {
  return byCode.get(code);
}

export function cityBySlug(slug: string): City | undefined {
  return bySlug.get(slug);
}
