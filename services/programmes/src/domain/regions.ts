import { regionNames, type Region, type RegionData } from '@metrodesk/codes';

export type Lang = 'zh-CN' | 'en';

export class Regions {
  private readonly byCode: Map<string, Region>;
  private readonly name: (code: string, lang: Lang) => string;

  constructor(readonly data: RegionData) {
    this.byCode = new Map([data.province, ...data.cities].map((r) => [r.code, r]));
    this.name = regionNames(data);
  }

  get provinceCode(): string {
    return this.data.province.code;
  }

  isCity(code: string): boolean {
    return code !== this.data.province.code && this.byCode.has(code);
  }

  /** A region's name in the reader's language; an unknown code is shown as it is. */
  nameOf(code: string, lang: Lang): string {
    return this.name(code, lang);
  }

  /** A city from what a person typed in a sheet: its code, its Chinese name (with or without 市) or its English name. */
  findCity(text: string): string | null {
    const t = text.trim();
    const lower = t.toLowerCase();
    const hit = this.data.cities.find((c) => c.code === t || c.name === t || c.name.replace(/市$/, '') === t.replace(/市$/, '') || c.nameEn?.toLowerCase() === lower);
    return hit ? hit.code : null;
  }
}
