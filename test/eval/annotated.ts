// The annotated-note markup of test/fixtures/dev-notes (see its README):
//   [[kind:value|surface]]  an entity (kind org, treaty, date, any = org or treaty, opt = optional)
//   ⟦code⟧ or ⟦a|b⟧         a diagnostic expected at that place
// Stripping the markup gives the text the user typed, with gold spans in its offsets.

export interface GoldEntity {
  kind: 'org' | 'treaty' | 'date' | 'any' | 'opt';
  value: string;
  start: number;
  end: number;
  text: string;
}

export interface GoldDiagnostic {
  codes: string[];
  /** Offset in the stripped text where the marker stood. */
  at: number;
  /** The gold entity that ends at the marker, if any: the thing the diagnostic is about. */
  anchor?: GoldEntity;
}

export interface Annotated {
  text: string;
  entities: GoldEntity[];
  diagnostics: GoldDiagnostic[];
}

export function parseAnnotated(source: string): Annotated {
  let text = '';
  const entities: GoldEntity[] = [];
  const diagnostics: GoldDiagnostic[] = [];
  const re = /\[\[(org|treaty|date|any|opt):([^|\]]*)\|([^\]]*)\]\]|⟦([^⟧]*)⟧/g;
  let last = 0;
  for (const m of source.matchAll(re)) {
    text += source.slice(last, m.index!);
    if (m[1]) {
      const start = text.length;
      text += m[3];
      entities.push({ kind: m[1] as GoldEntity['kind'], value: m[2], start, end: text.length, text: m[3] });
    } else {
      const at = text.length;
      diagnostics.push({ codes: m[4].split('|'), at, anchor: entities.find((e) => e.end === at) });
    }
    last = m.index! + m[0].length;
  }
  text += source.slice(last);
  return { text, entities, diagnostics };
}
