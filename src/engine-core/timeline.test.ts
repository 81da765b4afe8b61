import { describe, expect, it } from 'vitest';
import type { LaneSpans, SpanKind } from './trace';
import { coalesce, escapeXml, niceTicks, renderTimeline, type TimelineSpan } from './timeline';
import { describeTimeline, kindsOf, legend } from './timeline-text';

/** Attributes of every element with the given tag, as plain records. */
function elements(svg: string, tag: string): Array<Record<string, string>> {
  return [...svg.matchAll(new RegExp(`<${tag}\\b([^>]*?)/?>`, 'g'))].map((match) =>
    Object.fromEntries([...(match[1] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)].map((attr) => [attr[1], attr[2]])),
  );
}

const spanRects = (svg: string) => elements(svg, 'rect').filter((rect) => rect['class']?.startsWith('pcm-span'));

/**
 * A small well-formedness check (the test environment has no DOM parser): tags nest and close,
 * text holds no raw `<`, and every `&` starts one of the five XML entities.
 */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const token of svg.split(/(<[^>]*>)/)) {
    if (token.startsWith('</')) {
      expect(stack.pop()).toBe(token.slice(2, -1));
    } else if (token.startsWith('<')) {
      expect(token).toMatch(/^<[\w-]+(\s+[\w:-]+="[^"<]*")*\s*\/?>$/);
      if (!token.endsWith('/>')) stack.push(/^<([\w-]+)/.exec(token)?.[1] ?? '');
    } else {
      expect(token).not.toMatch(/[<>]/);
    }
    expect(token.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toContain('&');
  }
  expect(stack).toEqual([]);
  expect(svg.startsWith('<svg ')).toBe(true);
}

const lane = (name: string, spans: Array<[SpanKind, number, number, string?]>): LaneSpans => ({
  name,
  spans: spans.map(([kind, start, end, label]) => ({ kind, start, end, ...(label === undefined ? {} : { label }) })),
});

describe('escapeXml', () => {
  it('escapes markup characters and replaces characters XML cannot hold', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;',
    );
    expect(escapeXml('bell\u0007 tab\t lone\uD800')).toBe('bell\uFFFD tab\t lone\uFFFD');
  });
});

describe('niceTicks', () => {
  it('gives 4 to 6 evenly spaced round ticks from 0 that just cover the maximum', () => {
    for (const max of [0.7, 1, 7, 99, 100, 101, 250, 333, 499, 501, 1000, 1234, 2001, 4999, 86_400_000]) {
      const ticks = niceTicks(max);
      expect(ticks.length).toBeGreaterThanOrEqual(4);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect(ticks[0]).toBe(0);
      const step = ticks[1] ?? 0;
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 2.5, 5]).toContainEqual(Number(mantissa.toPrecision(6)));
      ticks.forEach((tick, i) => expect(tick).toBeCloseTo(i * step, 9));
      const last = ticks.at(-1) ?? 0;
      expect(last).toBeGreaterThanOrEqual(max);
      expect(last - step).toBeLessThan(max);
    }
    expect(niceTicks(500)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(niceTicks(0.6)).toEqual([0, 0.2, 0.4, 0.6]);
  });

  it('falls back to a 1 ms axis for empty or invalid maxima', () => {
    for (const max of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) expect(niceTicks(max).at(-1)).toBe(1);
  });
});

describe('renderTimeline', () => {
  const plotOf = (svg: string) => {
    const axis = elements(svg, 'line').find((line) => line['class'] === 'pcm-timeline__axis-line') ?? {};
    return { left: Number(axis['x1']), width: Number(axis['x2']) - Number(axis['x1']) };
  };

  it('scales rects to the shared axis, so timelines in a comparison line up', () => {
    const lanes = [lane('main', [['run', 0, 100]])];
    const svg = renderTimeline(lanes, { title: 'Run', axisMs: 200, width: 1000 });
    const plot = plotOf(svg);
    const [rect] = spanRects(svg);
    expect(Number(rect?.['x'])).toBeCloseTo(plot.left, 2);
    expect(Number(rect?.['width'])).toBeCloseTo(plot.width / 2, 2);
    // Another run on the same axis draws the same span at the same place.
    const other = renderTimeline(
      [
        lane('other', [
          ['run', 0, 100],
          ['sleep', 100, 190],
        ]),
      ],
      { title: 'B', axisMs: 200, width: 1000 },
    );
    expect(spanRects(other)[0]).toMatchObject({ x: rect?.['x'], width: rect?.['width'] });
    expect(svg).toMatch(/viewBox="0 0 1000 \d+"/);
    expect(svg).toContain('width="100%"');
  });

  it('uses the latest span end without axisMs and labels long axes in seconds', () => {
    const short = renderTimeline([lane('a', [['run', 0, 480]])], { title: 'Short' });
    expect(Number(spanRects(short)[0]?.['width'])).toBeCloseTo(plotOf(short).width * 0.96, 1);
    expect(short).toContain('>500 ms</text>');
    const long = renderTimeline([lane('a', [['run', 0, 4200]])], { title: 'Long' });
    expect(long).toContain('>5 s</text>');
    expect(long).not.toContain(' ms</text>');
  });

  it('escapes lane names and labels from user code', () => {
    const svg = renderTimeline([lane('<script>', [['io', 0, 5, 'read "a" & <b>']])], { title: 'T & <u>' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('read &quot;a&quot; &amp; &lt;b&gt;');
    expect(svg).toContain('T &amp; &lt;u&gt;');
    expectWellFormed(svg);
  });

  it('is labelled for assistive technology with ids unique per call', () => {
    const lanes = [
      lane('main', [
        ['run', 0, 10],
        ['gil-wait', 10, 20],
      ]),
    ];
    const first = renderTimeline(lanes, { title: 'One' });
    const second = renderTimeline(lanes, { title: 'Two' });
    const ids = (svg: string) => [...svg.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(ids(first)).size).toBe(ids(first).length);
    expect(ids(first).filter((id) => ids(second).includes(id))).toEqual([]);
    const [root] = elements(first, 'svg');
    expect(root?.['role']).toBe('img');
    for (const id of [root?.['aria-labelledby'], root?.['aria-describedby']]) expect(ids(first)).toContain(id);
    expect(first).toMatch(/<title id="[^"]+">One<\/title><desc id="[^"]+">main: running 50%/);
    expect(renderTimeline(lanes, { title: 'X', idPrefix: 'cmp 1' })).toContain('id="cmp_1-title"');
  });

  it('gives each rect its kind class, a tooltip and a visible width, with patterns defined once', () => {
    const svg = renderTimeline(
      [
        lane('T1', [
          ['run', 0, 1000],
          ['gil-wait', 1000, 1000.01, 'switch'],
          ['mark', 500, 500],
        ]),
      ],
      {
        title: 'T',
        idPrefix: 'p',
      },
    );
    const rects = spanRects(svg);
    expect(rects.map((rect) => rect['class'])).toEqual([
      'pcm-span pcm-span--run',
      'pcm-span pcm-span--gil-wait',
      'pcm-span pcm-span--mark',
    ]);
    expect(rects.every((rect) => Number(rect['width']) >= 1)).toBe(true);
    expect(rects[1]?.['fill']).toBe('url(#p-gil-wait)');
    expect(svg.match(/<pattern id="p-gil-wait"/g)).toHaveLength(1);
    expect(svg).toContain('<title>T1: waiting for the GIL — switch, 1000–1000.01 ms</title>');
    expectWellFormed(svg);
  });

  it('coalesces a lane of 100,000 GIL switches into a small SVG', () => {
    const spans: Array<[SpanKind, number, number]> = [];
    for (let i = 0; i < 100_000; i++) spans.push([i % 2 ? 'gil-wait' : 'run', i * 0.05, i * 0.05 + 0.05]);
    const svg = renderTimeline([lane('Thread-1', spans), lane('Thread-2', [['run', 0, 5000]])], { title: 'GIL' });
    expect(spanRects(svg).length).toBeLessThan(10);
    expect(svg.length).toBeLessThan(20_000);
    expect(svg).toContain('50000 spans merged');
    expectWellFormed(svg);
  });

  it('renders a valid SVG saying there is nothing to show for empty input', () => {
    for (const lanes of [[], [lane('idle', [])]]) {
      const svg = renderTimeline(lanes, { title: 'Nothing' });
      expectWellFormed(svg);
      expect(svg).toContain('role="img"');
      expect(svg).toContain('Nothing to show');
      expect(spanRects(svg)).toEqual([]);
      expect(svg).not.toContain('NaN');
    }
  });
});

describe('coalesce', () => {
  const alternating = (count: number, ms: number): TimelineSpan[] =>
    Array.from({ length: count }, (_, i) => ({ kind: i % 2 ? 'gil-wait' : 'run', start: i * ms, end: (i + 1) * ms }));

  it('bounds 100,000 alternating spans while keeping the first start and last end', () => {
    const spans = alternating(100_000, 0.05);
    const msPerUnit = 5000 / 600;
    const merged = coalesce(spans, msPerUnit);
    expect(merged.length).toBeLessThanOrEqual(2 * 601);
    expect(merged.length).toBe(2);
    expect(Math.min(...merged.map((span) => span.start))).toBe(0);
    expect(Math.max(...merged.map((span) => span.end))).toBeCloseTo(5000, 6);
    expect(merged.reduce((sum, span) => sum + span.count, 0)).toBe(100_000);
    expect(merged.find((span) => span.kind === 'run')?.busyMs).toBeCloseTo(2500, 6);
  });

  it('keeps spans apart that are separated by at least one unit, and their labels', () => {
    const spans: TimelineSpan[] = [
      { kind: 'run', start: 0, end: 1, label: 'a' },
      { kind: 'run', start: 1.5, end: 2 },
      { kind: 'run', start: 10, end: 11, label: 'c' },
    ];
    expect(coalesce(spans, 1)).toEqual([
      { kind: 'run', start: 0, end: 2, count: 2, busyMs: 1.5 },
      { kind: 'run', start: 10, end: 11, label: 'c', count: 1, busyMs: 1 },
    ]);
  });
});

describe('describeTimeline', () => {
  const lanes = [
    lane('Thread-1', [
      ['run', 0, 40],
      ['gil-wait', 40, 90],
      ['run', 90, 100],
    ]),
    lane('Thread-2', [
      ['spawn', 0, 5],
      ['sleep', 5, 80],
      ['mark', 80, 80],
      ['io', 80, 100],
    ]),
  ];

  it('mentions each lane and the share of each kind that occurs', () => {
    expect(describeTimeline(lanes)).toBe(
      'Thread-1: running 50% of the time (50 ms in 2 slices), waiting for the GIL 50%. ' +
        'Thread-2: sleeping 75% of the time (75 ms in 1 slice), waiting on I/O 20%, starting up 5%, marked 1 time.',
    );
  });

  it('uses the wall time as the base when given, and says when there is nothing', () => {
    expect(describeTimeline(lanes.slice(0, 1), 200)).toBe(
      'Thread-1: running 25% of the time (50 ms in 2 slices), waiting for the GIL 25%.',
    );
    expect(describeTimeline([])).toBe('Nothing to show: no spans were recorded.');
  });
});

describe('legend', () => {
  it('lists each kind that appears once, in a fixed order, with its human name', () => {
    expect(legend(['sleep', 'run', 'sleep', 'gil-wait'])).toEqual([
      { kind: 'run', label: 'running' },
      { kind: 'gil-wait', label: 'waiting for the GIL' },
      { kind: 'sleep', label: 'sleeping' },
    ]);
    expect(
      kindsOf([
        lane('a', [
          ['transfer', 0, 1],
          ['run', 1, 2],
        ]),
      ]),
    ).toEqual(['run', 'transfer']);
  });
});
